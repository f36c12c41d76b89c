package imagehub.replacement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import imagehub.access.Viewer;
import imagehub.support.ApiClient;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replace everywhere (dry run and real), the replacement history and rollback through the signed API. */
class ReplacementApiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    private static ApiClient alice;
    private static ApiClient carol;
    private static long acmeId;
    private static long devId;
    private static String acme;
    private static String acmeDev;

    @BeforeAll
    static void setUp() {
        alice = client("alice@example.com");
        carol = client("carol@example.com");
        acmeId = app.context().scopes().findAccountByName("acme").orElseThrow().id();
        devId = app.context().scopes().findEnvironmentByName(acmeId, "acme-dev").orElseThrow().id();
        acme = "/api/v1beta0/account/" + acmeId;
        acmeDev = "/api/v1beta0/user/" + devId;
    }

    private static ApiClient client(String email) {
        long id = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "tests");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    private static String image(String name, String cloudImageId) {
        ApiClient.Answer created = alice.post(acme + "/images/", """
                {"name":"%s","cloudPlatform":"ec2","cloudLocation":"eu-west-1","cloudImageId":"%s",
                 "architecture":"x86_64","os":{"id":"ubuntu-22-04"}}""".formatted(name, cloudImageId));
        assertEquals(201, created.status(), String.valueOf(created.body()));
        return created.data().path("id").asText();
    }

    private static long roleUsing(String scopePath, String name, String imageId) {
        ApiClient.Answer created = alice.post(scopePath + "/roles/",
                "{\"name\":\"" + name + "\",\"os\":{\"id\":\"ubuntu-22-04\"},\"category\":\"app\"}");
        assertEquals(201, created.status(), String.valueOf(created.body()));
        long id = created.data().path("id").asLong();
        assertEquals(201, alice.post(scopePath + "/roles/" + id + "/images/", "{\"image\":{\"id\":\"" + imageId + "\"}}").status());
        return id;
    }

    private static String imageOf(String scopePath, long roleId) {
        return alice.get(scopePath + "/roles/" + roleId + "/images/").data().get(0).path("image").path("id").asText();
    }

    private static Set<Long> ids(JsonNode roles) {
        Set<Long> ids = new HashSet<>();
        roles.forEach(role -> ids.add(role.path("id").asLong()));
        return ids;
    }

    @Test
    void dry_run_changes_nothing_the_real_run_changes_roles_and_rollback_restores_them() {
        String old = image("ubuntu-app-old", "ami-0d0d0d01");
        String newer = image("ubuntu-app-new", "ami-0d0d0d02");
        long accountRole = roleUsing(acme, "app-account", old);
        long envRole = roleUsing(acmeDev, "app-env", old);
        String replace = acme + "/images/" + old + "/actions/replace/";

        ApiClient.Answer preview = alice.post(replace,
                "{\"deprecateOldImage\":false,\"newImage\":{\"id\":\"" + newer + "\"},\"dryRun\":true}");
        assertEquals(200, preview.status(), String.valueOf(preview.body()));
        assertTrue(preview.data().path("dryRun").asBoolean());
        assertEquals(Set.of(accountRole, envRole), ids(preview.data().path("roles")));
        assertEquals(old, imageOf(acme, accountRole), "a dry run changes nothing");
        assertEquals(old, imageOf(acmeDev, envRole));

        ApiClient.Answer done = alice.post(replace,
                "{\"deprecateOldImage\":true,\"newImage\":{\"id\":\"" + newer + "\"},\"scope\":[\"account\",\"environment\"]}");
        assertEquals(200, done.status(), String.valueOf(done.body()));
        assertEquals(Set.of(accountRole, envRole), ids(done.data()));
        for (JsonNode role : done.data()) {
            if (role.path("id").asLong() == envRole) {
                assertEquals("environment", role.path("scope").asText());
                assertEquals(acmeId, role.path("accountId").asLong());
                assertEquals(devId, role.path("envId").asLong());
            } else {
                assertEquals("account", role.path("scope").asText());
                assertEquals(acmeId, role.path("accountId").asLong());
            }
        }
        assertEquals(newer, imageOf(acme, accountRole));
        assertEquals(newer, imageOf(acmeDev, envRole));
        assertTrue(alice.get(acme + "/images/" + old + "/").data().path("deprecated").asBoolean());

        ApiClient.Answer history = alice.get(acme + "/replacements/");
        assertEquals(200, history.status(), String.valueOf(history.body()));
        JsonNode latest = history.data().get(0);
        assertEquals(old, latest.path("oldImage").path("id").asText());
        long replacementId = latest.path("id").asLong();
        assertEquals(200, alice.get(acme + "/replacements/" + replacementId + "/").status());
        assertEquals("ObjectNotFound", carol.get(acme + "/replacements/" + replacementId + "/").errorCode());

        ApiClient.Answer rolledBack = alice.post(acme + "/replacements/" + replacementId + "/actions/rollback/", "{}");
        assertEquals(200, rolledBack.status(), String.valueOf(rolledBack.body()));
        assertTrue(rolledBack.data().path("rolledBack").asBoolean());
        assertEquals(old, imageOf(acme, accountRole));
        assertEquals(old, imageOf(acmeDev, envRole));
        assertFalse(alice.get(acme + "/images/" + old + "/").data().path("deprecated").asBoolean());

        ApiClient.Answer again = alice.post(acme + "/replacements/" + replacementId + "/actions/rollback/", "{}");
        assertEquals(409, again.status());
        assertTrue(again.body().path("errors").get(0).path("message").asText().contains("already rolled back"));
    }

    @Test
    void bad_bodies_are_refused() {
        String old = image("ubuntu-bad-old", "ami-0e0e0e01");
        String replace = acme + "/images/" + old + "/actions/replace/";
        assertEquals("InvalidStructure", alice.post(replace, "{\"newImage\":{\"id\":\"x\"},\"color\":1}").errorCode());
        assertEquals("InvalidStructure", alice.post(replace, "{\"deprecateOldImage\":false}").errorCode());
        assertEquals("InvalidValue", alice.post(replace, "{\"newImage\":{\"id\":\"x\"},\"scope\":[\"galaxy\"]}").errorCode());
        assertEquals("InvalidValue", alice.get(acme + "/replacements/abc/").errorCode());
    }
}
