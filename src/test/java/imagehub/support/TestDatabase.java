package imagehub.support;

import imagehub.db.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded MariaDB per test JVM (started on first use, stopped at exit), handing out a fresh,
 * empty database to every test class that asks.
 */
public final class TestDatabase {
    private static final AtomicInteger counter = new AtomicInteger();
    private static EmbeddedDatabase server;

    private TestDatabase() {
    }

    public static synchronized EmbeddedDatabase server() {
        if (server == null) {
            server = EmbeddedDatabase.start(Path.of("target", "test-mariadb"));
            EmbeddedDatabase started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return server;
    }

    /** The JDBC URL of a new, empty database (user root, no password). */
    public static String freshDatabaseUrl() {
        return server().jdbcUrl("it_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet());
    }
}
