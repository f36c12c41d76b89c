package imagehub.db;

import imagehub.catalog.Platform;
import imagehub.farm.FarmStatus;
import imagehub.farm.ServerStatus;
import imagehub.operation.OperationStatus;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.spi.JdbiPlugin;

/**
 * How Imagehub's typed values live in SQL, in one place. A {@link Platform} is stored as its {@link Platform#id()}
 * ({@code ec2}); the statuses are stored by enum name (JDBI's default for enums, both ways). SQL text names a
 * status only through a define of this plugin, so every literal comes from its enum:
 * {@code <SERVER_TERMINATED>} is {@code 'TERMINATED'}, {@code <SERVER_ACTIVE>} the list
 * {@code 'PENDING', 'RUNNING', 'SUSPENDED'}, {@code <FARM_RUNNING>} and {@code <OPERATION_RUNNING>} likewise.
 */
public final class TypedValues implements JdbiPlugin {
    @Override
    public void customizeJdbi(Jdbi jdbi) {
        jdbi.registerColumnMapper(Platform.class, platformColumn());
        jdbi.registerArgument(new PlatformArgument());
        defineEach(jdbi, "SERVER", ServerStatus.values());
        jdbi.define("SERVER_ACTIVE", literals(ServerStatus.ACTIVE));
        defineEach(jdbi, "FARM", FarmStatus.values());
        defineEach(jdbi, "OPERATION", OperationStatus.values());
    }

    /** {@code 'A', 'B'}: enum names as SQL string literals (enum names are upper-case letters and underscores). */
    public static String literals(List<? extends Enum<?>> values) {
        return values.stream().map(v -> "'" + v.name() + "'").collect(Collectors.joining(", "));
    }

    private static void defineEach(Jdbi jdbi, String prefix, Enum<?>[] values) {
        Arrays.stream(values).forEach(v -> jdbi.define(prefix + "_" + v.name(), literals(List.of(v))));
    }

    private static ColumnMapper<Platform> platformColumn() {
        return (rs, column, ctx) -> {
            String id = rs.getString(column);
            return id == null ? null : Platform.find(id)
                    .orElseThrow(() -> new IllegalStateException("Unknown platform in the database: " + id));
        };
    }

    private static final class PlatformArgument extends AbstractArgumentFactory<Platform> {
        PlatformArgument() {
            super(java.sql.Types.VARCHAR);
        }

        @Override
        protected Argument build(Platform value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setString(position, value.id());
        }
    }
}
