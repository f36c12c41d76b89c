package imagehub.support;

import imagehub.App;
import imagehub.AppContext;
import imagehub.Config;
import imagehub.db.DatabaseLogin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole app on a random port and a fresh database, configured through {@link Config#from} exactly
 * like {@code main}. Register as a static {@code @RegisterExtension} field: one app per test class.
 */
public final class TestApp implements BeforeAllCallback, AfterAllCallback {
    public static final String DEMO_PASSWORD = "demo-password-1";
    public static final String ADMIN = "admin@example.com";

    private final Map<String, String> env = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private App app;

    public TestApp() {
        env.put("IMAGEHUB_PORT", "0");
        env.put("IMAGEHUB_ADMIN_EMAIL", ADMIN);
        env.put("IMAGEHUB_ADMIN_PASSWORD", DEMO_PASSWORD);
    }

    /** Seeds the sandbox demo data (with {@link #DEMO_PASSWORD} for its users). */
    public TestApp withDemo() {
        env.put("IMAGEHUB_DEMO", "true");
        env.put("IMAGEHUB_DEMO_PASSWORD", DEMO_PASSWORD);
        return this;
    }

    /**
     * Starts no scheduler: for test classes that need none of the scheduled work (the scaler, the server
     * operation driver, the deprecation job, freshness snapshots, the signature purge).
     */
    public TestApp withoutScheduler() {
        env.put("IMAGEHUB_SCHEDULER", "false");
        return this;
    }

    public TestApp with(String key, String value) {
        env.put(key, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Map<String, String> settings = new HashMap<>(env);
        if (!settings.containsKey("IMAGEHUB_DB_URL")) {
            DatabaseLogin login = TestDatabase.freshDatabase();
            settings.put("IMAGEHUB_DB_URL", login.url());
            settings.put("IMAGEHUB_DB_USER", login.user());
            settings.put("IMAGEHUB_DB_PASSWORD", login.password());
        }
        settings.putIfAbsent("IMAGEHUB_DATA_DIR",
                Files.createDirectories(Path.of("target", "test-data")).toAbsolutePath().toString());
        app = App.start(Config.from(settings));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (app != null) {
            app.close();
        }
    }

    public AppContext context() {
        return app.context();
    }

    public String baseUrl() {
        return "http://localhost:" + app.port();
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
