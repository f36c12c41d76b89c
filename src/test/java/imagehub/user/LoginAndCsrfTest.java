package imagehub.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.support.TestApp;
import imagehub.support.WebClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoginAndCsrfTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    private long acme() {
        return app.context().scopes().findAccountByName("acme").orElseThrow().id();
    }

    private boolean environmentExists(String name) {
        return app.context().scopes().findEnvironmentByName(acme(), name).isPresent();
    }

    @Test
    void wrong_password_gives_no_session() {
        WebClient client = new WebClient(app);
        HttpResponse<String> response = client.login("alice@example.com", "not-her-password");
        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("Wrong email or password"));
        assertEquals(303, client.get("/profile").statusCode(), "still sent to the login page");
    }

    @Test
    void repeated_failures_throttle_the_user_even_with_the_right_password() {
        WebClient client = new WebClient(app);
        for (int i = 0; i < Sessions.MAX_FAILURES_PER_USER; i++) {
            assertEquals(401, client.login("carol@example.com", "wrong-" + i).statusCode());
        }
        HttpResponse<String> response = client.login("carol@example.com", TestApp.DEMO_PASSWORD);
        assertEquals(429, response.statusCode());
        assertTrue(response.body().contains("Too many failed attempts"));
        long failures = app.context().jdbi.withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'login.failure' AND object_name = 'carol@example.com'")
                .mapTo(Long.class).one());
        assertEquals(Sessions.MAX_FAILURES_PER_USER, failures, "each failure is audited");
    }

    @Test
    void a_change_without_or_with_a_wrong_csrf_token_is_refused_and_changes_nothing() {
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        String path = "/accounts/" + acme() + "/environments";
        assertEquals(403, alice.post(path, Map.of("name", "acme-csrf-a"), false).statusCode());
        assertEquals(403, alice.post(path, Map.of("name", "acme-csrf-b", "_csrf", "forged"), false).statusCode());
        assertFalse(environmentExists("acme-csrf-a"));
        assertFalse(environmentExists("acme-csrf-b"));
        assertEquals(303, alice.post(path, Map.of("name", "acme-csrf-c")).statusCode());
        assertTrue(environmentExists("acme-csrf-c"));
    }

    @Test
    void bad_names_and_duplicates_are_shown_in_the_form_and_write_nothing() {
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        String path = "/accounts/" + acme() + "/environments";
        long before = auditCount();
        HttpResponse<String> bad = alice.post(path, Map.of("name", "Not Valid!"));
        assertEquals(422, bad.statusCode());
        assertTrue(bad.body().contains("data-field=\"name\""));
        HttpResponse<String> duplicate = alice.post(path, Map.of("name", "acme-dev"));
        assertEquals(422, duplicate.statusCode());
        assertTrue(duplicate.body().contains("already has an environment named acme-dev"));
        assertEquals(before, auditCount());
    }

    @Test
    void logout_ends_the_session() {
        WebClient bob = WebClient.signedIn(app, "bob@example.com");
        assertEquals(200, bob.get("/profile").statusCode());
        assertEquals(303, bob.post("/logout", Map.of()).statusCode());
        assertEquals(303, bob.get("/profile").statusCode());
    }

    @Test
    void disabled_users_cannot_log_in_and_lose_their_sessions() {
        WebClient admin = WebClient.signedIn(app, TestApp.ADMIN);
        admin.post("/global/settings/users", Map.of("email", "dave@example.com", "name", "Dave",
                "password", "dave-password-1", "role", "admin"));
        WebClient dave = WebClient.signedIn(app, "dave@example.com", "dave-password-1");
        long daveId = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail("dave@example.com")).orElseThrow().id();
        assertEquals(303, admin.post("/users/" + daveId + "/disable", Map.of()).statusCode());
        assertEquals(303, dave.get("/profile").statusCode());
        assertEquals(401, new WebClient(app).login("dave@example.com", "dave-password-1").statusCode());
    }

    private long auditCount() {
        return app.context().jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_log").mapTo(Long.class).one());
    }
}
