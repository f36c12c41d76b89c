package imagehub.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.support.ApiClient;
import imagehub.support.Fixtures;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The members and keys pages keep to the same rules as the API; password changes end other sessions. */
class UserPagesSecurityTest {
    private static final String PASSWORD = "person-password-1";

    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    private static long acme;
    private static long acmeDev;
    private static long globexProd;

    @BeforeAll
    static void scopes() {
        var scopes = app.context().scopes();
        acme = scopes.findAccountByName("acme").orElseThrow().id();
        acmeDev = scopes.findEnvironmentByName(acme, "acme-dev").orElseThrow().id();
        long globex = scopes.findAccountByName("globex").orElseThrow().id();
        globexProd = scopes.findEnvironmentByName(globex, "globex-prod").orElseThrow().id();
    }

    @Test
    void account_admin_cannot_mint_keys_for_a_global_admin_service_account_through_the_portal() {
        String name = Fixtures.unique("portal-root");
        User root = app.context().users.createServiceAccount(Viewer.system(), ScopeRef.GLOBAL, name, "admin");
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        assertEquals(404, alice.get("/users/" + root.id() + "/api-keys").statusCode());
        assertEquals(404, alice.post("/users/" + root.id() + "/api-keys", Map.of("name", "mine")).statusCode());

        // Adding an existing account by email is the form's documented behaviour: it gets the grant, nothing more.
        HttpResponse<String> added = alice.post("/accounts/" + acme + "/settings/users",
                Map.of("email", root.email(), "role", "admin"));
        assertEquals(303, added.statusCode());
        String row = memberRow(alice.get("/accounts/" + acme + "/settings/users").body(), root.email());
        assertTrue(row.contains("Account admin"));
        assertFalse(row.contains("Global admin"), "the Global grant stays hidden: " + row);
        assertFalse(row.contains("API keys"), "no keys link for a user alice does not manage");

        assertEquals(403, alice.get("/users/" + root.id() + "/api-keys").statusCode());
        assertEquals(403, alice.post("/users/" + root.id() + "/api-keys", Map.of("name", "mine")).statusCode());
        assertEquals(403, alice.post("/users/" + root.id() + "/disable", Map.of()).statusCode());
        assertEquals(0L, count("SELECT COUNT(*) FROM api_keys WHERE user_id = " + root.id()), "no key was minted");
        assertEquals(0L, count("SELECT COUNT(*) FROM users WHERE disabled AND id = " + root.id()));
        assertEquals(0L, count("SELECT COUNT(*) FROM audit_log WHERE action = 'grant.set' AND object_id = '" + root.id()
                + "' AND scope_level = 'ACCOUNT' AND after_json LIKE '%GLOBAL%'"), "the audit entry of acme shows acme's grants only");

        ApiClient aliceApi = apiClient("alice@example.com");
        var body = aliceApi.get("/api/v1beta0/global/users/" + root.id() + "/").data();
        assertEquals(1, body.path("grants").size());
        assertEquals("account", body.path("grants").get(0).path("scope").path("level").asText());
        assertEquals(403, aliceApi.post("/api/v1beta0/global/users/" + root.id() + "/api-keys/", "{\"name\":\"x\"}").status());
    }

    @Test
    void adding_an_existing_person_by_email_shows_only_the_grants_in_the_scope() {
        String email = Fixtures.unique("hal") + "@example.com";
        app.context().users.addMember(Viewer.system(), ScopeRef.environment(globexProd),
                new UserService.NewMember(email, "Hal", PASSWORD, "operator"));
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        assertEquals(303, alice.post("/envs/" + acmeDev + "/settings/users", Map.of("email", email, "role", "read-only"))
                .statusCode());
        String row = memberRow(alice.get("/accounts/" + acme + "/settings/users").body(), email);
        assertTrue(row.contains("Environment read-only"));
        assertFalse(row.contains("operator"), "hal's globex grant is not shown: " + row);
        assertFalse(row.contains("environment " + globexProd));
        assertFalse(row.contains("Disable"), "alice does not manage hal, who also works for globex");
    }

    @Test
    void account_admin_cannot_disable_or_delete_a_member_with_a_grant_in_another_account_but_can_one_inside() {
        long outside = person(acmeDev).id();
        app.context().users.setGrant(Viewer.system(), outside, ScopeRef.environment(globexProd), "read-only");
        long inside = person(acmeDev).id();
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        String back = "/accounts/" + acme + "/settings/users";

        assertEquals(403, alice.post("/users/" + outside + "/disable", Map.of("back", back)).statusCode());
        assertEquals(403, alice.post("/users/" + outside + "/delete", Map.of("back", back)).statusCode());
        assertEquals(1L, count("SELECT COUNT(*) FROM users WHERE NOT disabled AND id = " + outside));

        HttpResponse<String> disabled = alice.post("/users/" + inside + "/disable", Map.of("back", back));
        assertEquals(303, disabled.statusCode());
        assertEquals(back, disabled.headers().firstValue("Location").orElseThrow());
        assertEquals(1L, count("SELECT COUNT(*) FROM users WHERE disabled AND id = " + inside));
        assertEquals(303, alice.post("/users/" + inside + "/delete", Map.of("back", back)).statusCode());
        assertEquals(0L, count("SELECT COUNT(*) FROM users WHERE id = " + inside));
    }

    @Test
    void account_admin_mints_keys_for_a_service_account_whose_grants_are_all_in_its_account() {
        String name = Fixtures.unique("acme-ci");
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        HttpResponse<String> created = alice.post("/accounts/" + acme + "/settings/service-accounts",
                Map.of("name", name, "role", "admin"));
        assertEquals(303, created.statusCode());
        String keys = created.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> minted = alice.post(keys, Map.of("name", "jenkins"));
        assertEquals(201, minted.statusCode());
        assertTrue(minted.body().contains("id=\"new-key-secret\""));
        String row = memberRow(alice.get("/accounts/" + acme + "/settings/users").body(), name + UserService.SERVICE_DOMAIN);
        assertTrue(row.contains("API keys") && row.contains("Disable"), "alice manages it: " + row);
    }

    @Test
    void changing_the_password_ends_the_other_sessions_and_keeps_its_own() {
        User ivy = person(acmeDev);
        WebClient here = WebClient.signedIn(app, ivy.email(), PASSWORD);
        WebClient elsewhere = WebClient.signedIn(app, ivy.email(), PASSWORD);
        assertEquals(303, here.post("/profile/password", Map.of("current", PASSWORD, "password", "ivy-new-password-1"))
                .statusCode());
        assertEquals(200, here.get("/profile").statusCode(), "the session that changed it stays");
        assertEquals(303, elsewhere.get("/profile").statusCode(), "the other one is logged out");
        assertEquals(303, new WebClient(app).login(ivy.email(), "ivy-new-password-1").statusCode());
    }

    @Test
    void a_password_reset_by_an_admin_ends_every_session_of_the_user() {
        User jo = person(acmeDev);
        WebClient session = WebClient.signedIn(app, jo.email(), PASSWORD);
        ApiClient.Answer reset = apiClient("alice@example.com").patch("/api/v1beta0/global/users/" + jo.id() + "/",
                "{\"password\":\"jo-new-password-1\"}");
        assertEquals(200, reset.status());
        assertEquals(303, session.get("/profile").statusCode());
        assertEquals(401, new WebClient(app).login(jo.email(), PASSWORD).statusCode());
        assertEquals(303, new WebClient(app).login(jo.email(), "jo-new-password-1").statusCode());
    }

    @Test
    void the_keys_page_shows_when_a_key_was_last_used() {
        User bot = app.context().users.createServiceAccount(Viewer.system(), ScopeRef.account(acme),
                Fixtures.unique("shown-bot"), "admin");
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), bot.id(), "ci");
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        assertTrue(alice.get("/users/" + bot.id() + "/api-keys").body().contains("<td class=\"last-used\">never</td>"));
        assertEquals(200, new ApiClient(app, key.key().keyId(), key.secret())
                .get("/api/v1beta0/account/" + acme + "/environments/").status());
        String page = alice.get("/users/" + bot.id() + "/api-keys").body();
        assertFalse(page.contains("<td class=\"last-used\">never</td>"), "the use is shown");
        assertTrue(page.contains("<td class=\"last-used\">20"));
    }

    private static User person(long envId) {
        return app.context().users.addMember(Viewer.system(), ScopeRef.environment(envId),
                new UserService.NewMember(Fixtures.unique("member") + "@example.com", "Member", PASSWORD, "read-only"));
    }

    private static ApiClient apiClient(String email) {
        long id = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "tests");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    /** The members table row of {@code email}. */
    private static String memberRow(String page, String email) {
        Matcher row = Pattern.compile("<tr data-email=\"" + Pattern.quote(email) + "\">(.*?)</tr>", Pattern.DOTALL).matcher(page);
        assertTrue(row.find(), email + " is listed");
        return row.group(1);
    }

    private static long count(String sql) {
        return app.context().jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
