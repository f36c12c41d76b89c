package imagehub.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.support.ApiClient;
import imagehub.support.TcpProxy;
import imagehub.support.TestApp;
import imagehub.support.TestDatabase;
import imagehub.support.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An external database that goes away: pages and the API answer 503 quickly (not a 500, not a hang),
 * and everything works again by itself once the database is back.
 */
class DatabaseOutageTest {
    private static final String KEY = "APIKOUTAGE0000000001";
    private static final String SECRET = "outage-secret-for-tests-0001";
    private static final DatabaseLogin login = TestDatabase.freshDatabase();
    private static final TcpProxy proxy = proxyTo(login);

    @RegisterExtension
    static final TestApp app = new TestApp()
            .with("IMAGEHUB_DB_URL", login.url().replaceFirst(":\\d+/", ":" + proxy.port() + "/"))
            .with("IMAGEHUB_DB_USER", login.user())
            .with("IMAGEHUB_DB_PASSWORD", login.password())
            .with("IMAGEHUB_BOOTSTRAP_API_KEY", KEY + ":" + SECRET);

    private static TcpProxy proxyTo(DatabaseLogin login) {
        try {
            return new TcpProxy(URI.create(login.url().substring("jdbc:".length())).getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void closeProxy() throws IOException {
        proxy.close();
    }

    @Test
    void while_the_database_is_away_answers_are_503_and_it_recovers_by_itself() throws Exception {
        WebClient admin = WebClient.signedIn(app, TestApp.ADMIN);
        ApiClient api = new ApiClient(app, KEY, SECRET);
        assertEquals(200, admin.get("/global").statusCode());
        assertEquals(200, api.get("/api/v1beta0/global/accounts/").status());

        proxy.cut();
        long started = System.nanoTime();
        HttpResponse<String> page = admin.get("/global");
        assertEquals(503, page.statusCode(), page.body());
        assertTrue(page.body().contains("Database unavailable"), page.body());
        ApiClient.Answer answer = api.get("/api/v1beta0/global/accounts/");
        assertEquals(503, answer.status(), String.valueOf(answer.body()));
        assertEquals("ServiceUnavailable", answer.errorCode());
        assertEquals(503, app.get("/healthz").statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 30, "each answer came within the pool's timeout");

        proxy.restore();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (app.get("/healthz").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(200, app.get("/healthz").statusCode());
        assertEquals(200, admin.get("/global").statusCode(), "the session outlived the outage");
        assertEquals(200, api.get("/api/v1beta0/global/accounts/").status());
    }
}
