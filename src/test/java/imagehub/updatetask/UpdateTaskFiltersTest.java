package imagehub.updatetask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.support.ApiClient;
import imagehub.support.Fixtures;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The status filters of the task list and of a task's runs: exact matches, other statuses left out, typos refused. */
class UpdateTaskFiltersTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000")
            .with("IMAGEHUB_TASK_POLL_INTERVAL_MS", "3600000").with("IMAGEHUB_SANDBOX_IMAGE_DELAY_MS", "0");

    private static ApiClient client(String email) {
        long id = app.context().jdbi.withExtension(UserDao.class, dao -> dao.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "filters");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    private static String periodic(TaskWorld world, TaskWorld.Source source, String name) {
        String expires = LocalDateTime.now(ZoneId.of("Europe/Berlin")).plusMonths(3).withSecond(0).withNano(0).toString();
        return """
                {"name": "%s", "sourceServer": {"id": %d}, "imageName": "web", "registerAt": "environment",
                 "targets": [{"role": {"id": %d}, "cloudLocation": "%s"}], "deprecateReplaced": false,
                 "timing": {"type": "periodic", "timeZone": "Europe/Berlin",
                            "recurrence": {"frequency": "monthly", "daysOfMonth": {"from": 21, "to": 25}, "timeOfDay": "02:00"},
                            "expiresAt": "%s"},
                 "runAs": {"id": %d}}""".formatted(name, source.server().id(), source.role().id(), Fixtures.EAST,
                expires, world.publisher);
    }

    private static List<Long> ids(ApiClient client, String path) {
        return client.walk(path).stream().map(item -> item.path("id").asLong()).toList();
    }

    @Test
    void tasks_and_runs_are_filtered_by_status() throws InterruptedException {
        TaskWorld world = new TaskWorld(app.context());
        TaskWorld.Source source = world.source();
        String tasks = "/api/v1beta0/user/" + world.acmeDev.id() + "/image-update-tasks/";
        ApiClient alice = client("alice@example.com");
        long active = alice.post(tasks, periodic(world, source, Fixtures.unique("active"))).data().path("id").asLong();
        long paused = alice.post(tasks, periodic(world, source, Fixtures.unique("paused"))).data().path("id").asLong();
        assertEquals("paused", alice.post(tasks + paused + "/actions/pause/", "").data().path("status").asText());

        List<Long> activeOnes = ids(alice, tasks + "?status=active");
        assertTrue(activeOnes.contains(active) && !activeOnes.contains(paused), activeOnes.toString());
        List<Long> pausedOnes = ids(alice, tasks + "?status=paused");
        assertTrue(pausedOnes.contains(paused) && !pausedOnes.contains(active), pausedOnes.toString());
        assertTrue(ids(alice, tasks + "?status=finished").stream().noneMatch(id -> id == active || id == paused));
        ApiClient.Answer typo = alice.get(tasks + "?status=Active");
        assertEquals(400, typo.status());
        assertEquals("InvalidValue", typo.errorCode());

        long run = alice.post(tasks + active + "/actions/run/", "").data().path("id").asLong();
        String status = await(alice, "/api/v1beta0/user/" + world.acmeDev.id() + "/image-update-task-executions/" + run + "/");
        String runs = tasks + active + "/executions/";
        assertEquals(List.of(run), ids(alice, runs + "?status=" + status));
        assertEquals(List.of(), ids(alice, runs + "?status=" + (status.equals("failed") ? "succeeded" : "failed")));
        assertEquals("InvalidValue", alice.get(runs + "?status=done").errorCode());
    }

    /** The run's final status, once it has one. */
    private static String await(ApiClient client, String path) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        String status;
        do {
            Thread.sleep(100);
            status = client.get(path).data().path("status").asText();
        } while (Set.of("pending", "running").contains(status) && System.currentTimeMillis() < deadline);
        return status;
    }
}
