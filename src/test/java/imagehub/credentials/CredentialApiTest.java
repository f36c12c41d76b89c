package imagehub.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.support.ApiClient;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import imagehub.user.UserService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cloud credentials through the signed API: Scalr envelopes, write-only secrets, rights and field errors. */
class CredentialApiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYApiTestKEY";

    private static ApiClient admin;
    private static ApiClient alice;
    private static ApiClient bob;
    private static ApiClient carol;
    private static ApiClient dave;
    private static String acme;
    private static String acmeDev;
    private static String acmeProd;
    private static String globex;

    @BeforeAll
    static void setUp() {
        long acmeId = app.context().scopes().findAccountByName("acme").orElseThrow().id();
        long devId = app.context().scopes().findEnvironmentByName(acmeId, "acme-dev").orElseThrow().id();
        long prodId = app.context().scopes().findEnvironmentByName(acmeId, "acme-prod").orElseThrow().id();
        long globexId = app.context().scopes().findAccountByName("globex").orElseThrow().id();
        acme = "/api/v1beta0/account/" + acmeId;
        acmeDev = "/api/v1beta0/user/" + devId;
        acmeProd = "/api/v1beta0/user/" + prodId;
        globex = "/api/v1beta0/account/" + globexId;
        Viewer system = Viewer.system();
        app.context().users.createUser(system, imagehub.core.ScopeRef.environment(devId),
                new UserService.NewMember("dave@example.com", "Dave (acme-dev admin)", "dave-password-1", "admin"));
        admin = client(TestApp.ADMIN);
        alice = client("alice@example.com");
        bob = client("bob@example.com");
        carol = client("carol@example.com");
        dave = client("dave@example.com");
    }

    private static ApiClient client(String email) {
        long id = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "tests");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    static String body(String name) {
        return """
                {"name":"%s","cloudPlatform":"ec2","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"%s",
                 "defaultRegions":["eu-west-1"]}""".formatted(name, SECRET);
    }

    private static long create(ApiClient client, String scope, String name) {
        ApiClient.Answer created = client.post(scope + "/cloud-credentials/", body(name));
        assertEquals(201, created.status(), String.valueOf(created.body()));
        return created.data().path("id").asLong();
    }

    @Test
    void create_read_patch_and_delete_at_account_and_environment_scope() {
        for (String scope : List.of(acme, acmeDev)) {
            ApiClient.Answer created = alice.post(scope + "/cloud-credentials/", """
                    {"name":"crud","cloudPlatform":"ec2","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"%s",
                     "roleArn":"arn:aws:iam::123456789012:role/imagehub","endpoint":"https://ec2.internal.example",
                     "defaultRegions":["eu-west-1","us-east-1"]}""".formatted(SECRET));
            assertEquals(201, created.status(), String.valueOf(created.body()));
            var data = created.data();
            assertEquals("crud", data.path("name").asText());
            assertEquals("ec2", data.path("cloudPlatform").asText());
            assertEquals("AKIAIOSFODNN7EXAMPLE", data.path("accessKeyId").asText());
            assertEquals("****tKEY", data.path("secretAccessKey").asText());
            assertEquals("arn:aws:iam::123456789012:role/imagehub", data.path("roleArn").asText());
            assertEquals("https://ec2.internal.example", data.path("endpoint").asText());
            assertEquals("[\"eu-west-1\",\"us-east-1\"]", data.path("defaultRegions").toString());
            assertEquals(scope.equals(acme) ? "account" : "environment", data.path("scope").asText());
            String path = scope + "/cloud-credentials/" + data.path("id").asLong() + "/";

            assertEquals("crud", alice.get(path).data().path("name").asText());
            ApiClient.Answer patched = alice.patch(path, "{\"name\":\"crud-renamed\",\"roleArn\":null}");
            assertEquals(200, patched.status(), String.valueOf(patched.body()));
            assertEquals("crud-renamed", patched.data().path("name").asText());
            assertTrue(patched.data().path("roleArn").isNull());
            assertEquals("****tKEY", patched.data().path("secretAccessKey").asText());
            assertEquals("https://ec2.internal.example", patched.data().path("endpoint").asText());

            ApiClient.Answer resecret = alice.patch(path, "{\"secretAccessKey\":\"a-new-secret-that-ends-in-WXYZ\"}");
            assertEquals("****WXYZ", resecret.data().path("secretAccessKey").asText());

            assertEquals(204, alice.delete(path).status());
            assertEquals(404, alice.get(path).status());
            assertEquals("ObjectNotFound", alice.get(path).errorCode());
        }
    }

    @Test
    void every_field_error_names_the_field_and_writes_nothing() {
        String[][] cases = {
            {"{\"cloudPlatform\":\"ec2\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"secretAccessKey\":\"" + SECRET + "\"}", "name"},
            {"{\"name\":\"" + "x".repeat(65) + "\",\"cloudPlatform\":\"ec2\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"secretAccessKey\":\"" + SECRET + "\"}", "name"},
            {"{\"name\":\"e\",\"cloudPlatform\":\"gcp\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"secretAccessKey\":\"" + SECRET + "\"}", "cloudPlatform"},
            {"{\"name\":\"e\",\"cloudPlatform\":\"ec2\",\"accessKeyId\":\"AKIA-short\",\"secretAccessKey\":\"" + SECRET + "\"}", "accessKeyId"},
            {"{\"name\":\"e\",\"cloudPlatform\":\"aliyun\",\"accessKeyId\":\"LTAI_bad!\",\"secretAccessKey\":\"" + SECRET + "\"}", "accessKeyId"},
            {"{\"name\":\"e\",\"cloudPlatform\":\"ec2\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\"}", "secretAccessKey"},
            {"{\"name\":\"e\",\"cloudPlatform\":\"ec2\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"secretAccessKey\":\"tooshort\"}", "secretAccessKey"},
            {"{\"name\":\"e\",\"cloudPlatform\":\"ec2\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"secretAccessKey\":\"" + "s".repeat(257) + "\"}", "secretAccessKey"},
            {"{\"name\":\"e\",\"cloudPlatform\":\"ec2\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"secretAccessKey\":\"" + SECRET + "\",\"roleArn\":\"arn:aws:iam::1234:role/x\"}", "roleArn"},
            {"{\"name\":\"e\",\"cloudPlatform\":\"aliyun\",\"accessKeyId\":\"LTAI5tExampleKey1234\",\"secretAccessKey\":\"" + SECRET + "\",\"roleArn\":\"arn:aws:iam::123456789012:role/x\"}", "roleArn"},
            {"{\"name\":\"e\",\"cloudPlatform\":\"ec2\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"secretAccessKey\":\"" + SECRET + "\",\"endpoint\":\"not a url\"}", "endpoint"},
            {"{\"name\":\"e\",\"cloudPlatform\":\"ec2\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"secretAccessKey\":\"" + SECRET + "\",\"endpoint\":\"https://user:pw@host\"}", "endpoint"},
            {"{\"name\":\"e\",\"cloudPlatform\":\"ec2\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"secretAccessKey\":\"" + SECRET + "\",\"defaultRegions\":[\"cn-hangzhou\"]}", "defaultRegions"},
        };
        long before = count();
        for (String[] c : cases) {
            ApiClient.Answer refused = alice.post(acme + "/cloud-credentials/", c[0]);
            assertEquals(400, refused.status(), c[0]);
            assertEquals("InvalidValue", refused.errorCode(), c[0]);
            String message = refused.body().path("errors").path(0).path("message").asText();
            assertTrue(message.startsWith(c[1] + ": "), c[1] + " in " + message);
            assertFalse(message.contains(SECRET));
        }
        ApiClient.Answer structure = alice.post(acme + "/cloud-credentials/", "{\"defaultRegions\":\"eu-west-1\"}");
        assertEquals("InvalidStructure", structure.errorCode());
        assertEquals("InvalidStructure", alice.post(acme + "/cloud-credentials/", "{\"id\":3}").errorCode());
        assertEquals("InvalidStructure", alice.post(acme + "/cloud-credentials/", "{\"password\":\"x\"}").errorCode());
        assertEquals(before, count());
    }

    @Test
    void a_secret_never_leaves_the_server_nor_reaches_the_log() {
        try (LogCapture log = new LogCapture()) {
            long id = create(alice, acme, "secretive");
            String path = acme + "/cloud-credentials/" + id + "/";
            List<ApiClient.Answer> answers = new ArrayList<>(List.of(alice.get(path), alice.get(acme + "/cloud-credentials/"),
                    alice.get(acmeDev + "/cloud-credentials/"), alice.patch(path, "{\"name\":\"secretive-2\"}"),
                    alice.post(acme + "/cloud-credentials/", body("secretive-2")),
                    alice.patch(path, "{\"secretAccessKey\":\"" + SECRET + " with spaces\"}"),
                    alice.post(path + "actions/test/", "{\"cloudLocation\":\"eu-west-1\"}"),
                    alice.get(acme + "/audit-log/")));
            for (ApiClient.Answer answer : answers) {
                assertFalse(String.valueOf(answer.body()).contains(SECRET), String.valueOf(answer.body()));
                assertFalse(String.valueOf(answer.body()).contains("MDENG"), String.valueOf(answer.body()));
            }
            String auditJson = app.context().jdbi.withHandle(h -> h.createQuery(
                    "SELECT CONCAT(COALESCE(before_json, ''), COALESCE(after_json, '')) FROM audit_log WHERE object_type = 'cloud-credentials'")
                    .mapTo(String.class).list()).toString();
            assertTrue(auditJson.contains("****tKEY"), auditJson);
            assertFalse(auditJson.contains(SECRET));
            String rows = app.context().jdbi.withHandle(h -> h.createQuery("SELECT * FROM cloud_credentials")
                    .mapToMap().list()).toString();
            assertTrue(rows.contains("secretive-2"));
            assertFalse(rows.contains(SECRET));
            assertFalse(rows.contains("MDENG"));
            assertTrue(log.text().contains("/cloud-credentials/"), "the requests were logged");
            assertFalse(log.text().contains(SECRET));
            assertFalse(log.text().contains("MDENG"));
        }
    }

    @Test
    void an_environment_lists_its_account_credentials_read_only() {
        long shared = create(alice, acme, "shared-listed");
        long own = create(dave, acmeDev, "own-listed");
        List<String> names = dave.walk(acmeDev + "/cloud-credentials/").stream()
                .map(c -> c.path("name").asText() + "@" + c.path("scope").asText()).toList();
        assertTrue(names.contains("shared-listed@account") && names.contains("own-listed@environment"), names.toString());
        assertEquals(200, dave.get(acmeDev + "/cloud-credentials/" + shared + "/").status());
        ApiClient.Answer patch = dave.patch(acmeDev + "/cloud-credentials/" + shared + "/", "{\"name\":\"!!\"}");
        assertEquals(403, patch.status());
        assertEquals("PermissionViolation", patch.errorCode());
        assertEquals(403, dave.delete(acmeDev + "/cloud-credentials/" + shared + "/").status());
        assertEquals(404, dave.get(acme + "/cloud-credentials/").status());
        assertEquals(404, alice.get(acmeProd + "/cloud-credentials/" + own + "/").status());
        assertFalse(alice.walk(acmeProd + "/cloud-credentials/").stream()
                .anyMatch(c -> c.path("name").asText().equals("own-listed")));
    }

    @Test
    void other_tenants_get_not_found_and_members_without_admin_rights_get_forbidden() {
        long id = create(alice, acme, "guarded");
        String path = acme + "/cloud-credentials/" + id + "/";
        for (ApiClient.Answer answer : List.of(carol.get(acme + "/cloud-credentials/"), carol.get(path),
                carol.patch(path, "{\"name\":[]}"), carol.delete(path), carol.post(path + "actions/test/", "{}"),
                carol.post(acme + "/cloud-credentials/", "not json"),
                admin.get(globex + "/cloud-credentials/" + id + "/"),
                admin.patch(globex + "/cloud-credentials/" + id + "/", "{\"name\":[]}"),
                alice.get(acmeDev + "/cloud-credentials/999999/"))) {
            assertEquals(404, answer.status(), String.valueOf(answer.body()));
            assertEquals("ObjectNotFound", answer.errorCode());
        }
        assertEquals(403, bob.get(acmeDev + "/cloud-credentials/").status());
        assertEquals(403, bob.post(acmeDev + "/cloud-credentials/", "{\"name\":[]}").status());
        assertEquals(404, admin.get("/api/v1beta0/global/cloud-credentials/").status());
        assertEquals(200, admin.get(path).status());
    }

    @Test
    void concurrent_creates_of_one_name_give_one_201_and_409s() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<ApiClient.Answer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> alice.post(acmeProd + "/cloud-credentials/", body("raced")));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<ApiClient.Answer> answer : pool.invokeAll(calls)) {
                statuses.add(answer.get().status());
                if (answer.get().status() == 409) {
                    assertEquals("UnicityViolation", answer.get().errorCode());
                }
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(5, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void the_test_action_needs_a_region_of_the_platform() {
        long id = create(alice, acme, "regionless");
        String path = acme + "/cloud-credentials/" + id + "/";
        alice.patch(path, "{\"defaultRegions\":[]}");
        ApiClient.Answer none = alice.post(path + "actions/test/", "{}");
        assertEquals(400, none.status());
        assertTrue(none.body().path("errors").path(0).path("message").asText().startsWith("cloudLocation: "));
        assertEquals(400, alice.post(path + "actions/test/", "{\"cloudLocation\":\"cn-hangzhou\"}").status());
        assertEquals("InvalidStructure", alice.post(path + "actions/test/", "{\"region\":\"eu-west-1\"}").errorCode());
    }

    private static long count() {
        return app.context().jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM cloud_credentials")
                .mapTo(Long.class).one());
    }
}
