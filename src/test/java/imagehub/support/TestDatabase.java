package imagehub.support;

import imagehub.db.DatabaseLogin;
import imagehub.db.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded MariaDB per test JVM (started on first use, stopped at exit), handing out a fresh,
 * empty database to every test class that asks, with root's login (the server requires a password).
 */
public final class TestDatabase {
    private static final AtomicInteger counter = new AtomicInteger();
    private static EmbeddedDatabase server;

    private TestDatabase() {
    }

    public static synchronized EmbeddedDatabase server() {
        if (server == null) {
            // Should it die for good, the tests fail on their connections and the log says why.
            server = EmbeddedDatabase.start(Path.of("target", "test-mariadb"), () -> { });
            EmbeddedDatabase started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return server;
    }

    /** A new, empty database and root's login to it. */
    public static DatabaseLogin freshDatabase() {
        return server().createDatabase("it_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet());
    }

    /**
     * The JDBC URL of a new, empty database with root's login in it, so the URL alone reaches the
     * database (the driver prefers the URL's user and password to those passed beside it).
     */
    public static String freshDatabaseUrl() {
        DatabaseLogin login = freshDatabase();
        return login.url() + "?user=" + login.user() + "&password=" + login.password();
    }
}
