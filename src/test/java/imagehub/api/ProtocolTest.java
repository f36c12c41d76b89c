package imagehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.image.Image;
import imagehub.support.ApiClient;
import imagehub.support.ApiProbe;
import imagehub.support.ApiProbe.Operation;
import imagehub.support.Fixtures;
import imagehub.support.TestApp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What spec-driven clients such as {@code scalr-ctl} send, over every route the specs declare where it
 * applies: a signed {@code {}} body on GET and DELETE, unsorted {@code +}-encoded queries, ids as strings,
 * a GET before each PATCH, and pagination links followed page by page.
 */
class ProtocolTest {
    private static final String KEY = "APIKPROTOCOL00000001";
    private static final String SECRET = "protocol-secret-of-some-length";

    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler()
            .with("IMAGEHUB_BOOTSTRAP_API_KEY", KEY + ":" + SECRET);

    private static ApiClient admin;
    private static List<Operation> operations;
    private static Map<String, Map<String, String>> ids;
    private static Fixtures fixtures;
    private static String acmeDev;

    @BeforeAll
    static void setUp() {
        admin = new ApiClient(app, KEY, SECRET);
        operations = ApiProbe.operations();
        ids = new ApiProbe(app).objects();
        fixtures = new Fixtures(app.context());
        acmeDev = "/api/v1beta0/user/" + ids.get("user").get("envId");
    }

    private static String path(Operation op) {
        return ApiProbe.fill(op.path(), ids.get(op.level()));
    }

    @Test
    void every_get_answers_200_to_a_signed_empty_object_body() {
        List<String> wrong = new ArrayList<>();
        for (Operation op : operations) {
            // 999999 stands for objects the demo has none of at that level (an operation, global credentials).
            if (op.method().equals("GET") && !path(op).contains("/999999/")) {
                ApiClient.Answer answer = admin.call("GET", path(op), "{}");
                if (answer.status() != 200 || answer.body().has("errors")) {
                    wrong.add(op + " -> " + answer.status() + " " + answer.body());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void a_delete_signed_with_an_empty_object_body_answers_204_with_an_empty_body() {
        Viewer system = Viewer.system();
        ScopeRef env = ScopeRef.environment(Long.parseLong(ids.get("user").get("envId")));
        ScopeRef account = ScopeRef.account(Long.parseLong(ids.get("account").get("accountId")));
        Image image = fixtures.ubuntu(system, env, Fixtures.EAST);
        Image global = fixtures.ubuntu(system, ScopeRef.GLOBAL, Fixtures.EAST);
        long role = fixtures.roleUsing(system, ScopeRef.GLOBAL, global).id();
        ApiProbe probe = new ApiProbe(app);
        long alice = Long.parseLong(ids.get("user").get("userId"));
        List<String> deletes = List.of(
                acmeDev + "/images/" + image.id() + "/",
                "/api/v1beta0/global/roles/" + role + "/images/" + global.id() + "/",
                "/api/v1beta0/global/roles/" + role + "/",
                "/api/v1beta0/global/images/" + global.id() + "/",
                "/api/v1beta0/account/" + account.id() + "/roles/" + fixtures.role(system, account, "ubuntu").id() + "/",
                acmeDev + "/cloud-credentials/" + probe.credentials(env) + "/",
                "/api/v1beta0/account/" + account.id() + "/cloud-credentials/" + probe.credentials(account) + "/",
                acmeDev + "/image-update-tasks/" + probe.updateTask(account.id(), env.id()) + "/",
                "/api/v1beta0/global/users/" + alice + "/api-keys/"
                        + app.context().apiKeys.create(system, alice, "to revoke").key().keyId() + "/");
        for (String path : deletes) {
            ApiClient.Answer answer = admin.call("DELETE", path, "{}");
            assertEquals(204, answer.status(), path + ": " + answer.body());
            assertNull(answer.body(), path + " answers 204 with an empty body");
            if (!path.contains("/api-keys/")) { // a key has no GET of its own
                assertEquals(404, admin.get(path).status(), path + " is gone");
            }
        }
    }

    @Test
    void unsorted_plus_encoded_queries_are_signed_and_filtered_and_their_links_rfc_3986_encoded() {
        Image image = fixtures.ubuntu(Viewer.system(), ScopeRef.environment(
                Long.parseLong(ids.get("user").get("envId"))), Fixtures.WEST);
        ApiClient.Answer found = admin.get(acmeDev + "/images/?name=" + image.name() + "&maxResults=5&cloudLocation="
                + Fixtures.WEST + "&cloudPlatform=sandbox");
        assertEquals(200, found.status(), String.valueOf(found.body()));
        assertEquals(image.id(), found.data().path(0).path("id").asText());
        assertEquals(1, found.data().size());

        ApiClient.Answer spaced = admin.get(acmeDev + "/images/?name=foo+bar%2Fbaz&maxResults=5&cloudPlatform=sandbox");
        assertEquals(200, spaced.status(), String.valueOf(spaced.body()));
        assertEquals(0, spaced.data().size());
        String first = spaced.body().path("pagination").path("first").asText();
        assertTrue(first.contains("name=foo%20bar%2Fbaz"), first);
        assertEquals(200, admin.get(first).status(), "the link, as given, is a request a client can sign and send");
    }

    @Test
    void ids_in_bodies_may_be_numbers_or_numeric_strings() {
        Viewer system = Viewer.system();
        ScopeRef env = ScopeRef.environment(Long.parseLong(ids.get("user").get("envId")));
        for (String roleRef : List.of("\"%d\"", "%d")) {
            long role = fixtures.role(system, env, "ubuntu").id();
            Image image = fixtures.ubuntu(system, env, Fixtures.EAST);
            ApiClient.Answer added = admin.post(acmeDev + "/roles/" + role + "/images/", "{\"role\": {\"id\": "
                    + roleRef.formatted(role) + "}, \"image\": {\"id\": \"" + image.id() + "\"}}");
            assertEquals(201, added.status(), String.valueOf(added.body()));
            assertEquals(image.id(), admin.get(acmeDev + "/roles/" + role + "/images/" + image.id() + "/")
                    .data().path("image").path("id").asText());
        }
        long role = fixtures.role(system, env, "ubuntu").id();
        ApiClient.Answer other = admin.post(acmeDev + "/roles/" + role + "/images/", "{\"role\": {\"id\": \""
                + (role + 1000) + "\"}, \"image\": {\"id\": \"" + fixtures.ubuntu(system, env, Fixtures.EAST).id() + "\"}}");
        assertEquals(400, other.status(), "a role id in the body that is not the path's is refused: " + other.body());
    }

    /**
     * {@code scalr-ctl} reads the object, edits it and sends back what may be written: every route with a
     * PATCH answers the GET, and its writable fields, sent back as read, are accepted and change nothing.
     */
    @Test
    void every_patch_route_reads_first_and_takes_back_what_it_answered() {
        List<String> wrong = new ArrayList<>();
        int patched = 0;
        for (Operation op : operations) {
            if (!op.method().equals("PATCH") || path(op).contains("/999999/")) {
                continue;
            }
            ApiClient.Answer read = admin.get(path(op));
            if (read.status() != 200) {
                wrong.add("GET before " + op + " -> " + read.status() + " " + read.body());
                continue;
            }
            ObjectNode body = ((ObjectNode) read.data()).deepCopy();
            body.retain(writable(op));
            ApiClient.Answer answer = admin.patch(path(op), body.toString());
            JsonNode after = admin.get(path(op)).data();
            Set<String> changed = new HashSet<>();
            body.fieldNames().forEachRemaining(name -> {
                if (!read.data().path(name).equals(after.path(name))) {
                    changed.add(name);
                }
            });
            if (answer.status() != 200 || !changed.isEmpty()) {
                wrong.add(op + " " + body + " -> " + answer.status() + " " + answer.body() + " changed " + changed);
            }
            patched++;
        }
        assertTrue(patched >= 10, "only " + patched + " PATCH routes walked");
        assertEquals(List.of(), wrong);
    }

    @Test
    void pagination_links_lead_through_every_page_with_the_filters_kept() {
        ScopeRef env = ScopeRef.environment(Long.parseLong(ids.get("user").get("envId")));
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(fixtures.image(Viewer.system(), env, Fixtures.EAST, "debian-12").id());
        }
        String first = acmeDev + "/images/?os=debian-12&maxResults=2&cloudLocation=" + Fixtures.EAST;
        ApiClient.Answer page = admin.get(first);
        assertEquals(200, page.status(), String.valueOf(page.body()));
        JsonNode links = page.body().path("pagination");
        long total = admin.walk(first).size();
        assertTrue(total >= 5);
        long lastPage = (total + 1) / 2;
        assertTrue(links.path("prev").isNull());
        assertTrue(links.path("next").asText().contains("pageNum=2"), links.toString());
        assertTrue(links.path("last").asText().endsWith("pageNum=" + lastPage), links.toString());
        for (String link : List.of("first", "next", "last")) {
            assertTrue(links.path(link).asText().contains("os=debian-12"), link + " keeps the filter: " + links);
        }
        ApiClient.Answer last = admin.get(links.path("last").asText());
        assertTrue(last.body().path("pagination").path("next").isNull());
        assertTrue(last.body().path("pagination").path("prev").asText().endsWith("pageNum=" + (lastPage - 1)));
        Set<String> walked = new HashSet<>();
        admin.walk(first).forEach(item -> assertTrue(walked.add(item.path("id").asText()), "no item twice"));
        assertTrue(walked.containsAll(created), "every page walked: " + walked);
    }

    /**
     * The names a PATCH body of {@code op} may carry: its schema's properties but the read-only ones and those
     * the definition lists in {@code x-createOnly}, which scalr-ctl leaves out of an update.
     */
    @SuppressWarnings("unchecked")
    private static Set<String> writable(Operation op) {
        Set<String> names = new HashSet<>();
        List<String> createOnly = (List<String>) op.body().getOrDefault("x-createOnly", List.of());
        ((Map<String, Object>) op.body().getOrDefault("properties", Map.of())).forEach((name, property) -> {
            if (!Boolean.TRUE.equals(((Map<String, Object>) property).get("readOnly")) && !createOnly.contains(name)) {
                names.add(name);
            }
        });
        return names;
    }
}
