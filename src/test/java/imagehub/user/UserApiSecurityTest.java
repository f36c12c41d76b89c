package imagehub.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import imagehub.access.Viewer;
import imagehub.support.ApiClient;
import imagehub.support.Fixtures;
import imagehub.support.TestApp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The user API under {@code /api/v1beta0/global/users/}: who may see and manage which user (an admin
 * of EVERY scope the user holds a grant in), rights before input, validation, paging and lastUsed.
 */
class UserApiSecurityTest {
    private static final String USERS = "/api/v1beta0/global/users/";

    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    private static final Map<String, ApiClient> clients = new HashMap<>();
    private static long acme;
    private static long acmeDev;
    private static long globexProd;

    @BeforeAll
    static void keys() {
        for (String user : new String[] {TestApp.ADMIN, "alice@example.com", "bob@example.com", "carol@example.com"}) {
            clients.put(user.substring(0, user.indexOf('@')), client(idOf(user)));
        }
        var scopes = app.context().scopes();
        acme = scopes.findAccountByName("acme").orElseThrow().id();
        acmeDev = scopes.findEnvironmentByName(acme, "acme-dev").orElseThrow().id();
        long globex = scopes.findAccountByName("globex").orElseThrow().id();
        globexProd = scopes.findEnvironmentByName(globex, "globex-prod").orElseThrow().id();
    }

    @Test
    void account_admin_cannot_grant_and_mint_keys_for_a_global_admin_service_account() {
        long root = created(admin().post(USERS, service(Fixtures.unique("root-bot"), "{\"level\":\"scalr\"}", "admin")));
        ApiClient alice = clients.get("alice");

        assertEquals(404, alice.post(USERS + root + "/grants/", grant("environment", acmeDev, "read-only")).status());
        assertEquals(404, alice.post(USERS + root + "/api-keys/", "{\"name\":\"mine\"}").status());
        assertEquals(404, alice.get(USERS + root + "/").status());
        assertEquals(404, alice.get(USERS + root + "/grants/").status());
        assertEquals(404, alice.get(USERS + root + "/api-keys/").status());
        assertEquals(404, alice.patch(USERS + root + "/", "{\"disabled\":true}").status());
        assertEquals(404, alice.delete(USERS + root + "/").status());

        assertEquals(List.of("GLOBAL"), grantLevels(root), "no grant was added");
        assertEquals(0, count("SELECT COUNT(*) FROM api_keys WHERE user_id = " + root), "no key was minted");
        assertFalse(ids(alice.get(USERS)).contains(root), "alice's users list leaves it out");
    }

    @Test
    void account_admin_cannot_disable_delete_or_key_a_user_who_also_holds_a_grant_in_another_account() {
        long dan = created(admin().post(USERS, person(Fixtures.unique("dan") + "@example.com", "environment", acmeDev, "operator")));
        assertEquals(201, admin().post(USERS + dan + "/grants/", grant("environment", globexProd, "read-only")).status());
        ApiClient alice = clients.get("alice");

        JsonNode seen = alice.get(USERS + dan + "/").data();
        assertEquals(1, seen.path("grants").size(), "the globex grant is not shown to acme's admin");
        assertEquals(acmeDev, seen.path("grants").get(0).path("scope").path("id").asLong());
        ApiClient.Answer grants = alice.get(USERS + dan + "/grants/");
        assertEquals(1, grants.data().size());
        assertEquals(acmeDev, grants.data().get(0).path("scope").path("id").asLong());

        assertEquals(403, alice.patch(USERS + dan + "/", "{\"disabled\":true}").status());
        assertEquals(403, alice.patch(USERS + dan + "/", "{\"password\":\"new-password-123\"}").status());
        assertEquals(403, alice.delete(USERS + dan + "/").status());
        assertEquals(403, alice.post(USERS + dan + "/api-keys/", "{\"name\":\"as-dan\"}").status());
        assertEquals(403, alice.get(USERS + dan + "/api-keys/").status());
        assertEquals(0, count("SELECT COUNT(*) FROM users WHERE disabled AND id = " + dan));
        assertEquals(0, count("SELECT COUNT(*) FROM api_keys WHERE user_id = " + dan));

        assertEquals(200, admin().patch(USERS + dan + "/", "{\"disabled\":true}").status(), "a Global admin may");
        assertEquals(1, count("SELECT COUNT(*) FROM users WHERE disabled AND id = " + dan));
    }

    @Test
    void account_admin_manages_a_service_account_whose_grants_are_all_in_its_account() {
        ApiClient alice = clients.get("alice");
        long bot = created(alice.post(USERS, service(Fixtures.unique("deployer"), "{\"level\":\"account\",\"id\":" + acme + "}", "admin")));
        assertEquals(201, alice.post(USERS + bot + "/grants/", grant("environment", acmeDev, "operator")).status());

        ApiClient.Answer key = alice.post(USERS + bot + "/api-keys/", "{\"name\":\"ci\"}");
        assertEquals(201, key.status());
        ApiClient botClient = new ApiClient(app, key.data().path("keyId").asText(), key.data().path("secret").asText());
        assertEquals(200, botClient.get("/api/v1beta0/account/" + acme + "/environments/").status());
        assertEquals(1, alice.get(USERS + bot + "/api-keys/").data().size());
        assertEquals(204, alice.delete(USERS + bot + "/api-keys/" + key.data().path("keyId").asText() + "/").status());
        assertEquals(200, alice.patch(USERS + bot + "/", "{\"disabled\":true}").status());
        assertEquals(204, alice.delete(USERS + bot + "/").status());
        assertEquals(0, count("SELECT COUNT(*) FROM users WHERE id = " + bot));
    }

    @Test
    void a_user_without_any_grant_is_managed_by_global_admins_only() {
        long eve = created(admin().post(USERS, person(Fixtures.unique("eve") + "@example.com", "account", acme, "admin")));
        long grantId = admin().get(USERS + eve + "/grants/").data().get(0).path("id").asLong();
        assertEquals(204, clients.get("alice").delete(USERS + eve + "/grants/" + grantId + "/").status());

        assertEquals(404, clients.get("alice").get(USERS + eve + "/").status(), "out of alice's reach now");
        assertEquals(404, clients.get("alice").delete(USERS + eve + "/").status());
        assertEquals(204, admin().delete(USERS + eve + "/").status());
    }

    @Test
    void a_key_of_another_user_or_a_grant_of_another_user_is_not_found_under_this_user() {
        long bot = created(admin().post(USERS, service(Fixtures.unique("other-bot"), "{\"level\":\"account\",\"id\":" + acme + "}", "admin")));
        String keyId = admin().post(USERS + bot + "/api-keys/", "{\"name\":\"k\"}").data().path("keyId").asText();
        long aliceId = idOf("alice@example.com");
        assertEquals(404, admin().delete(USERS + aliceId + "/api-keys/" + keyId + "/").status());
        long botGrant = admin().get(USERS + bot + "/grants/").data().get(0).path("id").asLong();
        assertEquals(404, admin().delete(USERS + aliceId + "/grants/" + botGrant + "/").status());
        assertEquals(1, count("SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL AND key_id = '" + keyId + "'"));
        assertEquals(1, count("SELECT COUNT(*) FROM grants WHERE id = " + botGrant));
    }

    @Test
    void callers_without_rights_get_404_before_their_body_is_read() {
        ApiClient bob = clients.get("bob");
        ApiClient carol = clients.get("carol");
        long aliceId = idOf("alice@example.com");
        assertEquals(404, bob.get(USERS).status(), "bob manages no scope");
        assertEquals(404, bob.post(USERS, "{\"kind\":7,\"unknown\":true}").status());
        assertEquals(404, carol.post(USERS + aliceId + "/grants/", "{\"scope\":\"nonsense\"}").status());
        assertEquals(404, carol.post(USERS + aliceId + "/api-keys/", "{\"bad\":1}").status());
        assertEquals(404, carol.patch(USERS + aliceId + "/", "{\"disabled\":\"maybe\"}").status());
        assertEquals(404, carol.get("/api/v1beta0/global/accounts/").status());
        assertEquals(404, carol.post("/api/v1beta0/global/accounts/", "{\"name\":7}").status());
        assertEquals(404, bob.post("/api/v1beta0/account/" + acme + "/environments/", "{\"name\":7}").status());
    }

    @Test
    void user_creation_refuses_a_missing_role_an_unknown_kind_wrong_types_and_an_existing_email() {
        ApiClient admin = admin();
        String email = Fixtures.unique("fred") + "@example.com";
        String scope = "{\"level\":\"account\",\"id\":" + acme + "}";
        assertEquals("InvalidStructure", admin.post(USERS, """
                {"email":"%s","password":"fred-password-1","scope":%s}""".formatted(email, scope)).errorCode());
        assertEquals("InvalidValue", admin.post(USERS, """
                {"kind":"robot","email":"%s","password":"fred-password-1","scope":%s,"role":"admin"}""".formatted(email, scope)).errorCode());
        assertEquals(400, admin.post(USERS, """
                {"email":"%s","name":5,"password":"fred-password-1","scope":%s,"role":"admin"}""".formatted(email, scope)).status());
        assertEquals(400, admin.post(USERS, """
                {"email":"%s","password":"fred-password-1","scope":{"level":"account","id":"%d"},"role":"admin"}""".formatted(email, acme)).status());
        assertEquals(400, admin.post(USERS, """
                {"email":"%s","password":"fred-password-1","scope":%s,"role":true}""".formatted(email, scope)).status());
        assertEquals(400, admin.post(USERS, """
                {"email":"%s","password":null,"scope":%s,"role":"admin"}""".formatted(email, scope)).status());
        assertEquals(0, count("SELECT COUNT(*) FROM users WHERE email = '" + email + "'"), "nothing was created");

        long grantsBefore = count("SELECT COUNT(*) FROM grants");
        ApiClient.Answer existing = admin.post(USERS, """
                {"email":"alice@example.com","name":"Someone Else","password":"other-password-1","scope":{"level":"environment","id":%d},"role":"operator"}"""
                .formatted(globexProd));
        assertEquals(409, existing.status());
        assertEquals("UnicityViolation", existing.errorCode());
        assertEquals(grantsBefore, count("SELECT COUNT(*) FROM grants"), "no grant slipped in");
        assertEquals(1, count("SELECT COUNT(*) FROM users WHERE email = 'alice@example.com' AND name = 'Alice (acme admin)'"));

        long aliceId = idOf("alice@example.com");
        assertEquals("InvalidStructure", admin.post(USERS + aliceId + "/grants/", """
                {"scope":{"level":"environment","id":%d}}""".formatted(globexProd)).errorCode(), "a grant needs its role");
        assertEquals(grantsBefore, count("SELECT COUNT(*) FROM grants"));
        assertEquals(400, admin.patch(USERS + aliceId + "/", "{\"disabled\":\"yes\"}").status());
    }

    @Test
    void the_users_list_is_paged_with_the_right_total_and_links() {
        for (int i = 0; i < 3; i++) {
            created(admin().post(USERS, person(Fixtures.unique("page") + "@example.com", "environment", acmeDev, "read-only")));
        }
        long total = count("SELECT COUNT(*) FROM users");
        ApiClient.Answer first = admin().get(USERS + "?maxResults=2");
        assertEquals(2, first.data().size());
        long lastPage = (total + 1) / 2;
        assertEquals(USERS + "?maxResults=2&pageNum=2", first.body().path("pagination").path("next").asText());
        assertEquals(USERS + "?maxResults=2&pageNum=" + lastPage, first.body().path("pagination").path("last").asText());
        ApiClient.Answer last = admin().get(USERS + "?maxResults=2&pageNum=" + lastPage);
        assertEquals(total - 2 * (lastPage - 1), last.data().size());
        assertTrue(last.body().path("pagination").path("next").isNull());

        List<Long> everyone = new ArrayList<>();
        for (long page = 1; page <= lastPage; page++) {
            everyone.addAll(ids(admin().get(USERS + "?maxResults=2&pageNum=" + page)));
        }
        assertEquals(total, everyone.stream().distinct().count(), "the pages hold every user once");

        List<Long> alices = ids(clients.get("alice").get(USERS));
        assertTrue(alices.contains(idOf("bob@example.com")));
        assertFalse(alices.contains(idOf("carol@example.com")), "carol holds no grant in acme");
        assertFalse(alices.contains(idOf(TestApp.ADMIN)));
        for (JsonNode user : clients.get("alice").get(USERS).data()) {
            for (JsonNode grant : user.path("grants")) {
                assertTrue(inAcme(grant.path("scope")), "alice sees acme grants only: " + grant);
            }
        }
    }

    @Test
    void a_users_grants_are_paged() {
        long gil = created(admin().post(USERS, person(Fixtures.unique("gil") + "@example.com", "environment", acmeDev, "read-only")));
        assertEquals(201, admin().post(USERS + gil + "/grants/", grant("environment", globexProd, "operator")).status());
        ApiClient.Answer page = admin().get(USERS + gil + "/grants/?maxResults=1");
        assertEquals(1, page.data().size());
        assertEquals(USERS + gil + "/grants/?maxResults=1&pageNum=2", page.body().path("pagination").path("last").asText());
        assertEquals(1, admin().get(USERS + gil + "/grants/?maxResults=1&pageNum=2").data().size());
    }

    @Test
    void api_keys_record_when_they_last_signed_a_request_at_most_once_a_minute_and_never_for_a_bad_signature() {
        long bot = created(admin().post(USERS, service(Fixtures.unique("used-bot"), "{\"level\":\"account\",\"id\":" + acme + "}", "admin")));
        JsonNode key = admin().post(USERS + bot + "/api-keys/", "{\"name\":\"ci\"}").data();
        String keyId = key.path("keyId").asText();
        assertTrue(key.path("lastUsed").isNull());

        assertEquals(401, new ApiClient(app, keyId, "not-the-right-secret-000000").get(USERS).status());
        assertNull(lastUsed(keyId), "a bad signature is no use");

        ApiClient botClient = new ApiClient(app, keyId, key.path("secret").asText());
        assertEquals(200, botClient.get("/api/v1beta0/account/" + acme + "/environments/").status());
        Instant first = lastUsed(keyId);
        assertNotNull(first);
        assertEquals(200, botClient.get("/api/v1beta0/account/" + acme + "/environments/").status());
        assertEquals(first, lastUsed(keyId), "not written again within the minute");
        JsonNode listed = admin().get(USERS + bot + "/api-keys/").data().get(0);
        assertEquals(first, Instant.parse(listed.path("lastUsed").asText()));
    }

    private static ApiClient admin() {
        return clients.get("admin");
    }

    private static ApiClient client(long userId) {
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), userId, "tests");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    private static long idOf(String email) {
        return app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
    }

    private static long created(ApiClient.Answer answer) {
        assertEquals(201, answer.status(), () -> String.valueOf(answer.body()));
        return answer.data().path("id").asLong();
    }

    private static String service(String name, String scope, String role) {
        return """
                {"kind":"service","name":"%s","scope":%s,"role":"%s"}""".formatted(name, scope, role);
    }

    private static String person(String email, String level, long scopeId, String role) {
        return """
                {"kind":"user","email":"%s","password":"person-password-1","scope":{"level":"%s","id":%d},"role":"%s"}"""
                .formatted(email, level, scopeId, role);
    }

    private static String grant(String level, long scopeId, String role) {
        return """
                {"scope":{"level":"%s","id":%d},"role":"%s"}""".formatted(level, scopeId, role);
    }

    private static List<Long> ids(ApiClient.Answer list) {
        List<Long> ids = new ArrayList<>();
        list.data().forEach(user -> ids.add(user.path("id").asLong()));
        return ids;
    }

    private static boolean inAcme(JsonNode scope) {
        long id = scope.path("id").asLong();
        return switch (scope.path("level").asText()) {
            case "account" -> id == acme;
            case "environment" -> app.context().scopes().findEnvironment(id).orElseThrow().accountId() == acme;
            default -> false;
        };
    }

    private static List<String> grantLevels(long userId) {
        return app.context().jdbi.withHandle(h -> h.createQuery("SELECT scope_level FROM grants WHERE user_id = :id")
                .bind("id", userId).mapTo(String.class).list());
    }

    private static long count(String sql) {
        return app.context().jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static Instant lastUsed(String keyId) {
        return app.context().jdbi.withHandle(h -> h.createQuery("SELECT last_used_at FROM api_keys WHERE key_id = :id")
                .bind("id", keyId).mapTo(Instant.class).one());
    }
}
