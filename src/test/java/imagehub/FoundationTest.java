package imagehub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.demo.DemoData;
import imagehub.support.TestApp;
import imagehub.support.TestDatabase;
import imagehub.support.WebClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FoundationTest {
    private static final String DB_URL = TestDatabase.freshDatabaseUrl();
    private static final Path DATA_DIR = Path.of("target", "test-data", "foundation-" + System.nanoTime());

    @RegisterExtension
    // No scheduler: the first freshness snapshot, taken in the background, would race the seeding test's counts.
    static final TestApp app = new TestApp().withDemo().withoutScheduler()
            .with("IMAGEHUB_DB_URL", DB_URL)
            .with("IMAGEHUB_DATA_DIR", DATA_DIR.toAbsolutePath().toString());

    @Test
    void health_answers_ok_when_the_database_answers() {
        HttpResponse<String> response = app.get("/healthz");
        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"ok\",\"db\":\"ok\"}", response.body().replace(" ", ""));
    }

    @Test
    void external_database_is_used_and_no_embedded_one_starts() throws Exception {
        assertFalse(app.context().database.jdbi().withHandle(h -> h.select("SELECT DATABASE()").mapTo(String.class).one()).isEmpty());
        try (var connection = DriverManager.getConnection(DB_URL, "root", "");
                var rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success")) {
            rows.next();
            assertTrue(rows.getInt(1) >= 2, "migrations ran on the configured database");
        }
        assertFalse(Files.exists(DATA_DIR.resolve("mariadb")), "no embedded data dir was created");
    }

    @Test
    void first_page_is_served_in_the_layout() {
        assertEquals(303, app.get("/").statusCode(), "the start page asks for a login first");
        HttpResponse<String> response = app.get("/login");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").contains("charset=utf-8"));
        assertTrue(response.body().contains("htmx.min.js"));
        assertTrue(response.body().contains("Log in to Imagehub"));
    }

    @Test
    void unknown_pages_answer_404_in_the_layout() {
        HttpResponse<String> response = WebClient.signedIn(app, TestApp.ADMIN).get("/no/such/page");
        assertEquals(404, response.statusCode());
        assertTrue(response.body().contains("class=\"footer\""));
        assertTrue(response.body().contains("Not found"));
    }

    @Test
    void static_assets_and_htmx_are_served_with_cache_headers() {
        HttpResponse<String> css = app.get("/static/css/app.css");
        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Cache-Control").orElse("").contains("max-age"));
        HttpResponse<String> htmx = app.get("/webjars/htmx.org/2.0.10/dist/htmx.min.js");
        assertEquals(200, htmx.statusCode());
        assertTrue(htmx.headers().firstValue("Cache-Control").orElse("").contains("max-age"));
    }

    @Test
    void seeding_the_demo_twice_creates_nothing_twice() {
        AppContext context = app.context();
        List<Integer> before = counts(context);
        new DemoData(context).seed();
        new DemoData(context).seed();
        assertEquals(before, counts(context));
        assertEquals(List.of("acme", "globex"), context.scopes().listAccounts().stream().map(a -> a.name()).toList());
        assertEquals(4, context.scopes().listEnvironments().size());
    }

    private static List<Integer> counts(AppContext context) {
        return context.jdbi.withHandle(h -> {
            List<String> tables = h.createQuery("""
                    SELECT table_name FROM information_schema.tables
                    WHERE table_schema = DATABASE() AND table_name NOT IN ('flyway_schema_history', 'scheduled_tasks')
                    ORDER BY table_name""").mapTo(String.class).list();
            return tables.stream()
                    .map(table -> h.createQuery("SELECT COUNT(*) FROM `" + table + "`").mapTo(Integer.class).one())
                    .toList();
        });
    }
}
