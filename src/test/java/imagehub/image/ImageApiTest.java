package imagehub.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.support.ApiClient;
import imagehub.support.RefusedDeprecation;
import imagehub.support.SandboxImages;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Images through the signed API, at the three scopes, with Scalr's envelopes and error codes. */
class ImageApiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    private static ApiClient alice;
    private static ApiClient carol;
    private static String acmeImages;
    private static String acmeDevImages;

    @BeforeAll
    static void setUp() {
        alice = client("alice@example.com");
        carol = client("carol@example.com");
        long acme = app.context().scopes().findAccountByName("acme").orElseThrow().id();
        long dev = app.context().scopes().findEnvironmentByName(acme, "acme-dev").orElseThrow().id();
        acmeImages = "/api/v1beta0/account/" + acme + "/images/";
        acmeDevImages = "/api/v1beta0/user/" + dev + "/images/";
    }

    private static ApiClient client(String email) {
        long id = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "tests");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    /** A registration body for a sandbox image the sandbox cloud holds. */
    private static String image(String name, String cloudImageId) {
        return """
                {"name":"%s","cloudPlatform":"sandbox","cloudLocation":"sandbox-east-1","cloudImageId":"%s",
                 "architecture":"x86_64","os":{"id":"ubuntu-22-04"}}""".formatted(name,
                cloudImageId.startsWith("sbx-") ? SandboxImages.hold(app.context(), cloudImageId) : cloudImageId);
    }

    @Test
    void register_read_deprecate_and_delete_an_image() {
        ApiClient.Answer created = alice.post(acmeDevImages, image("nginx-1-25", "sbx-0a1b2c3d"));
        assertEquals(201, created.status(), String.valueOf(created.body()));
        String id = created.data().path("id").asText();
        assertEquals("environment", created.data().path("scope").asText());
        assertEquals(36, id.length());

        assertEquals(200, alice.get(acmeDevImages + id + "/").status());
        assertEquals(404, alice.get(acmeImages + id + "/").status(), "an env image is not visible from its account");
        assertEquals("ObjectNotFound", carol.get(acmeDevImages + id + "/").errorCode());

        ApiClient.Answer patched = alice.patch(acmeDevImages + id + "/", "{\"deprecated\":true}");
        assertEquals(200, patched.status());
        assertTrue(patched.data().path("deprecated").asBoolean());
        assertEquals("InvalidStructure", alice.patch(acmeDevImages + id + "/", "{\"cloudImageId\":\"ami-11111111\"}").errorCode());

        assertEquals(false, alice.get(acmeDevImages + id + "/usage/").data().path("inUse").asBoolean());
        assertEquals(204, alice.delete(acmeDevImages + id + "/").status());
        assertEquals(404, alice.get(acmeDevImages + id + "/").status());
    }

    @Test
    void duplicates_along_the_scope_chain_and_bad_fields_are_refused() {
        assertEquals(201, alice.post(acmeImages, image("base-ami", "sbx-0fedcba9")).status());
        ApiClient.Answer duplicate = alice.post(acmeDevImages, image("base-ami-again", "sbx-0fedcba9"));
        assertEquals(409, duplicate.status());
        assertEquals("UnicityViolation", duplicate.errorCode());
        assertEquals("InvalidValue", alice.post(acmeDevImages, image("Bad Name", "sbx-0fedcba8")).errorCode());
        assertEquals("InvalidValue", alice.post(acmeDevImages, image("ok-name", "not-an-ami")).errorCode());
        assertEquals("InvalidStructure", alice.post(acmeDevImages, "{\"name\":\"x\",\"id\":\"abc\"}").errorCode());
        assertEquals("InvalidStructure", alice.get(acmeDevImages + "?color=red").errorCode());
    }

    @Test
    void lists_are_filtered_and_include_inherited_images() {
        alice.post(acmeImages, image("filter-me", "sbx-0aaaaaa1"));
        ApiClient.Answer list = alice.get(acmeDevImages + "?cloudPlatform=sandbox&name=filter-me");
        assertEquals(200, list.status());
        assertEquals(1, list.data().size());
        assertEquals("account", list.data().get(0).path("scope").asText());
        assertEquals(200, alice.get("/api/v1beta0/user/1/os/").status());
    }

    @Test
    void an_environment_image_is_promoted_to_its_account() {
        String id = alice.post(acmeDevImages, image("promote-me", "sbx-0bbbbbb2")).data().path("id").asText();
        ApiClient.Answer promoted = alice.post(acmeDevImages + id + "/actions/promote/", "{}");
        assertEquals(200, promoted.status(), String.valueOf(promoted.body()));
        assertEquals("account", promoted.data().path("scope").asText());
        assertEquals(200, alice.get(acmeImages + id + "/").status());
    }

    @Test
    void null_and_wrongly_typed_fields_of_an_image_body_answer_400_with_a_code() {
        String valid = """
                "name":"typed-%d","cloudPlatform":"sandbox","cloudLocation":"sandbox-east-1","cloudImageId":"sbx-0c0ff%03d",
                "architecture":"x86_64","os":{"id":"ubuntu-22-04"}""";
        String[] changes = {
            "\"cloudLocation\":null", "\"cloudPlatform\":null", "\"cloudImageId\":null", "\"name\":null",
            "\"architecture\":null", "\"os\":null", "\"os\":{\"id\":null}", "\"os\":\"ubuntu-22-04\"",
            "\"os\":{\"id\":7}", "\"cloudLocation\":7", "\"cloudLocation\":[\"us-east-1\"]",
            "\"name\":{\"a\":1}", "\"size\":\"big\"", "\"size\":1.5", "\"size\":0",
            "\"scalrAgentInstalled\":\"yes\"", "\"deprecated\":\"no\"", "\"cloudInitInstalled\":1",
            "\"type\":false", "\"description\":5"};
        for (int i = 0; i < changes.length; i++) {
            String field = changes[i].substring(1, changes[i].indexOf('"', 1));
            String body = "{" + valid.formatted(i, i).replaceAll("\"" + field + "\":(\\{[^}]*\\}|\"[^\"]*\")", changes[i]);
            if (!body.contains(changes[i])) {
                body = body + "," + changes[i];
            }
            ApiClient.Answer answer = alice.post(acmeDevImages, body + "}");
            assertEquals(400, answer.status(), body + " → " + answer.body());
            assertTrue(Set.of("InvalidValue", "InvalidStructure").contains(answer.errorCode()), body + " → " + answer.body());
        }
        SandboxImages.hold(app.context(), "sbx-0c0ff099");
        ApiClient.Answer created = alice.post(acmeDevImages, "{" + valid.formatted(99, 99) + ",\"size\":null,\"description\":null}");
        assertEquals(201, created.status(), String.valueOf(created.body()));
        String path = acmeDevImages + created.data().path("id").asText() + "/";
        assertEquals("InvalidValue", alice.patch(path, "{\"name\":null}").errorCode());
        assertEquals("InvalidStructure", alice.patch(path, "{\"name\":12}").errorCode());
        assertEquals("InvalidStructure", alice.patch(path, "{\"deprecated\":null}").errorCode());
    }

    @Test
    void a_patch_whose_deprecation_fails_leaves_its_edit_unapplied() {
        ApiClient.Answer created = alice.post(acmeDevImages, image("redis-7-2", "sbx-0d0e0f10"));
        assertEquals(201, created.status(), String.valueOf(created.body()));
        String path = acmeDevImages + created.data().path("id").asText() + "/";
        try (RefusedDeprecation refused = RefusedDeprecation.in(app.context().jdbi, "images")) {
            ApiClient.Answer patched = alice.patch(path, "{\"name\":\"redis-7-2-renamed\",\"deprecated\":true}");
            assertTrue(patched.status() >= 400, "the refused deprecation fails the whole PATCH: " + patched.status());
        }
        ApiClient.Answer after = alice.get(path);
        assertEquals("redis-7-2", after.data().path("name").asText(), "the rename rolled back with the deprecation");
        assertEquals(false, after.data().path("deprecated").asBoolean());

        ApiClient.Answer both = alice.patch(path, "{\"name\":\"redis-7-2-renamed\",\"deprecated\":true}");
        assertEquals(200, both.status(), String.valueOf(both.body()));
        assertEquals("redis-7-2-renamed", both.data().path("name").asText());
        assertTrue(both.data().path("deprecated").asBoolean());
    }
}
