package imagehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import imagehub.access.Viewer;
import imagehub.support.ApiClient;
import imagehub.support.Fixtures;
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
