package imagehub.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.SerializableTransactionRunner;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** The connection pool, JDBI on top of it, and the migrations that bring the schema up to date. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final TableWrites writes = new TableWrites("images");

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()).installPlugin(new TypedValues());
        // Every write path runs through jdbi transactions: deadlock victims run again, contention answers 409.
        RetryingTransactionHandler.configure(jdbi.getConfig(SerializableTransactionRunner.Configuration.class));
        jdbi.setTransactionHandler(new RetryingTransactionHandler(writes));
        jdbi.setSqlLogger(writes);
    }

    /** Opens a pool on {@code url}; all times are read and written in UTC whatever the JVM's zone. */
    public static Database open(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(withSessionDefaults(url));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(12);
        config.setPoolName("imagehub");
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(5_000);
        try {
            return new Database(new HikariDataSource(config));
        } catch (RuntimeException e) {
            throw new DatabaseException("Could not open the database at " + url + ": " + e.getMessage(), e);
        }
    }

    private static String withSessionDefaults(String url) {
        String separator = url.contains("?") ? "&" : "?";
        return url.contains("connectionTimeZone") ? url
                : url + separator + "connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";
    }

    /** The writes this node makes to the tables whose derived figures are kept (the images). */
    public TableWrites writes() {
        return writes;
    }

    /** Applies every pending migration from {@code db/migration}; a failing one stops the start. */
    public void migrate() {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new DatabaseException("Database migration failed: " + e.getMessage(), e);
        }
    }

    /** Whether the database answers a trivial query within two seconds; the reason when it does not. */
    public Health health() {
        try (var connection = dataSource.getConnection()) {
            return connection.isValid(2) ? new Health(true, "ok") : new Health(false, "no answer within 2 s");
        } catch (SQLException e) {
            return new Health(false, e.getMessage());
        }
    }

    public record Health(boolean ok, String detail) {
    }

    /**
     * Whether {@code failure} comes from not reaching the database at all (no connection within the
     * pool's timeout, a connection lost): the request can succeed later, so it is a 503, not a bug.
     */
    public static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // SQLState class 08 is "connection exception"; the pool's own timeout may carry no state at all.
            // Connector/J also uses SQLTransientConnectionException for states it does not know, such as a
            // trigger's SIGNAL '45000': those are not about reaching the database.
            if (t instanceof SQLException sql && (sql.getSQLState() == null
                    ? t instanceof SQLTransientConnectionException : sql.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
