package imagehub.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.support.ApiClient;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replace servers through the signed API: start, follow, cancel, and the refusals. */
class OperationApiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo()
            .with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000")
            .with("IMAGEHUB_OPERATIONS_INTERVAL_MS", "3600000");

    private static ApiClient bob;
    private static ApiClient carol;
    private static People people;
    private static ScopeRef acmeDev;
    private static String base;

    @BeforeAll
    static void setUp() {
        bob = client("bob@example.com");
        carol = client("carol@example.com");
        people = new People(app.context());
        acmeDev = people.env("acme", "acme-dev");
        base = "/api/v1beta0/user/" + acmeDev.id();
    }

    private static ApiClient client(String email) {
        long id = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "tests");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    private static StaleFarm staleFarm(int min) {
        return StaleFarm.create(app.context(), people.viewer("alice@example.com"), people.viewer("bob@example.com"),
                acmeDev, min);
    }

    @Test
    void start_follow_and_cancel_a_replacement() {
        StaleFarm stale = staleFarm(4);
        ApiClient.Answer started = bob.post(base + "/usage/actions/replace-servers/",
                "{\"farmRole\":{\"id\":" + stale.farmRole().id() + "},\"batchSize\":2,\"pauseSeconds\":0}");
        assertEquals(201, started.status(), String.valueOf(started.body()));
        long id = started.data().path("id").asLong();
        assertEquals("running", started.data().path("status").asText());
        assertEquals(4, started.data().path("total").asInt());
        assertEquals("farmRole", started.data().path("target").path("type").asText());
        assertEquals(2, started.data().path("batchSize").asInt());

        app.context().operationDriver.runOnce();
        ApiClient.Answer progress = bob.get(base + "/operations/" + id + "/");
        assertEquals(200, progress.status());
        assertEquals(2, progress.data().path("replaced").asInt());
        assertEquals(50, progress.data().path("progress").asInt());

        ApiClient.Answer cancelled = bob.post(base + "/operations/" + id + "/actions/cancel/", "");
        assertEquals(200, cancelled.status(), String.valueOf(cancelled.body()));
        assertEquals("cancelled", cancelled.data().path("status").asText());
        assertTrue(cancelled.data().hasNonNull("finished"));
        assertEquals(409, bob.post(base + "/operations/" + id + "/actions/cancel/", "").status());
        assertEquals("ObjectNotFound", carol.get(base + "/operations/" + id + "/").errorCode());
    }

    @Test
    void operations_are_listed_newest_first_a_page_at_a_time() {
        StaleFarm first = staleFarm(1);
        StaleFarm second = staleFarm(1);
        String start = base + "/usage/actions/replace-servers/";
        long older = bob.post(start, "{\"farm\":{\"id\":" + first.farm().id() + "}}").data().path("id").asLong();
        long newer = bob.post(start, "{\"farm\":{\"id\":" + second.farm().id() + "}}").data().path("id").asLong();

        ApiClient.Answer page = bob.get(base + "/operations/?maxResults=1");
        assertEquals(200, page.status(), String.valueOf(page.body()));
        assertEquals(1, page.data().size());
        assertEquals(newer, page.data().get(0).path("id").asLong());
        assertTrue(page.body().path("pagination").hasNonNull("next"), "a second page is linked");
        ApiClient.Answer all = bob.get(base + "/operations/?maxResults=100");
        List<Long> ids = new ArrayList<>();
        all.data().forEach(op -> ids.add(op.path("id").asLong()));
        assertTrue(ids.indexOf(newer) >= 0 && ids.indexOf(newer) < ids.indexOf(older), "newest first: " + ids);
        assertEquals(ids, ids.stream().sorted(java.util.Comparator.reverseOrder()).toList());
        assertEquals("ObjectNotFound", carol.get(base + "/operations/").errorCode(), "outside carol's reach");
    }

    @Test
    void refusals_answer_with_scalr_error_codes() {
        StaleFarm stale = staleFarm(1);
        String path = base + "/usage/actions/replace-servers/";
        assertEquals("InvalidStructure", bob.post(path, "{\"batchSize\":1}").errorCode(), "a target is required");
        assertEquals("InvalidStructure", bob.post(path, "{\"farm\":{\"id\":" + stale.farm().id()
                + "},\"image\":{\"id\":\"" + stale.old().id() + "\"}}").errorCode(), "only one target");
        assertEquals("InvalidValue", bob.post(path, "{\"farm\":{\"id\":" + stale.farm().id() + "},\"batchSize\":0}")
                .errorCode());
        assertEquals("ObjectNotFound", carol.post(path, "{\"farm\":{\"id\":" + stale.farm().id() + "}}").errorCode());

        ApiClient.Answer byImage = bob.post(path, "{\"image\":{\"id\":\"" + stale.old().id() + "\"},\"batchSize\":5}");
        assertEquals(201, byImage.status(), String.valueOf(byImage.body()));
        app.context().operationDriver.runOnce();
        app.context().scaler.runOnce();
        app.context().operationDriver.runOnce();
        assertEquals("completed", bob.get(base + "/operations/" + byImage.data().path("id").asLong() + "/")
                .data().path("status").asText());
        ApiClient.Answer nothing = bob.post(path, "{\"farm\":{\"id\":" + stale.farm().id() + "}}");
        assertEquals(409, nothing.status());
        assertEquals("UnacceptableState", nothing.errorCode());
    }
}
