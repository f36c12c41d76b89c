package imagehub.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.support.AppProcess;
import imagehub.support.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.io.file.PathUtils;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The real {@code main} in its own JVM: embedded database, restarts, SIGTERM, failing migrations. */
class EmbeddedDatabaseTest {
    private static final Duration START = Duration.ofSeconds(90);

    @ParameterizedTest(name = "data dir under {0}")
    @ValueSource(strings = {"target", "/tmp"})
    void data_survives_a_restart_on_the_same_data_dir(String parent) throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of(parent)), "imagehub-data-");
        Map<String, String> env = Map.of("IMAGEHUB_PORT", "0", "IMAGEHUB_DATA_DIR", dataDir.toString(),
                "IMAGEHUB_DEMO", "true", "IMAGEHUB_DEMO_PASSWORD", "demo-password-1");
        try {
            startStopAndRestart(dataDir, env);
        } finally {
            // The data dir holds a whole MariaDB (~450 MB): it goes once the test is done.
            PathUtils.deleteDirectory(dataDir);
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

        Map<String, String> withoutDemo = new HashMap<>(env);
        withoutDemo.remove("IMAGEHUB_DEMO");
        try (AppProcess second = AppProcess.start(withoutDemo)) {
            int port = second.awaitPort(START);
            assertEquals(303, login(port, "alice@example.com", "demo-password-1").statusCode(),
                    "the demo user written by the first run is there");
            second.terminate();
        }
    }

    @Test
    void a_failing_migration_stops_the_start_with_its_message() throws Exception {
        String url = TestDatabase.freshDatabaseUrl();
        Flyway.configure().dataSource(url, "root", "").locations("classpath:db/migration").target("1").load().migrate();
        try (var connection = DriverManager.getConnection(url, "root", "")) {
            connection.createStatement().execute("CREATE TABLE accounts (id INT PRIMARY KEY)");
        }
        Map<String, String> env = Map.of("IMAGEHUB_PORT", "0", "IMAGEHUB_DB_URL", url,
                "IMAGEHUB_DB_USER", "root", "IMAGEHUB_DATA_DIR", Path.of("target", "test-data").toAbsolutePath().toString());
        try (AppProcess app = AppProcess.start(env)) {
            int exit = app.awaitExit(START);
            assertNotEquals(0, exit);
            String output = app.output();
            assertTrue(output.contains("Database migration failed"), output);
            assertTrue(output.contains("accounts"), output);
            assertTrue(!output.contains("listening on"), "the web server never started");
        }
    }

    /** Logs in through the form (CSRF cookie included) and returns the form's answer. */
    private static HttpResponse<String> login(int port, String email, String password) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        String page = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(csrf.find());
        String form = "_csrf=" + csrf.group(1) + "&email=" + email.replace("@", "%40") + "&password=" + password;
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
