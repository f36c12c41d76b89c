package imagehub.updatetask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.ForbiddenException;
import imagehub.access.NotFoundException;
import imagehub.core.ConflictException;
import imagehub.core.ScopeRef;
import imagehub.core.ValidationException;
import imagehub.image.Image;
import imagehub.role.Role;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tasks as stored: validation field by field, rights, the schedule the poller keeps, pause / resume / delete. */
class UpdateTaskServiceTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000")
            .with("IMAGEHUB_TASK_POLL_INTERVAL_MS", "3600000").with("IMAGEHUB_SANDBOX_IMAGE_DELAY_MS", "0")
            .with("IMAGEHUB_TASK_GRACE_MINUTES", "30");

    private TaskWorld world;
    private TaskWorld.Source source;

    @BeforeEach
    void setUp() {
        world = new TaskWorld(app.context());
        source = world.source();
    }

    private TaskInput.Target roleTarget() {
        return TaskInput.Target.role(source.role().id(), Fixtures.EAST);
    }

    private TaskInput withTiming(TaskInput in, TaskInput.Timing timing, Long runAs) {
        return new TaskInput(in.name(), in.sourceServerId(), in.imageName(), in.registerAt(), in.targets(),
                in.deprecateReplaced(), timing, runAs);
    }

    private ValidationException refused(TaskInput input) {
        long before = world.count("update_tasks");
        long audits = world.fixtures.auditMark();
        ValidationException e = assertThrows(ValidationException.class,
                () -> world.ctx.updateTasks.create(world.alice, world.acmeDev.id(), input));
        assertEquals(before, world.count("update_tasks"), "nothing is written");
        assertEquals(audits, world.fixtures.auditMark());
        return e;
    }

    @Test
    void a_scheduled_time_in_the_past_is_refused_on_timing_at() {
        LocalDateTime past = LocalDateTime.now(ZoneId.of("Europe/Berlin")).minusMinutes(1);
        ValidationException e = refused(withTiming(world.periodic(source, roleTarget()),
                TaskInput.Timing.scheduled(past, "Europe/Berlin"), world.publisher));
        assertTrue(e.errors().get("timing.at").contains("in the future"), e.errors().toString());
    }

    @Test
    void scheduled_and_periodic_tasks_without_a_service_account_are_refused_on_run_as() {
        TaskInput periodic = world.periodic(source, roleTarget());
        ValidationException noRunAs = refused(withTiming(periodic, periodic.timing(), null));
        assertTrue(noRunAs.errors().get("runAs").contains("service account"), noRunAs.errors().toString());
        ValidationException scheduled = refused(withTiming(periodic, TaskInput.Timing.scheduled(
                LocalDateTime.now().plusDays(2), "UTC"), null));
        assertTrue(scheduled.errors().containsKey("runAs"));
        ValidationException human = refused(withTiming(periodic, periodic.timing(), world.bob.userId()));
        assertTrue(human.errors().get("runAs").contains("service account"));
    }

    @Test
    void a_service_account_without_operator_rights_here_is_refused() {
        long outsider = world.ctx.users.createServiceAccount(world.alice, world.acme, Fixtures.unique("ro"), "admin")
                .id();
        world.ctx.jdbi.useHandle(h -> h.createUpdate("DELETE FROM grants WHERE user_id = :id").bind("id", outsider)
                .execute());
        TaskInput periodic = world.periodic(source, roleTarget());
        ValidationException e = refused(withTiming(periodic, periodic.timing(), outsider));
        assertTrue(e.errors().get("runAs").contains("operator rights"), e.errors().toString());
    }

    @Test
    void deprecating_what_the_run_as_identity_may_not_deprecate_is_refused_on_deprecate_replaced() {
        Image global = world.fixtures.ubuntu(new People(world.ctx).viewer(TestApp.ADMIN), ScopeRef.GLOBAL, Fixtures.EAST);
        Role onGlobal = world.fixtures.roleUsing(world.alice, world.acmeDev, global);
        TaskInput now = TaskWorld.now(source, true, TaskInput.Target.role(onGlobal.id(), Fixtures.EAST));
        ValidationException asViewer = refused(now);
        assertTrue(asViewer.errors().get("deprecateReplaced").contains("You may not deprecate " + global.name()
                + " (Global)"), asViewer.errors().toString());

        Image accountImage = world.fixtures.ubuntu(world.alice, world.acme, Fixtures.EAST);
        Role onAccount = world.fixtures.roleUsing(world.alice, world.acmeDev, accountImage);
        TaskInput periodic = world.periodic(source, roleTarget(), TaskInput.Target.role(onAccount.id(), Fixtures.EAST));
        ValidationException asServiceAccount = refused(periodic);
        String message = asServiceAccount.errors().get("deprecateReplaced");
        assertTrue(message.contains("ci-publisher") && message.contains(accountImage.name() + " (account)")
                && !message.contains(source.image().name()), message);

        UpdateTask kept = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(), new TaskInput(periodic.name(),
                periodic.sourceServerId(), periodic.imageName(), periodic.registerAt(), periodic.targets(), false,
                periodic.timing(), periodic.runAsUserId()));
        assertThrows(ValidationException.class, () -> world.ctx.updateTasks.update(world.alice, kept.id(), periodic),
                "an edit is checked the same way");
    }

    @Test
    void a_service_account_that_may_not_register_at_the_account_is_refused_there() {
        TaskInput periodic = world.periodic(source, roleTarget());
        ValidationException e = refused(new TaskInput(periodic.name(), periodic.sourceServerId(), "web", "account",
                periodic.targets(), true, periodic.timing(), world.publisher));
        assertTrue(e.errors().get("registerAt").contains("may not register images at the account"),
                e.errors().toString());
    }

    @Test
    void bad_input_is_refused_field_by_field_at_once() {
        TaskInput bad = new TaskInput(" ", 999_999L, "", "galaxy", List.of(TaskInput.Target.role(999_999L, "x")), true,
                TaskInput.Timing.periodic("Mars/Olympus", null, null, null), null);
        ValidationException e = refused(bad);
        assertEquals(Set.of("name", "sourceServer", "registerAt", "targets", "timing.timeZone", "imageName"),
                e.errors().keySet());
    }

    @Test
    void a_periodic_task_needs_a_recurrence_and_an_expiry_after_its_start() {
        TaskInput periodic = world.periodic(source, roleTarget());
        ValidationException noRecurrence = refused(withTiming(periodic, TaskInput.Timing.periodic("UTC", null, null,
                LocalDateTime.now().plusDays(3)), world.publisher));
        assertTrue(noRecurrence.errors().containsKey("timing.recurrence"));
        ValidationException weeklyNoDays = refused(withTiming(periodic, TaskInput.Timing.periodic("UTC",
                new TaskInput.Recurrence("weekly", Set.of(), null, null, LocalTime.NOON), null,
                LocalDateTime.now().plusDays(3)), world.publisher));
        assertTrue(weeklyNoDays.errors().get("timing.recurrence").contains("day of the week"));
        ValidationException badRange = refused(withTiming(periodic, TaskInput.Timing.periodic("UTC",
                new TaskInput.Recurrence("monthly", null, 25, 21, LocalTime.NOON), null,
                LocalDateTime.now().plusDays(90)), world.publisher));
        assertTrue(badRange.errors().containsKey("timing.recurrence"));
        LocalDateTime start = LocalDateTime.now().plusDays(10).withSecond(0).withNano(0);
        ValidationException early = refused(withTiming(periodic, TaskInput.Timing.periodic("UTC",
                new TaskInput.Recurrence("daily", null, null, null, LocalTime.NOON), start, start.minusDays(1)),
                world.publisher));
        assertTrue(early.errors().get("timing.expiresAt").contains("after the start"));
    }

    @Test
    void a_target_elsewhere_or_out_of_reach_is_refused() {
        var globexDev = new imagehub.support.People(world.ctx).env("globex", "globex-prod");
        var hidden = world.fixtures.roleUsing(world.ctx.users.viewerOf(world.ctx.jdbi.withExtension(
                imagehub.user.UserDao.class, dao -> dao.findByEmail(TestApp.ADMIN)).orElseThrow().id(),
                imagehub.access.Channel.UI), globexDev);
        ValidationException e = refused(TaskWorld.now(source, true, TaskInput.Target.role(hidden.id(), Fixtures.EAST)));
        assertTrue(e.errors().get("targets").contains("not visible"), e.errors().toString());
        ValidationException wrongPlace = refused(TaskWorld.now(source, true,
                TaskInput.Target.role(source.role().id(), Fixtures.WEST)));
        assertTrue(wrongPlace.errors().get("targets").contains(Fixtures.EAST));
    }

    @Test
    void the_image_name_of_every_run_must_pass_the_naming_policy() {
        world.ctx.imageNaming.setNamingPolicy(world.alice, world.acme, "^[a-z-]+$");
        try {
            ValidationException e = refused(TaskWorld.now(source, true, roleTarget()));
            assertTrue(e.errors().get("imageName").contains("web_on_1234_at_"), e.errors().toString());
        } finally {
            world.ctx.imageNaming.setNamingPolicy(world.alice, world.acme, TaskWorld.POLICY);
        }
    }

    @Test
    void the_form_preview_shows_the_next_five_runs_in_the_tasks_zone() {
        List<ZonedDateTime> runs = world.ctx.updateTasks.nextRuns(TaskInput.Timing.periodic("Europe/Berlin",
                new TaskInput.Recurrence("weekly", Set.of(DayOfWeek.MONDAY), null, null, LocalTime.of(2, 0)), null,
                LocalDateTime.now().plusYears(1)), 5);
        assertEquals(5, runs.size());
        assertTrue(runs.stream().allMatch(r -> r.getDayOfWeek() == DayOfWeek.MONDAY && r.getHour() == 2
                && r.getZone().equals(ZoneId.of("Europe/Berlin"))));
        assertTrue(runs.get(0).toInstant().isAfter(Instant.now()));
    }

    @Test
    void operators_run_pause_and_resume_admins_create_edit_and_delete_others_get_404() {
        UpdateTask task = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(),
                world.periodic(source, roleTarget()));
        assertEquals(UpdateTask.ACTIVE, task.status());
        assertEquals(UpdateTaskService.NEXT_RUNS, task.nextRuns().size());
        assertThrows(ForbiddenException.class, () -> world.ctx.updateTasks.create(world.bob, world.acmeDev.id(),
                world.periodic(source, roleTarget())));
        assertThrows(ForbiddenException.class, () -> world.ctx.updateTasks.delete(world.bob, task.id()));
        assertEquals(UpdateTask.PAUSED, world.ctx.updateTasks.pause(world.bob, task.id()).status());
        assertTrue(world.ctx.updateTasks.get(world.bob, task.id()).nextRuns().isEmpty());
        assertEquals(UpdateTask.ACTIVE, world.ctx.updateTasks.resume(world.bob, task.id()).status());
        assertThrows(NotFoundException.class, () -> world.ctx.updateTasks.get(world.carol, task.id()));
        assertThrows(NotFoundException.class, () -> world.ctx.updateTasks.pause(world.carol, task.id()));
        assertThrows(NotFoundException.class, () -> world.ctx.updateTasks.list(world.carol, world.acmeDev.id(), 0, 10));
        assertThrows(NotFoundException.class, () -> world.ctx.updateTasks.get(world.carol, 987_654));

        TaskInput renamed = new TaskInput("renamed", source.server().id(), "web2", "environment", List.of(roleTarget()),
                false, task.timing(), world.publisher);
        assertEquals("renamed", world.ctx.updateTasks.update(world.alice, task.id(), renamed).name());
        Execution run = world.await(world.ctx.updateTasks.runNow(world.bob, task.id()).id());
        assertEquals(Execution.SUCCEEDED, run.status(), () -> run.steps().toString());
        assertTrue(run.imageName().startsWith("web2_on_" + run.id() + "_at_"));
        world.ctx.updateTasks.delete(world.alice, task.id());
        assertThrows(NotFoundException.class, () -> world.ctx.updateTasks.get(world.alice, task.id()));
        assertEquals(Execution.SUCCEEDED, world.ctx.updateTasks.execution(world.alice, run.id()).status(),
                "its runs stay in the history");
    }

    @Test
    void a_due_slot_is_claimed_once_and_the_next_run_advances() {
        UpdateTask task = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(),
                world.periodic(source, roleTarget()));
        Instant slot = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        setNextRun(task.id(), slot);
        assertEquals(1, world.ctx.updateTaskPoller.pollOnce());
        assertEquals(0, world.ctx.updateTaskPoller.pollOnce(), "the slot is gone");
        List<Execution> runs = world.ctx.updateTasks.executions(world.alice, task.id(), 0, 10).items();
        assertEquals(1, runs.size());
        assertEquals(slot, runs.get(0).slot());
        Execution run = world.await(runs.get(0).id());
        assertEquals(Execution.SUCCEEDED, run.status(), () -> run.steps().toString());
        assertTrue(world.ctx.updateTasks.get(world.alice, task.id()).nextRuns().get(0).isAfter(Instant.now()));
    }

    @Test
    void a_slot_missed_longer_than_the_grace_period_is_recorded_skipped_not_run() {
        UpdateTask task = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(),
                world.periodic(source, roleTarget()));
        setNextRun(task.id(), Instant.now().minusSeconds(31 * 60));
        long mark = world.fixtures.auditMark();
        assertEquals(1, world.ctx.updateTaskPoller.pollOnce());
        Execution skipped = world.ctx.updateTasks.executions(world.alice, task.id(), 0, 10).items().get(0);
        assertEquals(Execution.SKIPPED, skipped.status());
        assertTrue(skipped.cause().contains("30 minutes"));
        assertEquals(source.image().id(), world.roleImage(source.role()), "nothing ran");
        assertTrue(world.fixtures.auditSince(mark).stream().anyMatch(a -> a.action().equals("update-task-run.skipped")
                && a.objectId().equals(Long.toString(skipped.id())) && a.afterJson().contains("30 minutes")
                && a.actorId() == world.publisher), "the skip is audited as the service account");
    }

    @Test
    void a_scheduled_task_finishes_after_its_one_slot() {
        UpdateTask task = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(), withTiming(
                world.periodic(source, roleTarget()), TaskInput.Timing.scheduled(LocalDateTime.now(ZoneId.of("UTC"))
                        .plusHours(3), "UTC"), world.publisher));
        assertEquals(1, task.nextRuns().size());
        setNextRun(task.id(), Instant.now().minusSeconds(5));
        world.ctx.updateTaskPoller.pollOnce();
        assertEquals(UpdateTask.FINISHED, world.ctx.updateTasks.get(world.alice, task.id()).status());
        assertThrows(ConflictException.class, () -> world.ctx.updateTasks.pause(world.bob, task.id()));
        Execution run = world.await(world.ctx.updateTasks.executions(world.alice, task.id(), 0, 1).items().get(0).id());
        assertEquals(Execution.SUCCEEDED, run.status(), () -> run.steps().toString());
        assertEquals(run.imageId(), world.roleImage(source.role()));
    }

    private void setNextRun(long taskId, Instant at) {
        world.ctx.jdbi.useHandle(h -> h.createUpdate("UPDATE update_tasks SET next_run_at = :at WHERE id = :id")
                .bind("at", at).bind("id", taskId).execute());
    }
}
