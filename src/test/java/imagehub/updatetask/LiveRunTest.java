package imagehub.updatetask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.support.Fixtures;
import imagehub.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A run watched while it works: its steps show live, and a cancel stops it at its next check. */
class LiveRunTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000")
            .with("IMAGEHUB_TASK_POLL_INTERVAL_MS", "3600000").with("IMAGEHUB_SANDBOX_IMAGE_DELAY_MS", "600000");

    @Test
    void a_running_run_shows_its_current_step_and_a_cancel_stops_it_leaving_the_targets_alone()
            throws InterruptedException {
        TaskWorld world = new TaskWorld(app.context());
        TaskWorld.Source source = world.source();
        UpdateTask task = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(), TaskWorld.now(source, true,
                TaskInput.Target.role(source.role().id(), Fixtures.EAST)));
        long id = task.lastExecution().id();
        Execution running = world.ctx.updateTasks.execution(world.bob, id);
        long deadline = System.currentTimeMillis() + 15_000;
        while (running.steps().size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            running = world.ctx.updateTasks.execution(world.bob, id);
        }
        assertEquals(Execution.RUNNING, running.status());
        Execution.Step waiting = running.steps().get(1);
        assertEquals(Execution.Step.WAIT, waiting.name());
        assertEquals(Execution.Step.RUNNING, waiting.status(), "the sandbox takes 10 minutes to make the image");
        assertNull(waiting.finished());

        world.ctx.updateTasks.cancel(world.bob, id);
        Execution cancelled = world.await(id);
        assertEquals(Execution.CANCELLED, cancelled.status());
        assertEquals("Cancelled", cancelled.cause());
        assertTrue(cancelled.steps().stream().noneMatch(s -> s.status().equals(Execution.Step.RUNNING)));
        assertEquals(source.image().id(), world.roleImage(source.role()));
        assertTrue(!world.image(source.image().id()).deprecated());
        assertTrue(world.fixtures.auditSince(0).stream().anyMatch(a -> a.action().equals("update-task-run.cancelled")
                && a.objectId().equals(Long.toString(id))), "the cancel's outcome is audited");
    }
}
