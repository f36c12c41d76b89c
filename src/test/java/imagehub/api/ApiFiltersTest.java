package imagehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import imagehub.access.Viewer;
import imagehub.support.ApiClient;
import imagehub.operation.StaleFarm;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.SandboxImages;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every filter each list declares, table-driven: a value the target object has lists it and only objects with that
 * value; a value it lacks leaves it out; a value the field can never hold is 400 with a code. Plus paging past the end
 * and totals in the links.
 */
class ApiFiltersTest {
    private static final String NOT_AN_ID = "0b1c2d3e-0000-4000-8000-000000000999";

    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    private static ApiClient alice;
    private static String dev;
    private static String acct;
    private static JsonNode image;
    private static JsonNode role;
    private static JsonNode farm;
    private static JsonNode farmRole;
    private static JsonNode server;

    /**
     * One row of the table: on the list at {@code path}, {@code filter=match} lists the target (whose id is
     * {@code targetId}) and only items whose {@code field} is {@code expected}; {@code filter=miss} leaves the target
     * out; {@code filter=bad} is refused with {@code code}.
     */
    record Case(String path, String filter, String match, String expected, String miss, String bad, String code,
            Function<JsonNode, String> field, String targetId, Function<JsonNode, String> id) {
        @Override
        public String toString() {
            return "GET " + path + "?" + filter;
        }
    }

    @BeforeAll
    static void setUp() {
        alice = client("alice@example.com");
        long acme = app.context().scopes().findAccountByName("acme").orElseThrow().id();
        long acmeDev = app.context().scopes().findEnvironmentByName(acme, "acme-dev").orElseThrow().id();
        dev = "/api/v1beta0/user/" + acmeDev;
        acct = "/api/v1beta0/account/" + acme;
        String cloudImageId = SandboxImages.hold(app.context(), "sbx-0f117e01");
        ApiClient.Answer created = alice.post(dev + "/images/", """
                {"name":"%s","cloudPlatform":"sandbox","cloudLocation":"sandbox-west-1","cloudImageId":"%s",
                 "architecture":"arm64","os":{"id":"debian-12"},"scalrAgentInstalled":true,"cloudInitInstalled":true}"""
                .formatted(Fixtures.unique("filtered-image"), cloudImageId));
        assertEquals(201, created.status(), String.valueOf(created.body()));
        image = created.data();

        role = ok(alice.post(dev + "/roles/", """
                {"name":"%s","os":{"id":"debian-12"},"category":"filtered"}""".formatted(Fixtures.unique("filtered-role"))));
        ok(alice.post(dev + "/roles/" + role.path("id").asLong() + "/images/",
                "{\"image\":{\"id\":\"" + image.path("id").asText() + "\"}}"));
        farm = ok(alice.post(dev + "/farms/", "{\"name\":\"" + Fixtures.unique("filtered-farm") + "\"}"));
        String farmPath = dev + "/farms/" + farm.path("id").asLong() + "/";
        farmRole = ok(alice.post(farmPath + "farm-roles/", """
                {"alias":"filtered","role":{"id":%d},"cloudPlatform":"sandbox","cloudLocation":"sandbox-west-1",
                 "scaling":{"minInstances":1,"maxInstances":1}}""".formatted(role.path("id").asLong())));
        farm = ok(alice.post(farmPath + "actions/launch/", "{}"));
        app.context().scaler.runOnce();
        server = alice.get(dev + "/farm-roles/" + farmRole.path("id").asLong() + "/servers/").data().get(0);
    }

    private static JsonNode ok(ApiClient.Answer answer) {
        assertTrue(answer.status() == 200 || answer.status() == 201, String.valueOf(answer.body()));
        return answer.data();
    }

    private static ApiClient client(String email) {
        long id = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "tests");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    private static Function<JsonNode, String> at(String... path) {
        return node -> {
            JsonNode value = node;
            for (String step : path) {
                value = value.path(step);
            }
            return value.asText();
        };
    }

    private static Case imageCase(String filter, String match, String miss, String bad, Function<JsonNode, String> field) {
        return new Case(dev + "/images/", filter, match, match, miss, bad, "InvalidValue", field,
                image.path("id").asText(), at("id"));
    }

    @Test
    void every_image_filter_matches_exactly_and_refuses_impossible_values() {
        String name = image.path("name").asText();
        check(List.of(
                imageCase("id", image.path("id").asText(), NOT_AN_ID, "abc", at("id")),
                imageCase("name", name, name.substring(0, name.length() - 1), "%20", at("name")),
                imageCase("scope", "environment", "account", "farm", at("scope")),
                imageCase("cloudPlatform", "sandbox", "ec2", "gcp", at("cloudPlatform")),
                imageCase("cloudLocation", "sandbox-west-1", "sandbox-east-1", "%20", at("cloudLocation")),
                imageCase("cloudImageId", image.path("cloudImageId").asText(), "sbx-0f117e02", "%20", at("cloudImageId")),
                imageCase("architecture", "arm64", "x86_64", "sparc", at("architecture")),
                imageCase("source", "registered", "copied", "Manual", at("source")),
                imageCase("status", "active", "failed", "pending_delete", at("status")),
                imageCase("deprecated", "false", "true", "maybe", at("deprecated")),
                imageCase("os", "debian-12", "ubuntu-22-04", "beos-5", at("os", "id")),
                imageCase("scalrAgentInstalled", "true", "false", "yes", at("scalrAgentInstalled")),
                imageCase("cloudInitInstalled", "true", "false", "2", at("cloudInitInstalled"))));
    }

    @Test
    void every_role_and_role_image_filter_matches_exactly() {
        String roles = dev + "/roles/";
        String id = role.path("id").asText();
        String name = role.path("name").asText();
        Function<String[], Case> roleCase = c -> new Case(roles, c[0], c[1], c[2], c[3], c[4], "InvalidValue",
                at(c[5].split("\\.")), id, at("id"));
        check(List.of(
                roleCase.apply(new String[] {"id", id, id, "999999", "x", "id"}),
                roleCase.apply(new String[] {"name", name, name, name.substring(0, name.length() - 1), "%20", "name"}),
                roleCase.apply(new String[] {"os", "debian-12", "debian", "ubuntu", "beos-5", "os.family"}),
                roleCase.apply(new String[] {"category", "filtered", "filtered", "other", "%20", "category"}),
                roleCase.apply(new String[] {"scope", "environment", "environment", "account", "farm", "scope"}),
                roleCase.apply(new String[] {"deprecated", "false", "false", "true", "maybe", "deprecated"})));

        String roleImages = roles + id + "/images/";
        String imageId = image.path("id").asText();
        check(List.of(
                new Case(roleImages, "role", id, id, "999999", "x", "InvalidValue", at("role", "id"), imageId,
                        at("image", "id")),
                new Case(roleImages, "image", imageId, imageId, NOT_AN_ID, "abc", "InvalidValue", at("image", "id"),
                        imageId, at("image", "id"))));
    }

    @Test
    void every_farm_farm_role_and_server_filter_matches_exactly() {
        String farmId = farm.path("id").asText();
        String owner = farm.path("owner").path("id").asText();
        Function<String[], Case> farmCase = c -> new Case(dev + "/farms/", c[0], c[1], c[1], c[2], c[3], "InvalidValue",
                at(c[4].split("\\.")), farmId, at("id"));
        check(List.of(
                farmCase.apply(new String[] {"id", farmId, "999999", "x", "id"}),
                farmCase.apply(new String[] {"name", farm.path("name").asText(), "filtered", "%20", "name"}),
                farmCase.apply(new String[] {"owner", owner, "999999", "me", "owner.id"}),
                farmCase.apply(new String[] {"status", "running", "suspended", "sleeping", "status"})));

        String farmRoleId = farmRole.path("id").asText();
        String roleId = role.path("id").asText();
        Function<String[], Case> farmRoleCase = c -> new Case(dev + "/farms/" + farmId + "/farm-roles/", c[0], c[1], c[1],
                c[2], c[3], "InvalidValue", at(c[4].split("\\.")), farmRoleId, at("id"));
        check(List.of(
                farmRoleCase.apply(new String[] {"id", farmRoleId, "999999", "x", "id"}),
                farmRoleCase.apply(new String[] {"alias", "filtered", "other", "%20", "alias"}),
                farmRoleCase.apply(new String[] {"farm", farmId, "999999", "x", "farm.id"}),
                farmRoleCase.apply(new String[] {"role", roleId, "999999", "x", "role.id"}),
                farmRoleCase.apply(new String[] {"cloudPlatform", "sandbox", "ec2", "gcp", "cloudPlatform"}),
                farmRoleCase.apply(new String[] {"cloudLocation", "sandbox-west-1", "sandbox-east-1", "%20",
                        "cloudLocation"})));

        String serverId = server.path("id").asText();
        Function<String[], Case> serverCase = c -> new Case(dev + "/servers/", c[0], c[1], c[1], c[2], c[3],
                "InvalidValue", at(c[4].split("\\.")), serverId, at("id"));
        check(List.of(
                serverCase.apply(new String[] {"id", serverId, "999999", "x", "id"}),
                serverCase.apply(new String[] {"farm", farmId, "999999", "x", "farm.id"}),
                serverCase.apply(new String[] {"farmRole", farmRoleId, "999999", "x", "farmRole.id"}),
                serverCase.apply(new String[] {"status", server.path("status").asText(), "suspended", "flying", "status"}),
                serverCase.apply(new String[] {"imageId", image.path("id").asText(), NOT_AN_ID, "abc", "image.id"}),
                serverCase.apply(new String[] {"cloudServerId", server.path("cloudServerId").asText(), "i-0nothing", "%20",
                        "cloudServerId"}),
                serverCase.apply(new String[] {"cloudPlatform", "sandbox", "ec2", "gcp", "cloudPlatform"}),
                serverCase.apply(new String[] {"cloudLocation", "sandbox-west-1", "sandbox-east-1", "%20",
                        "cloudLocation"})));
    }

    @Test
    void credentials_operations_and_replacements_declare_filters_that_match_exactly() {
        JsonNode credentials = ok(alice.post(dev + "/cloud-credentials/", """
                {"name":"%s","cloudPlatform":"ec2","accessKeyId":"AKIAIOSFODNN7EXAMPLE",
                 "secretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}""".formatted(Fixtures.unique("filtered"))));
        String credentialsId = credentials.path("id").asText();
        Function<String[], Case> credentialsCase = c -> new Case(dev + "/cloud-credentials/", c[0], c[1], c[1], c[2],
                c[3], "InvalidValue", at(c[4]), credentialsId, at("id"));
        check(List.of(
                credentialsCase.apply(new String[] {"id", credentialsId, "999999", "x", "id"}),
                credentialsCase.apply(new String[] {"name", credentials.path("name").asText(), "filtered", "%20", "name"}),
                credentialsCase.apply(new String[] {"cloudPlatform", "ec2", "aliyun", "gcp", "cloudPlatform"}),
                credentialsCase.apply(new String[] {"scope", "environment", "account", "farm", "scope"})));

        People people = new People(app.context());
        StaleFarm stale = StaleFarm.create(app.context(), people.viewer("alice@example.com"),
                people.viewer("bob@example.com"), people.env("acme", "acme-dev"), 1);
        String operationId = ok(alice.post(dev + "/usage/actions/replace-servers/",
                "{\"farmRole\":{\"id\":" + stale.farmRole().id() + "}}")).path("id").asText();
        Function<String[], Case> operationCase = c -> new Case(dev + "/operations/", c[0], c[1], c[1], c[2], c[3],
                "InvalidValue", at(c[4]), operationId, at("id"));
        check(List.of(
                operationCase.apply(new String[] {"status", "running", "completed", "done", "status"}),
                operationCase.apply(new String[] {"kind", "replace-servers", "rebuild", "%20", "kind"})));

        String old = ok(alice.post(dev + "/images/", imageBody("sbx-0f117e03"))).path("id").asText();
        String fresh = ok(alice.post(dev + "/images/", imageBody("sbx-0f117e04"))).path("id").asText();
        long user = ok(alice.post(dev + "/roles/", """
                {"name":"%s","os":{"id":"debian-12"},"category":"filtered"}""".formatted(Fixtures.unique("replaced"))))
                .path("id").asLong();
        ok(alice.post(dev + "/roles/" + user + "/images/", "{\"image\":{\"id\":\"" + old + "\"}}"));
        ok(alice.post(dev + "/images/" + old + "/actions/replace/",
                "{\"deprecateOldImage\":false,\"newImage\":{\"id\":\"" + fresh + "\"}}"));
        String replacementId = alice.walk(dev + "/replacements/").stream()
                .filter(r -> r.path("oldImage").path("id").asText().equals(old)).findFirst().orElseThrow()
                .path("id").asText();
        Function<String[], Case> replacementCase = c -> new Case(dev + "/replacements/", c[0], c[1], c[1], c[2], c[3],
                "InvalidValue", at(c[4].split("\\.")), replacementId, at("id"));
        check(List.of(
                replacementCase.apply(new String[] {"oldImage", old, fresh, "abc", "oldImage.id"}),
                replacementCase.apply(new String[] {"newImage", fresh, old, "abc", "newImage.id"}),
                replacementCase.apply(new String[] {"rolledBack", "false", "true", "no", "rolledBack"}),
                replacementCase.apply(new String[] {"cloudPlatform", "sandbox", "ec2", "gcp", "cloudPlatform"}),
                replacementCase.apply(new String[] {"cloudLocation", "sandbox-west-1", "sandbox-east-1", "%20",
                        "cloudLocation"})));
    }

    /** A Debian arm64 sandbox image in the west, like the target image, held by the sandbox cloud. */
    private static String imageBody(String cloudImageId) {
        return """
                {"name":"%s","cloudPlatform":"sandbox","cloudLocation":"sandbox-west-1","cloudImageId":"%s",
                 "architecture":"arm64","os":{"id":"debian-12"}}""".formatted(Fixtures.unique("replaced-image"),
                SandboxImages.hold(app.context(), cloudImageId));
    }

    @Test
    void a_scope_filter_names_only_scopes_visible_from_the_url() {
        ApiClient.Answer below = alice.get(acct + "/images/?scope=environment");
        assertEquals(400, below.status());
        assertEquals("InvalidValue", below.errorCode());
        List<JsonNode> global = alice.walk(acct + "/images/?scope=scalr");
        assertFalse(global.isEmpty(), "the demo has Global images");
        global.forEach(i -> assertEquals("scalr", i.path("scope").asText()));
        assertEquals(1, alice.get(dev + "/images/?scope=environment&id=" + image.path("id").asText()).data().size());
        assertEquals(0, alice.get(dev + "/images/?scope=account&id=" + image.path("id").asText()).data().size());
    }

    @Test
    void a_page_past_the_end_is_empty_and_links_follow_the_total() {
        List<JsonNode> all = alice.walk(dev + "/images/?cloudPlatform=sandbox&maxResults=100");
        int total = all.size();
        assertTrue(total > 3, "the demo has sandbox images: " + total);
        int lastPage = (total + 1) / 2;
        ApiClient.Answer first = alice.get(dev + "/images/?cloudPlatform=sandbox&maxResults=2");
        assertTrue(first.body().path("pagination").path("last").asText().endsWith("maxResults=2&pageNum=" + lastPage),
                first.body().path("pagination").toString());
        ApiClient.Answer past = alice.get(dev + "/images/?cloudPlatform=sandbox&maxResults=2&pageNum=" + (lastPage + 50));
        assertEquals(200, past.status());
        assertEquals(0, past.data().size());
        assertTrue(past.body().path("pagination").path("next").isNull());
        assertTrue(past.body().path("pagination").path("prev").asText().endsWith("pageNum=" + lastPage));
        assertEquals(total, alice.walk(dev + "/images/?cloudPlatform=sandbox&maxResults=2").size());
    }

    @Test
    void role_images_and_credentials_page_in_sql_with_totals_in_the_links() {
        long paged = ok(alice.post(dev + "/roles/", """
                {"name":"%s","os":{"id":"debian-12"},"category":"paged"}""".formatted(Fixtures.unique("paged"))))
                .path("id").asLong();
        for (String cloudImageId : List.of("sbx-0f117e05", "sbx-0f117e06")) {
            String body = imageBody(cloudImageId);
            String imageId = ok(alice.post(dev + "/images/", cloudImageId.endsWith("6")
                    ? body.replace("sandbox-west-1", "sandbox-east-1") : body)).path("id").asText();
            ok(alice.post(dev + "/roles/" + paged + "/images/", "{\"image\":{\"id\":\"" + imageId + "\"}}"));
        }
        assertPaged(dev + "/roles/" + paged + "/images/", 2);

        for (int i = 0; i < 3; i++) {
            ok(alice.post(dev + "/cloud-credentials/", """
                    {"name":"%s","cloudPlatform":"ec2","accessKeyId":"AKIAIOSFODNN7EXAMPLE",
                     "secretAccessKey":"paged-secret-%d-abcdefghijklmnopqrstuv"}""".formatted(Fixtures.unique("paged"), i)));
        }
        assertPaged(dev + "/cloud-credentials/", alice.walk(dev + "/cloud-credentials/?maxResults=100").size());
    }

    /** One item a page: {@code total} pages, each item once, the last link on page {@code total}, nothing past it. */
    private static void assertPaged(String path, int total) {
        assertTrue(total >= 2, path + " has " + total);
        ApiClient.Answer first = alice.get(path + "?maxResults=1");
        assertEquals(1, first.data().size());
        assertTrue(first.body().path("pagination").path("last").asText().endsWith("maxResults=1&pageNum=" + total),
                first.body().path("pagination").toString());
        List<JsonNode> walked = alice.walk(path + "?maxResults=1");
        assertEquals(total, walked.size());
        assertEquals(total, walked.stream().map(JsonNode::toString).distinct().count(), "no item twice");
        ApiClient.Answer past = alice.get(path + "?maxResults=1&pageNum=" + (total + 1));
        assertEquals(200, past.status());
        assertEquals(0, past.data().size());
        assertTrue(past.body().path("pagination").path("next").isNull());
    }

    private static void check(List<Case> cases) {
        List<String> problems = new ArrayList<>();
        for (Case c : cases) {
            String match = c.path() + "?" + c.filter() + "=" + c.match();
            List<JsonNode> matched = alice.walk(match);
            if (matched.stream().noneMatch(item -> c.id().apply(item).equals(c.targetId()))) {
                problems.add(c + "=" + c.match() + " does not list the target");
            }
            matched.stream().filter(item -> !c.field().apply(item).equals(c.expected())).findFirst().ifPresent(item ->
                    problems.add(c + "=" + c.match() + " lists " + item));
            if (alice.walk(c.path() + "?" + c.filter() + "=" + c.miss()).stream()
                    .anyMatch(item -> c.id().apply(item).equals(c.targetId()))) {
                problems.add(c + "=" + c.miss() + " lists the target");
            }
            ApiClient.Answer bad = alice.get(c.path() + "?" + c.filter() + "=" + c.bad());
            if (bad.status() != 400 || !c.code().equals(bad.errorCode())) {
                problems.add(c + "=" + c.bad() + " answered " + bad.status() + " " + bad.body());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
