package imagehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.support.ApiClient;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The access API through signed requests: the bootstrap key, grant levels, errors, audit. */
class AccessApiTest {
    static final String BOOTSTRAP_KEY = "APIKBOOTSTRAP0000001";
    static final String BOOTSTRAP_SECRET = "bootstrap-secret-for-tests-0001";

    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler()
            .with("IMAGEHUB_BOOTSTRAP_API_KEY", BOOTSTRAP_KEY + ":" + BOOTSTRAP_SECRET);

    private static final Map<String, ApiClient> clients = new HashMap<>();
    private static long acme;
    private static long globexProd;

    @BeforeAll
    static void keys() {
        clients.put("admin", new ApiClient(app, BOOTSTRAP_KEY, BOOTSTRAP_SECRET));
        for (String user : new String[] {"alice", "bob", "carol"}) {
            long id = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(user + "@example.com")).orElseThrow().id();
            ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "tests");
            clients.put(user, new ApiClient(app, key.key().keyId(), key.secret()));
        }
        acme = app.context().scopes().findAccountByName("acme").orElseThrow().id();
        long globex = app.context().scopes().findAccountByName("globex").orElseThrow().id();
        globexProd = app.context().scopes().findEnvironmentByName(globex, "globex-prod").orElseThrow().id();
    }

    @Test
    void the_bootstrap_key_lists_accounts() {
        ApiClient.Answer answer = clients.get("admin").get("/api/v1beta0/global/accounts/");
        assertEquals(200, answer.status());
        assertEquals(2, answer.data().size());
        assertEquals("acme", answer.data().get(0).path("name").asText());
        assertEquals("/api/v1beta0/global/accounts/?maxResults=100&pageNum=1", answer.body().path("pagination").path("first").asText());
        assertNull(answer.body().path("pagination").path("next").textValue());
    }

    @Test
    void grant_levels_decide_what_the_api_answers() {
        String globexEnv = "/api/v1beta0/account/" + app.context().scopes().findAccountByName("globex").orElseThrow().id()
                + "/environments/" + globexProd + "/";
        assertEquals(200, clients.get("carol").get(globexEnv).status());
        assertEquals("ObjectNotFound", clients.get("bob").get(globexEnv).errorCode());
        assertEquals(404, clients.get("alice").get(globexEnv).status());
        assertEquals(404, clients.get("alice").get("/api/v1beta0/global/accounts/").status(),
                "the Global list of accounts is for holders of a Global grant");
        assertEquals(200, clients.get("alice").get("/api/v1beta0/global/accounts/" + acme + "/").status(), "alice reads acme");
        assertEquals(403, clients.get("alice").patch("/api/v1beta0/global/accounts/" + acme + "/", "{\"name\":\"acme2\"}").status());
        assertEquals(404, clients.get("bob").post("/api/v1beta0/global/accounts/", "{\"name\":\"bobco\"}").status());
        assertEquals(403, clients.get("carol").get("/api/v1beta0/user/" + globexProd + "/audit-log/").status());
        assertEquals(404, clients.get("carol").get("/api/v1beta0/user/999999/audit-log/").status());
    }

    @Test
    void environments_are_created_validated_and_audited_through_the_api() {
        ApiClient alice = clients.get("alice");
        String path = "/api/v1beta0/account/" + acme + "/environments/";
        ApiClient.Answer created = alice.post(path, "{\"name\":\"acme-api\"}");
        assertEquals(201, created.status());
        long envId = created.data().path("id").asLong();

        assertEquals("UnicityViolation", alice.post(path, "{\"name\":\"acme-api\"}").errorCode());
        assertEquals("InvalidValue", alice.post(path, "{\"name\":\"Bad Name\"}").errorCode());
        assertEquals("InvalidStructure", alice.post(path, "{\"name\":\"acme-x\",\"color\":\"red\"}").errorCode());
        assertFalse(app.context().scopes().findEnvironmentByName(acme, "acme-x").isPresent());

        ApiClient.Answer log = alice.get("/api/v1beta0/account/" + acme + "/audit-log/?action=environment.create&object=acme-api");
        assertEquals(1, log.data().size());
        assertEquals("api", log.data().get(0).path("via").asText());
        assertEquals("alice@example.com", log.data().get(0).path("user").asText());

        assertEquals(204, alice.delete(path + envId + "/").status());
        assertEquals(404, alice.get(path + envId + "/").status());
    }

    @Test
    void users_grants_and_keys_are_managed_under_global_users() {
        ApiClient admin = clients.get("admin");
        ApiClient.Answer bot = admin.post("/api/v1beta0/global/users/", """
                {"kind":"service","name":"api-bot","scope":{"level":"account","id":%d},"role":"admin"}""".formatted(acme));
        assertEquals(201, bot.status());
        long botId = bot.data().path("id").asLong();
        assertEquals("service", bot.data().path("kind").asText());

        ApiClient.Answer key = admin.post("/api/v1beta0/global/users/" + botId + "/api-keys/", "{\"name\":\"ci\"}");
        assertEquals(201, key.status());
        ApiClient botClient = new ApiClient(app, key.data().path("keyId").asText(), key.data().path("secret").asText());
        assertEquals(200, botClient.get("/api/v1beta0/account/" + acme + "/environments/").status());
        assertTrue(admin.get("/api/v1beta0/global/users/" + botId + "/api-keys/").data().get(0).path("secret").isNull(),
                "the secret is shown once only");

        assertEquals(204, admin.delete("/api/v1beta0/global/users/" + botId + "/api-keys/" + key.data().path("keyId").asText() + "/").status());
        assertEquals(401, botClient.get("/api/v1beta0/account/" + acme + "/environments/").status(), "a revoked key is refused");

        assertEquals(404, clients.get("carol").get("/api/v1beta0/global/users/" + botId + "/").status());
        assertEquals(ScopeRef.account(acme).id(), admin.get("/api/v1beta0/global/users/" + botId + "/grants/").data().get(0).path("scope").path("id").asLong());
    }

    @Test
    void unsigned_and_tampered_requests_are_refused() {
        assertEquals(401, app.get("/api/v1beta0/global/accounts/").statusCode());
        ApiClient wrong = new ApiClient(app, BOOTSTRAP_KEY, "not-the-secret-at-all-000");
        ApiClient.Answer answer = wrong.get("/api/v1beta0/global/accounts/");
        assertEquals(401, answer.status());
        assertEquals("BadAuthentication", answer.errorCode());
    }
}
