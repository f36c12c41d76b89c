package imagehub.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.support.ApiClient;
import imagehub.support.RefusedDeprecation;
import imagehub.support.SandboxImages;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Roles and role images through the signed API, with Scalr's envelopes and error codes. */
class RoleApiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    private static ApiClient alice;
    private static ApiClient carol;
    private static String acme;
    private static String acmeDev;
    private static String globexProd;

    @BeforeAll
    static void setUp() {
        alice = client("alice@example.com");
        carol = client("carol@example.com");
        long acmeId = app.context().scopes().findAccountByName("acme").orElseThrow().id();
        long dev = app.context().scopes().findEnvironmentByName(acmeId, "acme-dev").orElseThrow().id();
        long globex = app.context().scopes().findAccountByName("globex").orElseThrow().id();
        long prod = app.context().scopes().findEnvironmentByName(globex, "globex-prod").orElseThrow().id();
        acme = "/api/v1beta0/account/" + acmeId;
        acmeDev = "/api/v1beta0/user/" + dev;
        globexProd = "/api/v1beta0/user/" + prod;
    }

    private static ApiClient client(String email) {
        long id = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "tests");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    private static String image(String name, String cloudImageId, String os) {
        ApiClient.Answer created = alice.post(acme + "/images/", """
                {"name":"%s","cloudPlatform":"sandbox","cloudLocation":"sandbox-east-1","cloudImageId":"%s",
                 "architecture":"x86_64","os":{"id":"%s"}}""".formatted(name,
                SandboxImages.hold(app.context(), cloudImageId), os));
        assertEquals(201, created.status(), String.valueOf(created.body()));
        return created.data().path("id").asText();
    }

    private static long role(String scopePath, String name) {
        ApiClient.Answer created = alice.post(scopePath + "/roles/", """
                {"name":"%s","os":{"id":"ubuntu-22-04"},"category":"web","description":"Test role"}""".formatted(name));
        assertEquals(201, created.status(), String.valueOf(created.body()));
        return created.data().path("id").asLong();
    }

    @Test
    void create_read_patch_and_delete_a_role() {
        ApiClient.Answer created = alice.post(acme + "/roles/",
                "{\"name\":\"haproxy-2-8\",\"os\":{\"family\":\"ubuntu\"},\"category\":\"lb\",\"description\":\"Load balancer\"}");
        assertEquals(201, created.status(), String.valueOf(created.body()));
        long id = created.data().path("id").asLong();
        assertEquals("account", created.data().path("scope").asText());
        assertEquals("ubuntu", created.data().path("os").path("family").asText());
        String path = acme + "/roles/" + id + "/";

        assertEquals("haproxy-2-8", alice.get(path).data().path("name").asText());
        assertEquals(200, alice.get(acmeDev + "/roles/" + id + "/").status(), "an account role is visible from its envs");
        ApiClient.Answer listed = alice.get(acme + "/roles/?name=haproxy-2-8&os=ubuntu&deprecated=false");
        assertEquals(200, listed.status(), String.valueOf(listed.body()));
        assertEquals(1, listed.data().size());

        ApiClient.Answer duplicate = alice.post(acmeDev + "/roles/", "{\"name\":\"haproxy-2-8\",\"os\":{\"id\":\"ubuntu\"},\"category\":\"lb\"}");
        assertEquals(409, duplicate.status());
        assertEquals("UnicityViolation", duplicate.errorCode());

        ApiClient.Answer patched = alice.patch(path, "{\"description\":\"HAProxy 2.8\",\"category\":\"proxy\",\"deprecated\":true}");
        assertEquals(200, patched.status(), String.valueOf(patched.body()));
        assertEquals("HAProxy 2.8", patched.data().path("description").asText());
        assertEquals("proxy", patched.data().path("category").asText());
        assertTrue(patched.data().path("deprecated").asBoolean());
        assertFalse(alice.patch(path, "{\"deprecated\":false}").data().path("deprecated").asBoolean());
        assertEquals("InvalidStructure", alice.patch(path, "{\"os\":{\"id\":\"debian-12\"}}").errorCode());
        assertEquals("InvalidStructure", alice.post(acme + "/roles/", "{\"name\":\"x-1\",\"color\":\"red\"}").errorCode());
        assertEquals("InvalidStructure", alice.get(acme + "/roles/?color=red").errorCode());
        assertEquals("InvalidValue", alice.get(acme + "/roles/abc/").errorCode());

        ApiClient.Answer deprecated = alice.post(path + "actions/deprecate/", "{\"deprecate\":true}");
        assertEquals(200, deprecated.status(), String.valueOf(deprecated.body()));
        assertTrue(deprecated.data().path("deprecated").asBoolean());

        assertEquals(204, alice.delete(path).status());
        assertEquals("ObjectNotFound", alice.get(path).errorCode());
    }

    @Test
    void role_images_are_added_replaced_and_removed() {
        String first = image("ubuntu-web-1", "sbx-0c0c0c01", "ubuntu-22-04");
        String second = image("ubuntu-web-2", "sbx-0c0c0c02", "ubuntu-24-04");
        String debian = image("debian-web-1", "sbx-0c0c0c03", "debian-12");
        long id = role(acme, "web-images");
        String images = acme + "/roles/" + id + "/images/";

        ApiClient.Answer added = alice.post(images, "{\"role\":{\"id\":\"" + id + "\"},\"image\":{\"id\":\"" + first + "\"}}");
        assertEquals(201, added.status(), String.valueOf(added.body()));
        assertEquals(first, added.data().path("image").path("id").asText());
        assertEquals(id, added.data().path("role").path("id").asLong());
        assertEquals("InvalidValue", alice.post(images, "{\"role\":{\"id\":" + (id + 1000) + "},\"image\":{\"id\":\"" + second + "\"}}").errorCode());
        assertEquals("UnicityViolation", alice.post(images, "{\"image\":{\"id\":\"" + second + "\"}}").errorCode());

        ApiClient.Answer mismatch = alice.post(images + first + "/actions/replace/", "{\"image\":{\"id\":\"" + debian + "\"}}");
        assertEquals(409, mismatch.status());
        assertEquals("OperatingSystemMismatch", mismatch.errorCode());

        ApiClient.Answer replaced = alice.post(images + first + "/actions/replace/", "{\"image\":{\"id\":\"" + second + "\"}}");
        assertEquals(200, replaced.status(), String.valueOf(replaced.body()));
        assertEquals(second, replaced.data().path("image").path("id").asText());
        ApiClient.Answer listed = alice.get(images);
        assertEquals(1, listed.data().size());
        assertEquals(second, listed.data().get(0).path("image").path("id").asText());
        assertEquals("sandbox-east-1", listed.data().get(0).path("cloudLocation").asText());
        assertEquals(200, alice.get(images + second + "/").status());
        assertEquals(404, alice.get(images + first + "/").status());

        assertEquals(204, alice.delete(images + second + "/").status());
        assertEquals(0, alice.get(images).data().size());
        ApiClient.Answer wrongOs = alice.post(images, "{\"role\":{\"id\":" + id + "},\"image\":{\"id\":\"" + debian + "\"}}");
        assertEquals("OperatingSystemMismatch", wrongOs.errorCode());
    }

    @Test
    void roles_are_promoted_and_cloned() {
        long id = role(acmeDev, "promote-me");
        ApiClient.Answer promoted = alice.post(acmeDev + "/roles/" + id + "/actions/promote/", "{}");
        assertEquals(200, promoted.status(), String.valueOf(promoted.body()));
        assertEquals("account", promoted.data().path("scope").asText());

        ApiClient.Answer clone = alice.post(acmeDev + "/roles/" + id + "/actions/clone/",
                "{\"name\":\"promote-me-copy\",\"scope\":\"environment\"}");
        assertEquals(201, clone.status(), String.valueOf(clone.body()));
        assertEquals("environment", clone.data().path("scope").asText());
    }

    @Test
    void carol_does_not_see_acme_roles() {
        long id = role(acme, "secret-role");
        assertEquals("ObjectNotFound", carol.get(acme + "/roles/").errorCode());
        assertEquals(404, carol.get(acme + "/roles/" + id + "/").status());
        assertEquals(404, carol.get(globexProd + "/roles/" + id + "/").status());
        assertEquals(200, carol.get(globexProd + "/roles/").status());
    }

    @Test
    void null_and_wrongly_typed_fields_of_a_role_body_answer_400_with_a_code() {
        String[] bodies = {
            "{\"name\":null,\"os\":{\"id\":\"ubuntu\"}}", "{\"name\":\"typed-a\",\"os\":null}",
            "{\"name\":\"typed-b\",\"os\":{\"id\":null}}", "{\"name\":\"typed-c\",\"os\":{\"family\":null}}",
            "{\"name\":\"typed-d\",\"os\":7}", "{\"name\":\"typed-e\",\"os\":{\"id\":{}}}",
            "{\"name\":5,\"os\":{\"id\":\"ubuntu\"}}", "{\"name\":[\"x\"],\"os\":{\"id\":\"ubuntu\"}}",
            "{\"name\":\"typed-f\",\"os\":{\"id\":\"ubuntu\"},\"category\":7}",
            "{\"name\":\"typed-g\",\"os\":{\"id\":\"ubuntu\"},\"description\":false}"};
        for (String body : bodies) {
            ApiClient.Answer answer = alice.post(acmeDev + "/roles/", body);
            assertEquals(400, answer.status(), body + " → " + answer.body());
            assertTrue(answer.errorCode().startsWith("Invalid"), body + " → " + answer.body());
        }
        ApiClient.Answer created = alice.post(acmeDev + "/roles/", "{\"name\":\"typed-ok\",\"os\":{\"id\":\"ubuntu\"},"
                + "\"category\":null,\"description\":null}");
        assertEquals(201, created.status(), String.valueOf(created.body()));
        String role = acmeDev + "/roles/" + created.data().path("id").asLong() + "/";
        for (String body : new String[] {"{\"name\":null}", "{\"name\":3}", "{\"deprecated\":null}", "{\"deprecated\":\"yes\"}"}) {
            ApiClient.Answer answer = alice.patch(role, body);
            assertEquals(400, answer.status(), body + " → " + answer.body());
        }
        for (String body : new String[] {"{\"image\":null}", "{\"image\":{\"id\":null}}", "{\"image\":{\"id\":[1]}}",
                "{\"image\":\"x\"}", "{\"image\":{\"id\":\"nope\"}}", "{\"image\":{\"id\":5}}"}) {
            ApiClient.Answer answer = alice.post(role + "images/", body);
            assertTrue(answer.status() == 400 || answer.status() == 404, body + " → " + answer.body());
        }
    }

    @Test
    void roles_are_paged_in_sql_with_the_total_of_the_filter() {
        for (String suffix : new String[] {"c", "a", "b"}) {
            assertEquals(201, alice.post(acmeDev + "/roles/", "{\"name\":\"paged-role-" + suffix
                    + "\",\"os\":{\"id\":\"ubuntu\"},\"category\":\"paged\"}").status());
        }
        ApiClient.Answer first = alice.get(acmeDev + "/roles/?category=paged&maxResults=2");
        assertEquals(200, first.status(), String.valueOf(first.body()));
        assertEquals(2, first.data().size());
        assertEquals("paged-role-a", first.data().get(0).path("name").asText());
        assertTrue(first.body().path("pagination").path("last").asText().endsWith("pageNum=2"));
        ApiClient.Answer second = alice.get(first.body().path("pagination").path("next").asText());
        assertEquals(1, second.data().size());
        assertEquals("paged-role-c", second.data().get(0).path("name").asText());
        assertTrue(second.body().path("pagination").path("next").isNull());
    }

    @Test
    void a_patch_whose_deprecation_fails_leaves_its_edit_unapplied() {
        long id = role(acme, "memcached-1-6");
        String path = acme + "/roles/" + id + "/";
        try (RefusedDeprecation refused = RefusedDeprecation.in(app.context().jdbi, "roles")) {
            ApiClient.Answer patched = alice.patch(path, "{\"name\":\"memcached-1-6-renamed\",\"category\":\"cache\","
                    + "\"deprecated\":true}");
            assertTrue(patched.status() >= 400, "the refused deprecation fails the whole PATCH: " + patched.status());
        }
        ApiClient.Answer after = alice.get(path);
        assertEquals("memcached-1-6", after.data().path("name").asText(), "the rename rolled back with the deprecation");
        assertEquals("web", after.data().path("category").asText());
        assertFalse(after.data().path("deprecated").asBoolean());

        ApiClient.Answer both = alice.patch(path, "{\"name\":\"memcached-1-6-renamed\",\"deprecated\":true}");
        assertEquals(200, both.status(), String.valueOf(both.body()));
        assertEquals("memcached-1-6-renamed", both.data().path("name").asText());
        assertTrue(both.data().path("deprecated").asBoolean());
    }
}
