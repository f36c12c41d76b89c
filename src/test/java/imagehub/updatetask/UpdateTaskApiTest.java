package imagehub.updatetask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import imagehub.access.Viewer;
import imagehub.image.Image;
import imagehub.role.Role;
import imagehub.support.ApiClient;
import imagehub.support.Fixtures;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The image update task API and publish, signed, in the issue's shapes; refusals name the field. */
class UpdateTaskApiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000")
            .with("IMAGEHUB_TASK_POLL_INTERVAL_MS", "3600000").with("IMAGEHUB_SANDBOX_IMAGE_DELAY_MS", "0");

    private TaskWorld world;
    private TaskWorld.Source source;
    private String env;

    @BeforeEach
    void setUp() {
        world = new TaskWorld(app.context());
        source = world.source();
        env = "/api/v1beta0/user/" + world.acmeDev.id();
    }

    private ApiClient client(String email) {
        long id = app.context().jdbi.withExtension(UserDao.class, dao -> dao.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "tasks");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    private String periodicBody(String name) {
        String expires = LocalDateTime.now(ZoneId.of("Europe/Berlin")).plusMonths(3).withSecond(0).withNano(0).toString();
        return """
                {"name": "%s", "sourceServer": {"id": %d}, "imageName": "web", "registerAt": "environment",
                 "targets": [{"role": {"id": %d}, "cloudLocation": "%s"}, {"farmRole": {"id": %d}}],
                 "deprecateReplaced": true,
                 "timing": {"type": "periodic", "timeZone": "Europe/Berlin",
                            "recurrence": {"frequency": "monthly", "daysOfMonth": {"from": 21, "to": 25}, "timeOfDay": "02:00"},
                            "expiresAt": "%s"},
                 "runAs": {"id": %d}}""".formatted(name, source.server().id(), source.role().id(), Fixtures.EAST,
                source.farmRole().id(), expires, world.publisher);
    }

    private JsonNode await(ApiClient client, long executionId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode run;
        do {
            Thread.sleep(100);
            run = client.get(env + "/image-update-task-executions/" + executionId + "/").data();
        } while (Set.of("pending", "running").contains(run.get("status").asText())
                && System.currentTimeMillis() < deadline);
        return run;
    }

    @Test
    void a_task_is_created_read_run_paused_resumed_and_deleted_in_the_issues_shapes() throws InterruptedException {
        ApiClient alice = client("alice@example.com");
        ApiClient.Answer created = alice.post(env + "/image-update-tasks/", periodicBody("monthly"));
        assertEquals(201, created.status(), created.body().toString());
        JsonNode task = created.data();
        long id = task.get("id").asLong();
        assertEquals("active", task.get("status").asText());
        assertEquals(5, task.get("nextRuns").size());
        assertEquals("monthly", task.at("/timing/recurrence/frequency").asText());
        assertEquals(21, task.at("/timing/recurrence/daysOfMonth/from").asInt());
        assertEquals("02:00", task.at("/timing/recurrence/timeOfDay").asText());
        assertEquals(source.farmRole().id(), task.at("/targets/1/farmRole/id").asLong());
        assertEquals(world.publisher, task.at("/runAs/id").asLong());

        assertEquals("renamed", alice.patch(env + "/image-update-tasks/" + id + "/", "{\"name\": \"renamed\"}")
                .data().get("name").asText());
        ApiClient bob = client("bob@example.com");
        ApiClient.Answer run = bob.post(env + "/image-update-tasks/" + id + "/actions/run/", "");
        assertEquals(202, run.status(), run.body().toString());
        JsonNode done = await(bob, run.data().get("id").asLong());
        assertEquals("succeeded", done.get("status").asText(), done.toString());
        assertEquals(id, done.at("/task/id").asLong());
        assertTrue(done.at("/image/name").asText().startsWith("web_on_" + done.get("id").asLong() + "_at_"));
        assertEquals(5, done.get("steps").size());
        assertTrue(done.at("/steps/0/started").isTextual() && done.at("/steps/0/finished").isTextual());
        assertEquals(1, bob.get(env + "/image-update-tasks/" + id + "/executions/").data().size());

        assertEquals("paused", bob.post(env + "/image-update-tasks/" + id + "/actions/pause/", "").data()
                .get("status").asText());
        assertEquals("active", bob.post(env + "/image-update-tasks/" + id + "/actions/resume/", "").data()
                .get("status").asText());
        assertEquals(403, bob.delete(env + "/image-update-tasks/" + id + "/").status(), "operators may not delete");
        assertEquals(204, alice.delete(env + "/image-update-tasks/" + id + "/").status());
        assertEquals(404, alice.get(env + "/image-update-tasks/" + id + "/").status());
    }

    @Test
    void refusals_are_400_invalid_value_naming_the_field_and_write_nothing() {
        ApiClient alice = client("alice@example.com");
        long before = world.count("update_tasks");
        String past = LocalDateTime.now(ZoneId.of("UTC")).minusHours(1).withSecond(0).withNano(0).toString();
        String body = periodicBody("late").replaceAll("\"timing\": \\{[^}]*\\{[^}]*\\{[^}]*\\}[^}]*\\}[^}]*\\}",
                "\"timing\": {\"type\": \"scheduled\", \"at\": \"" + past + "\", \"timeZone\": \"UTC\"}");
        ApiClient.Answer pastTime = alice.post(env + "/image-update-tasks/", body);
        assertEquals(400, pastTime.status(), pastTime.body().toString());
        assertEquals("InvalidValue", pastTime.errorCode());
        assertTrue(pastTime.body().toString().contains("timing.at"), pastTime.body().toString());

        ApiClient.Answer noRunAs = alice.post(env + "/image-update-tasks/",
                periodicBody("orphan").replaceAll(",\\s*\"runAs\": \\{\"id\": \\d+\\}", ""));
        assertEquals(400, noRunAs.status(), noRunAs.body().toString());
        assertTrue(noRunAs.body().toString().contains("runAs"));

        ApiClient.Answer unknownServer = alice.post(env + "/image-update-tasks/",
                periodicBody("ghost").replace("\"sourceServer\": {\"id\": " + source.server().id() + "}",
                        "\"sourceServer\": {\"id\": 987654}"));
        assertEquals(400, unknownServer.status());
        assertTrue(unknownServer.body().toString().contains("sourceServer"));

        ApiClient.Answer badRecurrence = alice.post(env + "/image-update-tasks/",
                periodicBody("bad").replace("\"from\": 21, \"to\": 25", "\"from\": 25, \"to\": 21"));
        assertEquals(400, badRecurrence.status());
        assertTrue(badRecurrence.body().toString().contains("timing.recurrence"));
        assertEquals(before, world.count("update_tasks"));
    }

    @Test
    void publish_answers_202_with_a_run_that_replaces_and_deprecates() throws InterruptedException {
        ApiClient alice = client("alice@example.com");
        ApiClient.Answer started = alice.post(env + "/images/actions/publish/", """
                {"server": {"id": %d}, "role": {"id": %d}, "cloudLocation": "%s", "imageName": "ci"}"""
                .formatted(source.server().id(), source.role().id(), Fixtures.EAST));
        assertEquals(202, started.status(), started.body().toString());
        assertTrue(started.data().get("task").isNull());
        JsonNode run = await(alice, started.data().get("id").asLong());
        assertEquals("succeeded", run.get("status").asText(), run.toString());
        assertEquals(run.at("/image/id").asText(), world.roleImage(source.role()));
        assertTrue(world.image(source.image().id()).deprecated());
        assertEquals(world.acme, world.image(run.at("/image/id").asText()).scope());

        ApiClient.Answer noServer = alice.post(env + "/images/actions/publish/", """
                {"role": {"id": %d}, "cloudLocation": "%s", "imageName": "ci"}""".formatted(source.role().id(),
                Fixtures.EAST));
        assertEquals(400, noServer.status());
        assertTrue(noServer.body().toString().contains("server"), noServer.body().toString());
    }

    @Test
    void deprecating_an_image_the_caller_may_not_deprecate_is_400_on_deprecate_replaced_for_tasks_and_publish() {
        ApiClient alice = client("alice@example.com");
        Image global = world.fixtures.ubuntu(new imagehub.support.People(app.context()).viewer(TestApp.ADMIN),
                imagehub.core.ScopeRef.GLOBAL, Fixtures.EAST);
        Role onGlobal = world.fixtures.roleUsing(world.alice, world.acmeDev, global);
        long before = world.count("update_task_executions");
        ApiClient.Answer publish = alice.post(env + "/images/actions/publish/", """
                {"server": {"id": %d}, "role": {"id": %d}, "cloudLocation": "%s", "imageName": "ci"}"""
                .formatted(source.server().id(), onGlobal.id(), Fixtures.EAST));
        assertEquals(400, publish.status(), publish.body().toString());
        assertEquals("InvalidValue", publish.errorCode());
        assertTrue(publish.body().toString().contains("deprecateReplaced"), publish.body().toString());
        assertEquals(before, world.count("update_task_executions"), "nothing is written");

        ApiClient.Answer task = alice.post(env + "/image-update-tasks/", """
                {"name": "now", "sourceServer": {"id": %d}, "imageName": "web", "registerAt": "environment",
                 "targets": [{"role": {"id": %d}, "cloudLocation": "%s"}], "deprecateReplaced": true,
                 "timing": {"type": "now", "timeZone": "UTC"}}""".formatted(source.server().id(), onGlobal.id(),
                Fixtures.EAST));
        assertEquals(400, task.status(), task.body().toString());
        assertTrue(task.body().toString().contains("deprecateReplaced"), task.body().toString());
        assertEquals(before, world.count("update_task_executions"));
    }

    @Test
    void a_finished_run_cannot_be_cancelled_and_other_tenants_get_404() throws InterruptedException {
        ApiClient alice = client("alice@example.com");
        long id = alice.post(env + "/image-update-tasks/", periodicBody("probe")).data().get("id").asLong();
        long runId = alice.post(env + "/image-update-tasks/" + id + "/actions/run/", "").data().get("id").asLong();
        await(alice, runId);
        ApiClient.Answer cancel = alice.post(env + "/image-update-task-executions/" + runId + "/actions/cancel/", "");
        assertEquals(409, cancel.status(), cancel.body().toString());
        ApiClient carol = client("carol@example.com");
        assertEquals(404, carol.get(env + "/image-update-tasks/" + id + "/").status());
        assertEquals(404, carol.get(env + "/image-update-task-executions/" + runId + "/").status());
        assertEquals(404, carol.get(env + "/image-update-tasks/").status());
        String globexProd = "/api/v1beta0/user/" + new imagehub.support.People(app.context()).env("globex",
                "globex-prod").id();
        assertEquals(404, carol.get(globexProd + "/image-update-tasks/" + id + "/").status(),
                "a task is found only under its own environment");
    }
}
