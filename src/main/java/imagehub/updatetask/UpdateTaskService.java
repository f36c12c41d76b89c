package imagehub.updatetask;

import imagehub.access.Access;
import imagehub.access.AccessLevel;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.core.ConflictException;
import imagehub.core.Page;
import imagehub.core.ScopeRef;
import imagehub.core.ValidationException;
import imagehub.farm.Farm;
import imagehub.farm.FarmDao;
import imagehub.farm.FarmRole;
import imagehub.farm.Server;
import imagehub.image.ImageDao;
import imagehub.image.ImageNaming;
import imagehub.image.ImageRow;
import imagehub.image.NamingPolicy;
import imagehub.provider.CloudConnector;
import imagehub.provider.Clouds;
import imagehub.role.RoleService;
import imagehub.scope.Environment;
import imagehub.scope.ScopeDao;
import imagehub.user.User;
import imagehub.user.UserDao;
import imagehub.user.UserKind;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Image update tasks of an environment: what they snapshot, where the new image goes, and when they run. Reading
 * needs access to the environment; running, pausing, resuming and cancelling need operator rights; creating,
 * editing and deleting need admin rights. A task or run outside the viewer's reach is 404, like a missing one.
 * Input is checked field by field before anything is written; each change is one transaction. Runs themselves
 * are done by {@link TaskRunner} outside any transaction.
 */
public final class UpdateTaskService {
    public static final int MAX_NAME = 100;
    public static final int MAX_PAGE = 100;
    /** How many upcoming runs a task shows. */
    public static final int NEXT_RUNS = 5;
    /** What every run appends to the image name: {@code _on_<executionId>_at_<yyyyMMddHHmm>}. */
    static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmm");
    /** Room left in an image name for the suffix with an execution id of up to 12 digits. */
    public static final int MAX_IMAGE_NAME = ImageNaming.MAX_NAME - "_on_".length() - 12 - "_at_".length() - 12;

    private final Jdbi jdbi;
    private final Access access;
    private final AuditWriter audit;
    private final Clock clock;
    private final RoleService roles;
    private final ImageNaming naming;
    private final Clouds clouds;
    private final CloudConnector connector;
    private final TaskRunner runner;

    public UpdateTaskService(Jdbi jdbi, Access access, AuditWriter audit, Clock clock, RoleService roles,
            ImageNaming naming, Clouds clouds, CloudConnector connector, TaskRunner runner) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.roles = roles;
        this.naming = naming;
        this.clouds = clouds;
        this.connector = connector;
        this.runner = runner;
    }

    /** The name run {@code executionId} registers: {@code <imageName>_on_<executionId>_at_<yyyyMMddHHmm>} in the zone. */
    public static String imageName(String imageName, long executionId, Instant at, ZoneId zone) {
        return imageName + "_on_" + executionId + "_at_" + NAME_TIME.format(at.atZone(zone));
    }

    /** The next {@code n} runs the timing gives from now, for the form's preview; empty when it has none. */
    public List<ZonedDateTime> nextRuns(TaskInput.Timing timing, int n) {
        List<Instant> runs = Schedule.next(timing, clock.instant(), n);
        if (runs.isEmpty()) {
            return List.of();
        }
        ZoneId zone = Schedule.zone(timing);
        return runs.stream().map(i -> i.atZone(zone)).toList();
    }

    // ---- tasks

    /** Refuses (404 outside reach, 403 within) a viewer who may not create tasks or publish in the environment. */
    public void requireManage(Viewer viewer, long envId) {
        access.requireManage(viewer, ScopeRef.environment(envId));
    }

    public UpdateTask create(Viewer viewer, long envId, TaskInput input) {
        ScopeRef env = ScopeRef.environment(envId);
        access.requireManage(viewer, env);
        TaskInput checked = check(viewer, envId, input);
        Instant now = clock.instant();
        Optional<Instant> next = Schedule.nextAfter(checked.timing(), now);
        boolean immediate = TaskInput.Timing.NOW.equals(checked.timing().type());
        long accountId = accountOf(envId);
        long[] ids = jdbi.inTransaction(h -> {
            long id = TaskStore.insertTask(h, envId, accountId, checked,
                    immediate ? UpdateTask.FINISHED : UpdateTask.ACTIVE, next.orElse(null), viewer.email(), now);
            long executionId = immediate ? newExecution(h, TaskStore.findTask(h, id, false).orElseThrow(), null,
                    Execution.PENDING, viewer.userId(), now) : 0;
            record(h, viewer, "update-task.create", id, checked.name(), env, null, checked);
            return new long[] {id, executionId};
        });
        if (immediate) {
            runner.submit(ids[1]);
        }
        return get(viewer, ids[0]);
    }

    public UpdateTask update(Viewer viewer, long taskId, TaskInput input) {
        TaskStore.TaskRow found = visibleTask(viewer, taskId);
        access.requireManage(viewer, ScopeRef.environment(found.envId()));
        TaskInput checked = check(viewer, found.envId(), input);
        Optional<Instant> next = Schedule.nextAfter(checked.timing(), clock.instant());
        jdbi.useTransaction(h -> {
            TaskStore.TaskRow locked = TaskStore.findTask(h, taskId, true)
                    .orElseThrow(() -> new NotFoundException("Update task " + taskId));
            String status = UpdateTask.PAUSED.equals(locked.status()) ? UpdateTask.PAUSED
                    : next.isPresent() ? UpdateTask.ACTIVE : UpdateTask.FINISHED;
            TaskStore.updateTask(h, taskId, checked, status, next.orElse(null));
            record(h, viewer, "update-task.update", taskId, checked.name(), ScopeRef.environment(locked.envId()),
                    locked.input(), checked);
        });
        return get(viewer, taskId);
    }

    /** Deletes the task; its runs stay in the history. Refused while one of them is running. */
    public void delete(Viewer viewer, long taskId) {
        TaskStore.TaskRow found = visibleTask(viewer, taskId);
        access.requireManage(viewer, ScopeRef.environment(found.envId()));
        jdbi.useTransaction(h -> {
            TaskStore.TaskRow locked = TaskStore.findTask(h, taskId, true)
                    .orElseThrow(() -> new NotFoundException("Update task " + taskId));
            boolean running = h.createQuery("SELECT COUNT(*) FROM update_task_executions WHERE task_id = :id"
                    + " AND status IN ('pending', 'running')").bind("id", taskId).mapTo(Long.class).one() > 0;
            if (running) {
                throw new ConflictException("TaskRunning", "", "A run of " + locked.input().name()
                        + " is in progress; cancel it or wait for it to finish first");
            }
            h.createUpdate("UPDATE update_tasks SET deleted = TRUE, next_run_at = NULL WHERE id = :id")
                    .bind("id", taskId).execute();
            record(h, viewer, "update-task.delete", taskId, locked.input().name(),
                    ScopeRef.environment(locked.envId()), locked.input(), null);
        });
    }

    public UpdateTask get(Viewer viewer, long taskId) {
        TaskStore.TaskRow row = visibleTask(viewer, taskId);
        return jdbi.withHandle(h -> toTask(h, row));
    }

    public Page<UpdateTask> list(Viewer viewer, long envId, long offset, int limit) {
        return list(viewer, envId, null, offset, limit);
    }

    /** {@code limit} of the environment's tasks of {@code status} (all when null) from {@code offset}, newest first. */
    public Page<UpdateTask> list(Viewer viewer, long envId, String status, long offset, int limit) {
        access.requireEnter(viewer, ScopeRef.environment(envId));
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        return jdbi.withHandle(h -> new Page<>(TaskStore.tasksOf(h, envId, status, Math.max(0, offset), size).stream()
                .map(row -> toTask(h, row)).toList(), TaskStore.countTasks(h, envId, status)));
    }

    /** Runs the task once now, as its service account (or, for a task without one, as the viewer). */
    public Execution runNow(Viewer viewer, long taskId) {
        long executionId = startRun(viewer, taskId);
        runner.submit(executionId);
        return execution(viewer, executionId);
    }

    /** Records a run of the task asked for now (checked and audited as {@link #runNow}) without starting it. */
    long startRun(Viewer viewer, long taskId) {
        TaskStore.TaskRow found = visibleTask(viewer, taskId);
        access.requireOperate(viewer, ScopeRef.environment(found.envId()));
        long runAs = found.input().runAsUserId() != null ? found.input().runAsUserId() : viewer.userId();
        return jdbi.inTransaction(h -> {
            TaskStore.TaskRow locked = TaskStore.findTask(h, taskId, true)
                    .orElseThrow(() -> new NotFoundException("Update task " + taskId));
            long id = newExecution(h, locked, null, Execution.PENDING, runAs, clock.instant());
            record(h, viewer, "update-task.run", taskId, locked.input().name(), ScopeRef.environment(locked.envId()),
                    null, Map.of("execution", id));
            return id;
        });
    }

    public UpdateTask pause(Viewer viewer, long taskId) {
        return setStatus(viewer, taskId, true);
    }

    public UpdateTask resume(Viewer viewer, long taskId) {
        return setStatus(viewer, taskId, false);
    }

    private UpdateTask setStatus(Viewer viewer, long taskId, boolean pause) {
        TaskStore.TaskRow found = visibleTask(viewer, taskId);
        access.requireOperate(viewer, ScopeRef.environment(found.envId()));
        jdbi.useTransaction(h -> {
            TaskStore.TaskRow locked = TaskStore.findTask(h, taskId, true)
                    .orElseThrow(() -> new NotFoundException("Update task " + taskId));
            if (UpdateTask.FINISHED.equals(locked.status())) {
                throw new ConflictException("TaskFinished", "", locked.input().name() + " has no runs left to "
                        + (pause ? "pause" : "resume"));
            }
            // Resuming skips the slots that passed while paused: the next run is the next one from now.
            Optional<Instant> next = Schedule.nextAfter(locked.input().timing(), clock.instant());
            String status = pause ? UpdateTask.PAUSED : next.isPresent() ? UpdateTask.ACTIVE : UpdateTask.FINISHED;
            h.createUpdate("UPDATE update_tasks SET status = :status, next_run_at = :next WHERE id = :id")
                    .bind("status", status).bind("next", next.orElse(null)).bind("id", taskId).execute();
            record(h, viewer, pause ? "update-task.pause" : "update-task.resume", taskId, locked.input().name(),
                    ScopeRef.environment(locked.envId()), Map.of("status", locked.status()), Map.of("status", status));
        });
        return get(viewer, taskId);
    }

    // ---- executions

    public Page<Execution> executions(Viewer viewer, long taskId, long offset, int limit) {
        return executions(viewer, taskId, null, offset, limit);
    }

    /** {@code limit} of the task's runs of {@code status} (all when null) from {@code offset}, newest first. */
    public Page<Execution> executions(Viewer viewer, long taskId, String status, long offset, int limit) {
        visibleTask(viewer, taskId);
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        return jdbi.withHandle(h -> new Page<>(TaskStore.executionsOf(h, taskId, status, Math.max(0, offset), size)
                .stream().map(row -> TaskStore.toExecution(h, row)).toList(),
                TaskStore.countExecutions(h, taskId, status)));
    }

    /** The environment's publish runs (made by the publishing API, not by a task), newest first. */
    public Page<Execution> publishRuns(Viewer viewer, long envId, long offset, int limit) {
        access.requireEnter(viewer, ScopeRef.environment(envId));
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        return jdbi.withHandle(h -> new Page<>(TaskStore.publishRunsOf(h, envId, Math.max(0, offset), size).stream()
                .map(row -> TaskStore.toExecution(h, row)).toList(), TaskStore.countPublishRuns(h, envId)));
    }

    public Execution execution(Viewer viewer, long executionId) {
        return jdbi.withHandle(h -> TaskStore.toExecution(h, visibleExecution(h, viewer, executionId)));
    }

    /**
     * Cancels a run: a pending one never starts; a running one stops at its next check and restores every target
     * it changed, like a failure. A finished run is refused (409).
     */
    public Execution cancel(Viewer viewer, long executionId) {
        TaskStore.ExecutionRow found = jdbi.withHandle(h -> visibleExecution(h, viewer, executionId));
        access.requireOperate(viewer, ScopeRef.environment(found.envId()));
        jdbi.useTransaction(h -> {
            int cancelled = h.createUpdate("UPDATE update_task_executions SET status = 'cancelled',"
                    + " finished_at = :now WHERE id = :id AND status = 'pending'").bind("now", clock.instant())
                    .bind("id", executionId).execute();
            int asked = cancelled > 0 ? 0 : h.createUpdate("UPDATE update_task_executions SET cancel_requested = TRUE"
                    + " WHERE id = :id AND status = 'running'").bind("id", executionId).execute();
            if (cancelled + asked == 0) {
                throw new ConflictException("ExecutionFinished", "", "Run " + executionId + " has already finished ("
                        + TaskStore.findExecution(h, executionId).orElseThrow().status() + ")");
            }
            record(h, viewer, "update-task.cancel", executionId, "run " + executionId,
                    ScopeRef.environment(found.envId()), null, Map.of("status", cancelled > 0 ? "cancelled" : "cancelling"));
        });
        return execution(viewer, executionId);
    }

    /**
     * The CI pipeline's call: snapshot the server, register the image (at the account by default), put it into the
     * role's location replacing (and by default deprecating) the image it had; returns the run to poll. Needs the
     * rights a "now" task needs (environment admin); runs as the caller.
     */
    public Execution publish(Viewer viewer, long envId, PublishInput input) {
        long executionId = startPublish(viewer, envId, input);
        runner.submit(executionId);
        return execution(viewer, executionId);
    }

    /** Records a publish run (checked and audited as {@link #publish}) without starting it. */
    long startPublish(Viewer viewer, long envId, PublishInput input) {
        ScopeRef env = ScopeRef.environment(envId);
        access.requireManage(viewer, env);
        TaskInput asTask = new TaskInput("publish", input.serverId(), input.imageName(), input.registerAtOrDefault(),
                input.roleId() == null ? List.of() : List.of(TaskInput.Target.role(input.roleId(), input.cloudLocation())),
                input.deprecateReplacedOrDefault(), TaskInput.Timing.now(), null);
        TaskInput checked;
        try {
            checked = check(viewer, envId, asTask);
        } catch (ValidationException e) {
            throw new ValidationException(publishFields(e.errors()));
        }
        long accountId = accountOf(envId);
        return jdbi.inTransaction(h -> {
            Instant now = clock.instant();
            long id = TaskStore.insertExecution(h, null, envId, accountId, null, Execution.PENDING, viewer.userId(),
                    checked.sourceServerId(), checked.registerAt(), checked.deprecateReplaced(), now);
            prepareExecution(h, id, checked, TaskInput.Timing.now(), now);
            record(h, viewer, "image.publish", id, checked.imageName(), env, null, checked);
            return id;
        });
    }

    /** A task's field names as the publish body names them. */
    private static Map<String, String> publishFields(Map<String, String> errors) {
        Map<String, String> renamed = new java.util.LinkedHashMap<>();
        errors.forEach((field, message) -> renamed.put(switch (field) {
            case "sourceServer" -> "server";
            case "targets" -> "role";
            default -> field;
        }, message));
        return renamed;
    }

    // ---- shared with the poller

    /**
     * Inserts a run of {@code task} (for {@code slot}, or an unscheduled one when null) with everything it will do,
     * inside the caller's transaction. A "skipped" run is recorded finished.
     */
    long newExecution(Handle h, TaskStore.TaskRow task, Instant slot, String status, long runAsUserId, Instant now) {
        TaskInput in = task.input();
        long id = TaskStore.insertExecution(h, task.id(), task.envId(), task.accountId(), slot, status, runAsUserId,
                in.sourceServerId(), in.registerAt(), in.deprecateReplaced(), now);
        prepareExecution(h, id, in, in.timing(), slot != null ? slot : now);
        return id;
    }

    /** Fixes the run's image name and platform, and the role images it targets (a farm role: its role's). */
    private void prepareExecution(Handle h, long executionId, TaskInput in, TaskInput.Timing timing, Instant at) {
        FarmDao farms = h.attach(FarmDao.class);
        Server server = farms.findServer(in.sourceServerId()).orElseThrow();
        ZoneId zone = zoneOrUtc(timing);
        h.createUpdate("UPDATE update_task_executions SET image_name = :name, platform = :platform,"
                + " cloud_location = :location WHERE id = :id")
                .bind("name", imageName(in.imageName(), executionId, at, zone))
                .bind("platform", server.platform().id()).bind("location", server.cloudLocation())
                .bind("id", executionId).execute();
        for (TaskInput.Target target : in.targets()) {
            if (target.isFarmRole()) {
                farms.findFarmRole(target.farmRoleId()).ifPresent(fr -> TaskStore.insertTarget(h, executionId,
                        fr.roleId(), fr.platform().id(), fr.cloudLocation()));
            } else {
                TaskStore.insertTarget(h, executionId, target.roleId(), server.platform().id(), target.cloudLocation());
            }
        }
    }

    private static ZoneId zoneOrUtc(TaskInput.Timing timing) {
        try {
            return Schedule.zone(timing);
        } catch (DateTimeException | NullPointerException e) {
            return ZoneId.of("UTC");
        }
    }

    // ---- validation

    /** The input checked field by field (all errors at once), normalized: trimmed text, minute precision. */
    TaskInput check(Viewer viewer, long envId, TaskInput in) {
        ValidationException.Collector errors = new ValidationException.Collector();
        String name = in.name() == null ? "" : in.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            errors.add("name", "A task name has 1 to " + MAX_NAME + " characters");
        }
        Optional<Server> server = in.sourceServerId() == null ? Optional.empty()
                : jdbi.withExtension(FarmDao.class, dao -> dao.findServer(in.sourceServerId()))
                        .filter(s -> s.envId() == envId && s.active());
        if (server.isEmpty()) {
            errors.add("sourceServer", "Choose an active server of this environment");
        }
        String registerAt = in.registerAt() == null ? "" : in.registerAt().strip();
        if (!registerAt.equals(TaskInput.REGISTER_ENVIRONMENT) && !registerAt.equals(TaskInput.REGISTER_ACCOUNT)) {
            errors.add("registerAt", "Register the new image at the environment or at the account");
        }
        List<TaskInput.Target> targets = checkTargets(viewer, envId, in.targets(), server, errors);
        TaskInput.Timing timing = checkTiming(in.timing(), errors);
        Long runAs = checkRunAs(envId, timing, in.runAsUserId(), server, errors);
        if (!errors.has("runAs")) {
            Viewer identity = runAs == null ? viewer : viewerOf(runAs);
            String who = runAs == null ? "You" : identity.email();
            if (!errors.has("registerAt") && !access.allows(identity, registerScope(registerAt, envId), AccessLevel.ADMIN)) {
                errors.add("registerAt", who + " may not register images at the " + registerAt + "; runs register as "
                        + (runAs == null ? "you" : "the service account"));
            }
            if (in.deprecateReplaced() && !errors.has("targets") && server.isPresent()) {
                checkDeprecatable(identity, who, server.get(), targets, errors);
            }
        }
        String imageName = in.imageName() == null ? "" : in.imageName().strip();
        if (imageName.isEmpty() || imageName.length() > MAX_IMAGE_NAME) {
            errors.add("imageName", "An image name has 1 to " + MAX_IMAGE_NAME
                    + " characters (each run appends _on_<run>_at_<yyyyMMddHHmm>)");
        } else if (!errors.has("registerAt")) {
            NamingPolicy policy = naming.namingPolicy(Viewer.system(), registerScope(registerAt, envId));
            ZoneId zone = errors.has("timing.timeZone") || timing == null ? ZoneId.of("UTC") : zoneOrUtc(timing);
            String sample = imageName(imageName, 1234, clock.instant(), zone);
            if (!policy.matches(sample)) {
                errors.add("imageName", "Each run registers a name like " + sample
                        + ", which the naming policy refuses: " + policy.explain());
            }
        }
        errors.throwIfAny();
        return new TaskInput(name, in.sourceServerId(), imageName, registerAt, targets, in.deprecateReplaced(), timing,
                runAs);
    }

    /**
     * Refuses "deprecate the image it replaces" when the run-as identity could not deprecate an image a target holds
     * now (it needs admin rights at the image's scope, e.g. Global), rather than let every run fail at that step and
     * revert. Runs check again, since the targets' images may change after saving.
     */
    private void checkDeprecatable(Viewer identity, String who, Server server, List<TaskInput.Target> targets,
            ValidationException.Collector errors) {
        Set<String> refused = new LinkedHashSet<>();
        jdbi.useHandle(h -> {
            FarmDao farms = h.attach(FarmDao.class);
            ImageDao images = h.attach(ImageDao.class);
            for (TaskInput.Target target : targets) {
                Optional<String> held = target.isFarmRole()
                        ? farms.findFarmRole(target.farmRoleId()).flatMap(fr -> farms.roleImage(fr.roleId(),
                                fr.platform(), fr.cloudLocation()))
                        : farms.roleImage(target.roleId(), server.platform(), target.cloudLocation());
                held.flatMap(images::find).map(ImageRow::toImage)
                        .filter(image -> !access.allows(identity, image.scope(), AccessLevel.ADMIN))
                        .ifPresent(image -> refused.add(image.name() + " (" + scopeName(image.scope()) + ")"));
            }
        });
        if (!refused.isEmpty()) {
            errors.add("deprecateReplaced", who + " may not deprecate " + String.join(", ", refused)
                    + ", which the targets hold now: untick \"deprecate the image it replaces\", or run as an identity"
                    + " with admin rights there");
        }
    }

    private static String scopeName(ScopeRef scope) {
        return scope.level() == imagehub.core.ScopeLevel.GLOBAL ? "Global" : scope.level().name().toLowerCase();
    }

    private List<TaskInput.Target> checkTargets(Viewer viewer, long envId, List<TaskInput.Target> targets,
            Optional<Server> server, ValidationException.Collector errors) {
        if (targets.isEmpty()) {
            errors.add("targets", "Choose at least one role location or farm role to put the new image into");
            return targets;
        }
        List<TaskInput.Target> checked = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (TaskInput.Target target : targets) {
            Optional<String> problem = target.isFarmRole() ? farmRoleProblem(envId, target, server)
                    : roleProblem(viewer, envId, target, server);
            if (problem.isPresent()) {
                errors.add("targets", problem.get());
                continue;
            }
            TaskInput.Target clean = target.isFarmRole() ? TaskInput.Target.farmRole(target.farmRoleId())
                    : TaskInput.Target.role(target.roleId(), target.cloudLocation().strip());
            if (!seen.add(clean.toString())) {
                errors.add("targets", "Each target is listed once");
            }
            checked.add(clean);
        }
        return checked;
    }

    private Optional<String> roleProblem(Viewer viewer, long envId, TaskInput.Target target, Optional<Server> server) {
        if (target.roleId() == null || target.cloudLocation() == null || target.cloudLocation().isBlank()) {
            return Optional.of("A role target names a role and a location");
        }
        try {
            roles.get(viewer, ScopeRef.environment(envId), target.roleId());
        } catch (NotFoundException e) {
            return Optional.of("Role " + target.roleId() + " is not visible in this environment");
        }
        if (server.isEmpty()) {
            return Optional.empty();
        }
        Server s = server.get();
        if (!s.cloudLocation().equals(target.cloudLocation().strip())) {
            return Optional.of("The new image will be in " + s.platform().id() + " " + s.cloudLocation()
                    + "; a role target must be in that location");
        }
        boolean hasImage = jdbi.withExtension(FarmDao.class,
                dao -> dao.roleImage(target.roleId(), s.platform(), s.cloudLocation())).isPresent();
        return hasImage ? Optional.empty() : Optional.of("Role " + target.roleId() + " has no image in "
                + s.platform().id() + " " + s.cloudLocation() + " to replace");
    }

    private Optional<String> farmRoleProblem(long envId, TaskInput.Target target, Optional<Server> server) {
        Optional<FarmRole> farmRole = jdbi.withExtension(FarmDao.class, dao -> dao.findFarmRole(target.farmRoleId())
                .filter(fr -> dao.findFarm(fr.farmId()).map(Farm::envId).orElse(-1L) == envId));
        if (farmRole.isEmpty()) {
            return Optional.of("Farm role " + target.farmRoleId() + " is not in this environment");
        }
        FarmRole fr = farmRole.get();
        if (server.isPresent() && (fr.platform() != server.get().platform()
                || !fr.cloudLocation().equals(server.get().cloudLocation()))) {
            return Optional.of("Farm role " + fr.alias() + " runs in " + fr.platform().id() + " " + fr.cloudLocation()
                    + ", not where the new image will be");
        }
        return Optional.empty();
    }

    private TaskInput.Timing checkTiming(TaskInput.Timing timing, ValidationException.Collector errors) {
        if (timing == null || timing.type() == null || !Set.of(TaskInput.Timing.NOW, TaskInput.Timing.SCHEDULED,
                TaskInput.Timing.PERIODIC).contains(timing.type())) {
            errors.add("timing", "Timing is now, scheduled or periodic");
            return null;
        }
        String zoneName = timing.timeZone() == null || timing.timeZone().isBlank() ? "UTC" : timing.timeZone().strip();
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            errors.add("timing.timeZone", "Choose a time zone such as Europe/Berlin or UTC");
            return null;
        }
        Instant now = clock.instant();
        return switch (timing.type()) {
            case TaskInput.Timing.SCHEDULED -> {
                LocalDateTime at = minutes(timing.at());
                if (at == null) {
                    errors.add("timing.at", "Give the date and time to run at");
                } else if (!Schedule.instant(at, zone).isAfter(now)) {
                    errors.add("timing.at", "The time to run at must be in the future (it is "
                            + LocalDateTime.ofInstant(now, zone).truncatedTo(ChronoUnit.MINUTES) + " in " + zoneName + ")");
                }
                yield new TaskInput.Timing(timing.type(), at, zoneName, null, null, null);
            }
            case TaskInput.Timing.PERIODIC -> checkPeriodic(timing, zoneName, zone, now, errors);
            default -> new TaskInput.Timing(TaskInput.Timing.NOW, null, zoneName, null, null, null);
        };
    }

    private TaskInput.Timing checkPeriodic(TaskInput.Timing timing, String zoneName, ZoneId zone, Instant now,
            ValidationException.Collector errors) {
        TaskInput.Recurrence r = timing.recurrence();
        if (r == null || r.frequency() == null) {
            errors.add("timing.recurrence", "Choose daily, weekly or monthly");
        } else if (r.timeOfDay() == null) {
            errors.add("timing.recurrence", "Give the time of day to run at");
        } else if (r.frequency().equals(TaskInput.Recurrence.WEEKLY) && r.daysOfWeek().isEmpty()) {
            errors.add("timing.recurrence", "Choose at least one day of the week");
        } else if (r.frequency().equals(TaskInput.Recurrence.MONTHLY) && (r.fromDay() == null || r.toDay() == null
                || r.fromDay() < 1 || r.toDay() > 31 || r.fromDay() > r.toDay())) {
            errors.add("timing.recurrence", "Days of the month are a range within 1 to 31, first day first");
        } else if (!Set.of(TaskInput.Recurrence.DAILY, TaskInput.Recurrence.WEEKLY, TaskInput.Recurrence.MONTHLY)
                .contains(r.frequency())) {
            errors.add("timing.recurrence", "Choose daily, weekly or monthly");
        }
        LocalDateTime startsAt = timing.startsAt() == null
                ? LocalDateTime.ofInstant(now, zone).truncatedTo(ChronoUnit.MINUTES) : minutes(timing.startsAt());
        LocalDateTime expiresAt = minutes(timing.expiresAt());
        if (expiresAt == null) {
            errors.add("timing.expiresAt", "Give the date and time after which the task never runs");
        } else if (!expiresAt.isAfter(startsAt)) {
            errors.add("timing.expiresAt", "The expiry must come after the start (" + startsAt + ")");
        } else if (!Schedule.instant(expiresAt, zone).isAfter(now)) {
            errors.add("timing.expiresAt", "The expiry must be in the future");
        }
        TaskInput.Recurrence recurrence = r == null ? null : new TaskInput.Recurrence(r.frequency(),
                r.frequency() != null && r.frequency().equals(TaskInput.Recurrence.WEEKLY) ? r.daysOfWeek() : Set.of(),
                TaskInput.Recurrence.MONTHLY.equals(r.frequency()) ? r.fromDay() : null,
                TaskInput.Recurrence.MONTHLY.equals(r.frequency()) ? r.toDay() : null,
                r.timeOfDay() == null ? null : r.timeOfDay().truncatedTo(ChronoUnit.MINUTES));
        TaskInput.Timing checked = new TaskInput.Timing(TaskInput.Timing.PERIODIC, null, zoneName, recurrence,
                startsAt, expiresAt);
        if (!errors.has("timing.recurrence") && !errors.has("timing.expiresAt")
                && Schedule.nextAfter(checked, now).isEmpty()) {
            errors.add("timing.recurrence", "This recurrence has no run between the start and the expiry");
        }
        return checked;
    }

    private static LocalDateTime minutes(LocalDateTime time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.MINUTES);
    }

    /**
     * Scheduled and periodic tasks run as a service account with operator rights here (and, for a cloud source,
     * stored cloud credentials) — never as whoever set them up. A "now" task runs as its creator.
     */
    private Long checkRunAs(long envId, TaskInput.Timing timing, Long runAsUserId, Optional<Server> server,
            ValidationException.Collector errors) {
        boolean unattended = timing != null && !TaskInput.Timing.NOW.equals(timing.type());
        if (runAsUserId == null) {
            if (unattended) {
                errors.add("runAs", "Scheduled and periodic tasks run as a service account: choose one with"
                        + " operator rights in this environment");
            }
            return null;
        }
        ScopeRef env = ScopeRef.environment(envId);
        Optional<User> user = jdbi.withExtension(UserDao.class, dao -> dao.find(runAsUserId));
        if (user.isEmpty() || user.get().kind() != UserKind.SERVICE || user.get().disabled()) {
            errors.add("runAs", "Choose an enabled service account");
            return runAsUserId;
        }
        Viewer runAs = viewerOf(runAsUserId);
        if (!access.allows(runAs, env, AccessLevel.OPERATOR)) {
            errors.add("runAs", user.get().email() + " needs operator rights in this environment");
            return runAsUserId;
        }
        if (server.isPresent() && clouds.module(server.get().platform()).needsCredentials()) {
            try {
                connector.connect(env, server.get().platform(), server.get().cloudLocation(), null);
            } catch (RuntimeException e) {
                errors.add("runAs", "Unattended runs on " + server.get().platform().label()
                        + " use the cloud credentials stored for this environment or its account: " + e.getMessage());
            }
        }
        return runAsUserId;
    }

    private ScopeRef registerScope(String registerAt, long envId) {
        return registerAt.equals(TaskInput.REGISTER_ACCOUNT) ? ScopeRef.account(accountOf(envId))
                : ScopeRef.environment(envId);
    }

    private Viewer viewerOf(long userId) {
        return jdbi.withExtension(UserDao.class, dao -> new Viewer(userId, dao.find(userId).map(User::email).orElse(""),
                dao.grants(userId), imagehub.access.Channel.SCHEDULER));
    }

    // ---- reading

    private TaskStore.TaskRow visibleTask(Viewer viewer, long taskId) {
        return jdbi.withHandle(h -> TaskStore.findTask(h, taskId, false))
                .filter(row -> access.canEnter(viewer, ScopeRef.environment(row.envId())))
                .orElseThrow(() -> new NotFoundException("Update task " + taskId));
    }

    private TaskStore.ExecutionRow visibleExecution(Handle h, Viewer viewer, long executionId) {
        return TaskStore.findExecution(h, executionId)
                .filter(row -> access.canEnter(viewer, ScopeRef.environment(row.envId())))
                .orElseThrow(() -> new NotFoundException("Run " + executionId));
    }

    private UpdateTask toTask(Handle h, TaskStore.TaskRow row) {
        List<Instant> next = UpdateTask.ACTIVE.equals(row.status()) && row.nextRunAt() != null
                ? Schedule.next(row.input().timing(), row.nextRunAt().minusMillis(1), NEXT_RUNS) : List.of();
        Execution last = TaskStore.lastExecution(h, row.id()).map(e -> TaskStore.toExecution(h, e)).orElse(null);
        TaskInput in = row.input();
        return new UpdateTask(row.id(), row.envId(), in.name(), in.sourceServerId(), in.imageName(), in.registerAt(),
                in.targets(), in.deprecateReplaced(), in.timing(), in.runAsUserId(), row.status(), next, last,
                row.createdBy(), row.createdAt());
    }

    private long accountOf(long envId) {
        return jdbi.withExtension(ScopeDao.class, dao -> dao.findEnvironment(envId)).map(Environment::accountId)
                .orElseThrow(() -> new NotFoundException("Environment " + envId));
    }

    private void record(Handle h, Viewer viewer, String action, long id, String name, ScopeRef scope, Object before,
            Object after) {
        audit.record(h, viewer, new AuditWriter.Change(action, action.startsWith("image") ? "update-task-execution"
                : "update-task", Long.toString(id), name, scope, before, after));
    }
}
