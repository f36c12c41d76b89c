package imagehub.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import imagehub.catalog.Platform;
import imagehub.farm.FarmStatus;
import imagehub.farm.ServerStatus;
import imagehub.operation.OperationStatus;
import imagehub.support.TestDatabase;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Statuses and platforms as the production JDBI writes and reads them. */
class TypedValuesTest {
    private static Database database;
    private static Jdbi jdbi;

    @BeforeAll
    static void open() {
        DatabaseLogin login = TestDatabase.freshDatabase();
        database = Database.open(login.url(), login.user(), login.password());
        jdbi = database.jdbi();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void status_defines_in_sql_are_the_enum_names() {
        assertEquals(ServerStatus.TERMINATED.name(), select("<SERVER_TERMINATED>"));
        assertEquals(FarmStatus.RUNNING.name(), select("<FARM_RUNNING>"));
        assertEquals(OperationStatus.RUNNING.name(), select("<OPERATION_RUNNING>"));
        assertEquals(ServerStatus.ACTIVE.stream().map(Enum::name).toList(), jdbi.withHandle(h -> h.createQuery("""
                        SELECT s FROM (SELECT 'PENDING' AS s UNION SELECT 'RUNNING' UNION SELECT 'SUSPENDED'
                          UNION SELECT 'TERMINATED') t WHERE s IN (<SERVER_ACTIVE>) ORDER BY s""")
                .mapTo(String.class).list()));
    }

    @Test
    void a_platform_is_stored_as_its_id_and_read_back_from_it() {
        assertEquals("sandbox", jdbi.withHandle(h -> h.createQuery("SELECT :p").bind("p", Platform.SANDBOX)
                .mapTo(String.class).one()));
        assertEquals(List.of("ec2", "aliyun"), jdbi.withHandle(h -> h.createQuery("SELECT :a UNION ALL SELECT :b")
                .bind("a", Platform.EC2).bind("b", Platform.ALIYUN).mapTo(String.class).list()));
        assertEquals(Platform.ALIYUN, jdbi.withHandle(h -> h.createQuery("SELECT 'aliyun'").mapTo(Platform.class).one()));
        assertNull(jdbi.withHandle(h -> h.createQuery("SELECT NULL").mapTo(Platform.class).one()));
        assertThrows(IllegalStateException.class,
                () -> jdbi.withHandle(h -> h.createQuery("SELECT 'gce'").mapTo(Platform.class).one()));
    }

    private static String select(String expression) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + expression).mapTo(String.class).one());
    }
}
