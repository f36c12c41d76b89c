package imagehub.updatetask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.support.Fixtures;
import imagehub.support.TestApp;
import imagehub.support.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node dies with runs half done; the next node to start on that database finishes them by itself (its scheduler's
 * poller, nobody calls it): a run cut off before the replace step is resumed and succeeds, one cut off after
 * replacing is reverted — never left half-applied.
 */
class RestartRecoveryTest {
    private static final String DB = TestDatabase.freshDatabaseUrl();

    @Test
    void a_restarted_app_resumes_a_run_cut_off_before_replacing_and_reverts_one_cut_off_after()
            throws Exception {
        TestApp crashed = new TestApp().withDemo().with("IMAGEHUB_DB_URL", DB)
                .with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000").with("IMAGEHUB_TASK_POLL_INTERVAL_MS", "3600000")
                .with("IMAGEHUB_SANDBOX_IMAGE_DELAY_MS", "0");
        crashed.beforeAll(null);
        TaskWorld.Source before;
        TaskWorld.Source after;
        long resumable;
        long revertible;
        try {
            TaskWorld world = new TaskWorld(crashed.context());
            before = world.source();
            UpdateTask first = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(), TaskWorld.now(before,
                    true, TaskInput.Target.role(before.role().id(), Fixtures.EAST)));
            assertEquals(Execution.SUCCEEDED, world.await(first.lastExecution().id()).status());
            String firstImage = world.roleImage(before.role());
            // A second run of it, which the node had started (creating the image) when it died an hour ago.
            resumable = world.ctx.jdbi.inTransaction(h -> {
                long id = world.ctx.updateTasks.newExecution(h, TaskStore.findTask(h, first.id(), false).orElseThrow(),
                        null, Execution.RUNNING, world.alice.userId(), Instant.now());
                TaskStore.startStep(h, id, Execution.Step.CREATE, Instant.now().minusSeconds(3600));
                return id;
            });
            after = world.source();
            UpdateTask second = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(), TaskWorld.now(after,
                    true, TaskInput.Target.role(after.role().id(), Fixtures.EAST)));
            revertible = world.await(second.lastExecution().id()).id();
            assertEquals(world.ctx.updateTasks.execution(world.alice, revertible).imageId(),
                    world.roleImage(after.role()));
            // As the node left it had it died during the deprecate step: targets replaced, the run not finished.
            world.ctx.jdbi.useHandle(h -> h.createUpdate("UPDATE update_task_executions SET status = 'running',"
                    + " phase = 'DEPRECATE', finished_at = NULL WHERE id = :id").bind("id", revertible).execute());
            world.ctx.jdbi.useHandle(h -> h.createUpdate("UPDATE update_task_executions SET heartbeat_at = :old,"
                    + " started_at = :old WHERE id IN (<ids>)").bind("old", Instant.now().minusSeconds(3600))
                    .bindList("ids", List.of(resumable, revertible)).execute());
            assertEquals(firstImage, world.roleImage(before.role()));
        } finally {
            crashed.afterAll(null);
        }

        TestApp restarted = new TestApp().with("IMAGEHUB_DB_URL", DB).with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000")
                .with("IMAGEHUB_TASK_POLL_INTERVAL_MS", "200").with("IMAGEHUB_SANDBOX_IMAGE_DELAY_MS", "0");
        restarted.beforeAll(null);
        try {
            TaskWorld world = new TaskWorld(restarted.context());
            Execution resumed = world.await(resumable);
            Execution reverted = world.await(revertible);

            assertEquals(Execution.SUCCEEDED, resumed.status(), () -> resumed.steps().toString());
            assertEquals(resumed.imageId(), world.roleImage(before.role()), "the resumed run's image is in place");
            assertEquals(1, resumed.steps().stream().filter(s -> s.name().equals(Execution.Step.CREATE)).count(),
                    "its create step was redone in place");

            assertEquals(Execution.REVERTED, reverted.status(), () -> reverted.steps().toString());
            assertTrue(reverted.cause().contains("Interrupted by a restart"), reverted.cause());
            assertEquals(after.image().id(), world.roleImage(after.role()), "the previous image is back");
            assertFalse(world.image(after.image().id()).deprecated());
            assertTrue(world.lineage(reverted.imageId()).fromFailedRun());

            assertTrue(world.fixtures.auditSince(0).stream().filter(a -> a.action().equals("update-task-run.resumed"))
                    .map(a -> Long.parseLong(a.objectId())).toList().containsAll(List.of(resumable, revertible)),
                    "both take-overs are audited");
        } finally {
            restarted.afterAll(null);
        }
    }
}
