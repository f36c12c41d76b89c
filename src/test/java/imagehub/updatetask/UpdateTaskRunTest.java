package imagehub.updatetask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.audit.AuditRecord;
import imagehub.core.ConflictException;
import imagehub.image.Image;
import imagehub.role.Role;
import imagehub.support.Fixtures;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs on real MariaDB and the sandbox cloud: every step, failures at each step, cancel, crash recovery, publish. */
class UpdateTaskRunTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000")
            .with("IMAGEHUB_TASK_POLL_INTERVAL_MS", "3600000").with("IMAGEHUB_SANDBOX_IMAGE_DELAY_MS", "0");

    private TaskWorld world;

    @BeforeEach
    void setUp() {
        world = new TaskWorld(app.context());
    }

    @AfterEach
    void noFailure() {
        world.ctx.updateTaskRunner.failAt = null;
    }

    @Test
    void a_now_task_snapshots_registers_with_lineage_and_replaces_in_every_target() {
        TaskWorld.Source source = world.source();
        Image other = world.fixtures.ubuntu(world.alice, world.acmeDev, Fixtures.EAST);
        Role second = world.fixtures.roleUsing(world.alice, world.acmeDev, other);
        UpdateTask task = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(), TaskWorld.now(source, true,
                TaskInput.Target.farmRole(source.farmRole().id()), TaskInput.Target.role(second.id(), Fixtures.EAST)));
        assertEquals(UpdateTask.FINISHED, task.status(), "a now task has no further runs");
        Execution run = world.await(task.lastExecution().id());

        assertEquals(Execution.SUCCEEDED, run.status(), () -> run.steps().toString());
        assertEquals(List.of(Execution.Step.CREATE, Execution.Step.WAIT, Execution.Step.REGISTER,
                Execution.Step.REPLACE, Execution.Step.DEPRECATE), run.steps().stream().map(Execution.Step::name).toList());
        assertTrue(run.steps().stream().allMatch(s -> s.status().equals(Execution.Step.SUCCEEDED)
                && s.started() != null && !s.finished().isBefore(s.started())));
        assertEquals(run.imageId(), world.roleImage(source.role()));
        assertEquals(run.imageId(), world.roleImage(second));
        Image built = world.image(run.imageId());
        assertEquals(run.imageName(), built.name());
        assertEquals(new TaskWorld.Lineage(source.server().id(), source.image().id(), task.id(), run.id(), false),
                world.lineage(built.id()));
        assertTrue(world.image(source.image().id()).deprecated(), "the replaced image is deprecated");
        assertTrue(world.image(other.id()).deprecated());
    }

    @Test
    void every_status_change_of_a_run_is_audited_in_its_environment_with_the_cause() {
        TaskWorld.Source source = world.source();
        long mark = world.fixtures.auditMark();
        UpdateTask task = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(), TaskWorld.now(source, true,
                TaskInput.Target.role(source.role().id(), Fixtures.EAST)));
        Execution succeeded = world.await(task.lastExecution().id());
        world.ctx.updateTaskRunner.failAt = TaskRunner.FailurePoint.DEPRECATE;
        Execution reverted = world.await(world.ctx.updateTasks.runNow(world.alice, task.id()).id());
        assertEquals(Execution.REVERTED, reverted.status());

        List<AuditRecord> entries = world.fixtures.auditSince(mark).stream()
                .filter(a -> a.objectType().equals("update-task-execution")).toList();
        assertEquals(List.of("update-task-run.started", "update-task-run.succeeded"), actions(entries, succeeded));
        assertEquals(List.of("update-task-run.started", "update-task-run.reverted"), actions(entries, reverted));
        AuditRecord revert = entries.get(entries.size() - 1);
        assertTrue(revert.afterJson().contains("Injected failure at deprecate")
                && revert.beforeJson().contains("running"), revert.afterJson());
        assertTrue(entries.stream().allMatch(a -> a.scopeLevel().equals("ENVIRONMENT")
                && a.scopeId() == world.acmeDev.id() && a.actorId() == world.alice.userId()
                && a.channel().equals("scheduler")), entries.toString());

        HttpResponse<String> page = WebClient.signedIn(app, "alice@example.com").get(world.acmeDev.path() + "/audit");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("update-task-run.reverted") && page.body().contains("run " + reverted.id()),
                "the environment's audit page shows it");
    }

    private static List<String> actions(List<AuditRecord> entries, Execution run) {
        return entries.stream().filter(a -> a.objectId().equals(Long.toString(run.id()))).map(AuditRecord::action)
                .toList();
    }

    @Test
    void every_run_names_its_image_name_on_run_at_minute_in_the_tasks_time_zone() {
        TaskWorld.Source source = world.source();
        TaskInput input = TaskWorld.now(source, false, TaskInput.Target.role(source.role().id(), Fixtures.EAST));
        TaskInput inTokyo = new TaskInput(input.name(), input.sourceServerId(), "web", input.registerAt(),
                input.targets(), false, new TaskInput.Timing("now", null, "Asia/Tokyo", null, null, null), null);
        UpdateTask task = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(), inTokyo);
        Execution run = world.await(task.lastExecution().id());
        String expected = "web_on_" + run.id() + "_at_"
                + UpdateTaskService.NAME_TIME.format(run.slot() == null ? Instant.now().atZone(ZoneId.of("Asia/Tokyo"))
                        : run.slot().atZone(ZoneId.of("Asia/Tokyo")));
        assertTrue(run.imageName().matches("web_on_" + run.id() + "_at_\\d{12}"), run.imageName());
        // The minute may tick between the run's creation and this line; the date and hour in Tokyo may not.
        assertEquals(expected.substring(0, expected.length() - 4), run.imageName().substring(0, expected.length() - 4));
        assertEquals(run.imageName(), world.image(run.imageId()).name());
    }

    @ParameterizedTest
    @EnumSource(TaskRunner.FailurePoint.class)
    void a_failure_at_any_step_restores_every_target_keeps_the_image_marked_and_records_the_cause(
            TaskRunner.FailurePoint point) {
        TaskWorld.Source source = world.source();
        Image other = world.fixtures.ubuntu(world.alice, world.acmeDev, Fixtures.EAST);
        Role second = world.fixtures.roleUsing(world.alice, world.acmeDev, other);
        world.ctx.updateTaskRunner.failAt = point;
        UpdateTask task = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(), TaskWorld.now(source, true,
                TaskInput.Target.role(source.role().id(), Fixtures.EAST), TaskInput.Target.role(second.id(), Fixtures.EAST)));
        Execution run = world.await(task.lastExecution().id());

        assertEquals(point == TaskRunner.FailurePoint.DEPRECATE ? Execution.REVERTED : Execution.FAILED, run.status(),
                () -> run.steps().toString());
        assertTrue(run.cause().contains("Injected failure at " + point.name().toLowerCase()), run.cause());
        assertEquals(source.image().id(), world.roleImage(source.role()), "target restored");
        assertEquals(other.id(), world.roleImage(second), "target restored");
        assertFalse(world.image(source.image().id()).deprecated(), "the replaced image is not left deprecated");
        assertFalse(world.image(other.id()).deprecated());
        assertTrue(run.steps().stream().anyMatch(s -> s.status().equals(Execution.Step.FAILED)
                && s.message().contains("Injected")));
        if (point.ordinal() > TaskRunner.FailurePoint.REGISTER.ordinal()) {
            assertNotNull(run.imageId(), "the image stays registered");
            assertTrue(world.lineage(run.imageId()).fromFailedRun(), "and is marked as from a failed run");
        } else {
            assertEquals(null, run.imageId());
        }
        if (point == TaskRunner.FailurePoint.DEPRECATE) {
            assertEquals(Execution.Step.REVERT, run.steps().get(run.steps().size() - 1).name());
        }
    }

    @Test
    void a_run_interrupted_by_a_crash_before_the_replace_step_is_resumed() {
        TaskWorld.Source source = world.source();
        UpdateTask task = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(), TaskWorld.now(source, false,
                TaskInput.Target.role(source.role().id(), Fixtures.EAST)));
        Execution done = world.await(task.lastExecution().id());
        assertEquals(Execution.SUCCEEDED, done.status());
        // A second run that a node left mid-way (its image snapshotted, not yet registered) before it crashed.
        long crashed = world.ctx.jdbi.inTransaction(h -> {
            long id = world.ctx.updateTasks.newExecution(h, TaskStore.findTask(h, task.id(), false).orElseThrow(),
                    null, Execution.RUNNING, world.alice.userId(), Instant.now());
            h.createUpdate("UPDATE update_task_executions SET heartbeat_at = :old, started_at = :old, phase = 'CREATE'"
                    + " WHERE id = :id").bind("old", Instant.now().minusSeconds(3600)).bind("id", id).execute();
            return id;
        });
        world.ctx.updateTaskPoller.pollOnce();
        Execution resumed = world.await(crashed);
        assertEquals(Execution.SUCCEEDED, resumed.status(), () -> resumed.steps().toString());
        assertEquals(resumed.imageId(), world.roleImage(source.role()));
    }

    @Test
    void a_run_interrupted_by_a_crash_after_replacing_is_reverted_never_left_half_applied() {
        TaskWorld.Source source = world.source();
        UpdateTask task = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(), TaskWorld.now(source, true,
                TaskInput.Target.role(source.role().id(), Fixtures.EAST)));
        Execution run = world.await(task.lastExecution().id());
        assertEquals(run.imageId(), world.roleImage(source.role()));
        // As the node would have left it had it died during the deprecate step.
        world.ctx.jdbi.useHandle(h -> h.createUpdate("UPDATE update_task_executions SET status = 'running',"
                + " phase = 'DEPRECATE', heartbeat_at = :old, finished_at = NULL WHERE id = :id")
                .bind("old", Instant.now().minusSeconds(3600)).bind("id", run.id()).execute());
        world.ctx.updateTaskPoller.pollOnce();
        Execution reverted = world.await(run.id());
        assertEquals(Execution.REVERTED, reverted.status());
        assertTrue(reverted.cause().contains("Interrupted by a restart"), reverted.cause());
        assertEquals(source.image().id(), world.roleImage(source.role()), "the previous image is back");
        assertFalse(world.image(source.image().id()).deprecated(), "its deprecation by the run is undone");
        assertTrue(world.lineage(run.imageId()).fromFailedRun());
    }

    @Test
    void a_live_run_is_not_taken_over_by_another_pass() {
        TaskWorld.Source source = world.source();
        UpdateTask task = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(), TaskWorld.now(source, false,
                TaskInput.Target.role(source.role().id(), Fixtures.EAST)));
        Execution run = world.await(task.lastExecution().id());
        world.ctx.jdbi.useHandle(h -> h.createUpdate("UPDATE update_task_executions SET status = 'running',"
                + " phase = 'DEPRECATE', heartbeat_at = :now, finished_at = NULL WHERE id = :id")
                .bind("now", Instant.now()).bind("id", run.id()).execute());
        world.ctx.updateTaskRunner.run(run.id());
        assertEquals(Execution.RUNNING, world.ctx.updateTasks.execution(world.alice, run.id()).status(),
                "a heartbeat within the lease keeps its node's claim");
        world.ctx.jdbi.useHandle(h -> h.createUpdate("UPDATE update_task_executions SET status = 'succeeded'"
                + " WHERE id = :id").bind("id", run.id()).execute());
    }

    @Test
    void cancelling_a_pending_run_stops_it_and_a_finished_one_is_refused() {
        TaskWorld.Source source = world.source();
        UpdateTask task = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(),
                world.periodic(source, TaskInput.Target.role(source.role().id(), Fixtures.EAST)));
        long pending = world.ctx.jdbi.inTransaction(h -> world.ctx.updateTasks.newExecution(h,
                TaskStore.findTask(h, task.id(), false).orElseThrow(), null, Execution.PENDING, world.publisher,
                Instant.now()));
        Execution cancelled = world.ctx.updateTasks.cancel(world.bob, pending);
        assertEquals(Execution.CANCELLED, cancelled.status());
        world.ctx.updateTaskRunner.run(pending);
        assertEquals(Execution.CANCELLED, world.ctx.updateTasks.execution(world.bob, pending).status(), "never starts");
        assertEquals(source.image().id(), world.roleImage(source.role()));
        assertThrows(ConflictException.class, () -> world.ctx.updateTasks.cancel(world.bob, pending));
    }

    @Test
    void cancelling_a_run_whose_node_died_after_replacing_reverts_it_and_ends_cancelled() {
        TaskWorld.Source source = world.source();
        UpdateTask task = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(), TaskWorld.now(source, true,
                TaskInput.Target.role(source.role().id(), Fixtures.EAST)));
        Execution run = world.await(task.lastExecution().id());
        // Back to "running, about to deprecate" on a node that died; the operator cancels it.
        world.ctx.jdbi.useHandle(h -> h.createUpdate("UPDATE update_task_executions SET status = 'running',"
                + " phase = 'DEPRECATE', heartbeat_at = :old, finished_at = NULL WHERE id = :id")
                .bind("old", Instant.now().minusSeconds(3600)).bind("id", run.id()).execute());
        world.ctx.jdbi.useHandle(h -> h.createUpdate("UPDATE images SET deprecated = FALSE WHERE id = :id")
                .bind("id", source.image().id()).execute());
        world.ctx.updateTasks.cancel(world.bob, run.id());
        world.ctx.updateTaskRunner.run(run.id());
        Execution cancelled = world.ctx.updateTasks.execution(world.bob, run.id());
        assertEquals(Execution.CANCELLED, cancelled.status());
        assertEquals(source.image().id(), world.roleImage(source.role()));
    }

    @Test
    void publish_snapshots_registers_at_the_account_and_replaces_and_deprecates_the_previous_image() {
        TaskWorld.Source source = world.source();
        Execution started = world.ctx.updateTasks.publish(world.alice, world.acmeDev.id(), new PublishInput(
                source.server().id(), source.role().id(), Fixtures.EAST, "web", null, null));
        assertEquals(null, started.taskId());
        Execution run = world.await(started.id());
        assertEquals(Execution.SUCCEEDED, run.status(), () -> run.steps().toString());
        Image built = world.image(run.imageId());
        assertEquals(world.acme, built.scope(), "publish registers at the account by default");
        assertEquals(built.id(), world.roleImage(source.role()));
        assertTrue(world.image(source.image().id()).deprecated());
        assertNotEquals(source.image().id(), built.id());
    }
}
