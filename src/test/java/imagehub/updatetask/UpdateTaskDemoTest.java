package imagehub.updatetask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.demo.DemoData;
import imagehub.role.Role;
import imagehub.role.RoleFilter;
import imagehub.support.TestApp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo's update task: a real history made by the real runner at first start, seeded once. */
class UpdateTaskDemoTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000")
            .with("IMAGEHUB_TASK_POLL_INTERVAL_MS", "3600000");

    @Test
    void the_demo_has_a_periodic_task_with_past_runs_one_of_them_reverted_and_publish_runs() {
        TaskWorld world = new TaskWorld(app.context());
        UpdateTask task = demoTask(world);
        assertEquals(TaskInput.Timing.PERIODIC, task.timing().type());
        assertEquals(UpdateTask.ACTIVE, task.status());
        assertEquals(UpdateTaskService.NEXT_RUNS, task.nextRuns().size());
        assertEquals(world.publisher, task.runAsUserId());

        List<Execution> runs = world.ctx.updateTasks.executions(world.bob, task.id(), 0, 10).items().stream()
                .sorted(java.util.Comparator.comparingLong(Execution::id)).toList();
        assertEquals(List.of(Execution.SUCCEEDED, Execution.REVERTED, Execution.SUCCEEDED),
                runs.stream().map(Execution::status).toList(), runs::toString);
        Execution reverted = runs.get(1);
        assertTrue(reverted.cause().contains("ubuntu-22-04-2"), reverted.cause());
        assertEquals(Execution.Step.REVERT, reverted.steps().get(reverted.steps().size() - 1).name());
        assertTrue(world.lineage(reverted.imageId()).fromFailedRun(), "the failed run's image is kept, marked");

        Role role = world.ctx.roles.list(world.alice, world.acmeDev, RoleFilter.of(UpdateTaskDemo.ROLE, null, null))
                .get(0);
        Execution last = runs.get(2);
        assertEquals(last.imageId(), world.roleImage(role), "the last run's image is in the role");
        TaskWorld.Lineage lineage = world.lineage(last.imageId());
        assertEquals(task.sourceServerId(), lineage.sourceServerId());
        assertEquals(task.id(), lineage.taskId());
        assertFalse(lineage.fromFailedRun());
        assertTrue(world.image(last.imageId()).name().startsWith("app-server-baked_on_" + last.id() + "_at_"));

        long publishRuns = world.ctx.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM update_task_executions"
                + " WHERE task_id IS NULL AND env_id = :env AND status = 'succeeded'").bind("env", world.acmeDev.id())
                .mapTo(Long.class).one());
        assertEquals(2, publishRuns, "the CI pipeline published twice");
    }

    @Test
    void seeding_the_demo_again_creates_nothing_twice() {
        TaskWorld world = new TaskWorld(app.context());
        List<String> tables = List.of("update_tasks", "update_task_executions", "update_task_steps", "images", "roles",
                "sandbox_images");
        Map<String, Long> before = tables.stream().collect(java.util.stream.Collectors.toMap(t -> t, world::count));
        new DemoData(app.context()).seed();
        tables.forEach(t -> assertEquals(before.get(t), world.count(t), t));
    }

    private static UpdateTask demoTask(TaskWorld world) {
        return world.ctx.updateTasks.list(world.bob, world.acmeDev.id(), 0, 100).items().stream()
                .filter(t -> t.name().equals(UpdateTaskDemo.TASK)).findFirst().orElseThrow();
    }
}
