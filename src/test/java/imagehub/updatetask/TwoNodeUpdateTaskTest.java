package imagehub.updatetask;

import static org.junit.jupiter.api.Assertions.assertEquals;

import imagehub.support.Fixtures;
import imagehub.support.TestApp;
import imagehub.support.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two Imagehub nodes on one database, both polling every 200 ms: every due slot runs exactly once. */
class TwoNodeUpdateTaskTest {
    private static final String DB = TestDatabase.freshDatabaseUrl();

    @RegisterExtension
    static final TestApp first = new TestApp().withDemo().with("IMAGEHUB_DB_URL", DB)
            .with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000").with("IMAGEHUB_TASK_POLL_INTERVAL_MS", "200")
            .with("IMAGEHUB_SANDBOX_IMAGE_DELAY_MS", "0");

    @RegisterExtension
    static final TestApp second = new TestApp().with("IMAGEHUB_DB_URL", DB)
            .with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000").with("IMAGEHUB_TASK_POLL_INTERVAL_MS", "200")
            .with("IMAGEHUB_SANDBOX_IMAGE_DELAY_MS", "0");

    @Test
    void each_due_slot_runs_once_across_two_nodes() throws InterruptedException {
        TaskWorld world = new TaskWorld(first.context());
        List<Long> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TaskWorld.Source source = world.source();
            tasks.add(world.ctx.updateTasks.create(world.alice, world.acmeDev.id(),
                    world.periodic(source, TaskInput.Target.role(source.role().id(), Fixtures.EAST))).id());
        }
        Instant slot = Instant.now().minusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (long id : tasks) {
            world.ctx.jdbi.useHandle(h -> h.createUpdate("UPDATE update_tasks SET next_run_at = :at WHERE id = :id")
                    .bind("at", slot).bind("id", id).execute());
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && unfinished(world, tasks) > 0) {
            Thread.sleep(200);
        }
        Thread.sleep(1_000);
        for (long id : tasks) {
            List<Execution> runs = world.ctx.updateTasks.executions(world.alice, id, 0, 10).items();
            assertEquals(1, runs.size(), "one run for the slot of task " + id);
            Execution run = runs.get(0);
            assertEquals(Execution.SUCCEEDED, run.status(), () -> run.steps().toString());
            assertEquals(5, run.steps().size(), "each step ran once");
            long built = world.ctx.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM sandbox_images"
                    + " WHERE name = :name").bind("name", run.imageName()).mapTo(Long.class).one());
            assertEquals(1, built, "one snapshot for the run");
        }
    }

    private static long unfinished(TaskWorld world, List<Long> tasks) {
        return world.ctx.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM update_tasks t WHERE t.id IN (<ids>)"
                + " AND NOT EXISTS (SELECT 1 FROM update_task_executions e WHERE e.task_id = t.id"
                + " AND e.status NOT IN ('pending', 'running'))").bindList("ids", tasks).mapTo(Long.class).one());
    }
}
