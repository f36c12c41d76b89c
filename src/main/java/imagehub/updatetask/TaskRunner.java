package imagehub.updatetask;

import imagehub.access.Channel;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.catalog.Platform;
import imagehub.core.ScopeRef;
import imagehub.farm.FarmDao;
import imagehub.farm.Server;
import imagehub.image.Image;
import imagehub.image.ImageDao;
import imagehub.image.ImageRow;
import imagehub.image.ImageService;
import imagehub.provider.CloudConnector;
import imagehub.provider.CloudProvider;
import imagehub.role.RoleImages;
import imagehub.scope.ScopeChain;
import imagehub.user.UserDao;
import imagehub.user.UserService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs update task executions, each step recorded with its times and outcome: create the image from the source
 * server → wait until the cloud says it is available (bounded) → register it with its lineage → replace it into
 * every target role image in one transaction (so bound scaling groups follow) → deprecate the images it replaced.
 * Cloud calls are made outside any transaction; the step reached is stored, so a run interrupted by a crash is
 * resumed (before the replace step) or reverted (from it on) by whichever node finds it stale.
 * A failure or a cancel stops the run and restores every target it changed; the image it created stays registered,
 * marked as from a failed run, and the cause is recorded.
 */
public final class TaskRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final AuditWriter audit;
    private final CloudConnector connector;
    private final ImageService images;
    private final RoleImages roleImages;
    private final UserService users;
    private final Timeouts timeouts;
    private final ExecutorService executor;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** Tests make a step fail here; null in production. */
    volatile FailurePoint failAt;

    /** How long a run may wait for its image, how often it looks, and when a silent run counts as crashed. */
    public record Timeouts(Duration imageWait, Duration imagePoll, Duration lease) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofMinutes(60), Duration.ofSeconds(2),
                Duration.ofMinutes(2));
    }

    /** Where tests inject a failure: at the start of that step (replace: inside its transaction, after a change). */
    enum FailurePoint { CREATE, WAIT, REGISTER, REPLACE, DEPRECATE }

    public TaskRunner(Jdbi jdbi, Clock clock, AuditWriter audit, CloudConnector connector, ImageService images,
            RoleImages roleImages, UserService users, Timeouts timeouts) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.audit = audit;
        this.connector = connector;
        this.images = images;
        this.roleImages = roleImages;
        this.users = users;
        this.timeouts = timeouts;
        // Bounded: at most 4 runs at once per node, the rest wait in the queue (or for the next poll).
        this.executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1000), r -> {
            Thread thread = new Thread(r, "imagehub-update-task");
            thread.setDaemon(true);
            return thread;
        });
    }

    Duration lease() {
        return timeouts.lease();
    }

    /** Hands the execution to this node's workers, unless they already have it; the claim decides who runs it. */
    public void submit(long executionId) {
        if (!inFlight.add(executionId)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    run(executionId);
                } finally {
                    inFlight.remove(executionId);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(executionId);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Runs the execution if this node claims it: pending, or running with a heartbeat older than the lease. */
    void run(long executionId) {
        Instant now = clock.instant();
        Optional<TaskStore.ExecutionRow> before = jdbi.withHandle(h -> TaskStore.findExecution(h, executionId));
        if (before.isEmpty()) {
            return;
        }
        boolean crashed = Execution.RUNNING.equals(before.get().status());
        boolean claimed = jdbi.inTransaction(h -> {
            int won = h.createUpdate("UPDATE update_task_executions SET status = 'running', heartbeat_at = :now,"
                    + " started_at = COALESCE(started_at, :now) WHERE id = :id AND (status = 'pending'"
                    + " OR (status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < :stale)))")
                    .bind("now", now).bind("stale", now.minus(timeouts.lease())).bind("id", executionId).execute();
            if (won > 0) {
                recordStatus(h, before.get(), before.get().status(), crashed ? "resumed" : "started",
                        crashed ? "Taken over after its node went silent during the "
                                + Phase.valueOf(before.get().phase()).name().toLowerCase() + " step" : null);
            }
            return won > 0;
        });
        if (!claimed) {
            return;
        }
        TaskStore.ExecutionRow row = load(executionId);
        if (crashed && (row.cancelRequested() || Phase.valueOf(row.phase()).changesTargets())) {
            stop(row, row.cancelRequested() ? "Cancelled" : "Interrupted by a restart during the "
                    + Phase.valueOf(row.phase()).name().toLowerCase() + " step", row.cancelRequested());
            return;
        }
        try {
            walk(executionId);
        } catch (Cancelled e) {
            stop(load(executionId), "Cancelled", true);
        } catch (ShuttingDown e) {
            log.info("update task run {} left for the next node to resume", executionId);
        } catch (RuntimeException e) {
            log.warn("update task run {} failed: {}", executionId, e.toString());
            stop(load(executionId), message(e), false);
        }
    }

    private void walk(long executionId) {
        for (Phase phase = phaseOf(executionId); phase != Phase.DONE; phase = phaseOf(executionId)) {
            TaskStore.ExecutionRow row = heartbeat(executionId);
            switch (phase) {
                case CREATE -> create(row);
                case WAIT -> waitUntilAvailable(row);
                case REGISTER -> register(row);
                case REPLACE -> replace(row);
                case DEPRECATE -> deprecate(row);
                default -> throw new IllegalStateException(phase.name());
            }
        }
        jdbi.useTransaction(h -> {
            int done = h.createUpdate("UPDATE update_task_executions SET status = 'succeeded', finished_at = :now"
                    + " WHERE id = :id AND status = 'running'").bind("now", clock.instant()).bind("id", executionId)
                    .execute();
            if (done > 0) {
                recordStatus(h, TaskStore.findExecution(h, executionId).orElseThrow(), Execution.RUNNING,
                        Execution.SUCCEEDED, null);
            }
        });
    }

    // ---- steps

    private void create(TaskStore.ExecutionRow row) {
        String cloudImageId = step(row.id(), Execution.Step.CREATE, () -> {
            inject(FailurePoint.CREATE);
            Server server = jdbi.withExtension(FarmDao.class, dao -> dao.findServer(row.sourceServerId()))
                    .filter(Server::active).orElseThrow(() -> new StepFailure("The source server "
                            + row.sourceServerId() + " is no longer running"));
            CloudProvider.CloudImage image = provider(row).createImageFromInstance(server.cloudInstanceId(),
                    row.imageName());
            return image.cloudImageId();
        }, id -> "Snapshot " + id + " of server " + row.sourceServerId() + " started");
        advance(row.id(), Phase.WAIT, "cloud_image_id", cloudImageId);
    }

    private void waitUntilAvailable(TaskStore.ExecutionRow row) {
        step(row.id(), Execution.Step.WAIT, () -> {
            inject(FailurePoint.WAIT);
            CloudProvider provider = provider(row);
            Instant deadline = clock.instant().plus(timeouts.imageWait());
            while (true) {
                CloudProvider.CloudImage image = provider.describeImage(row.cloudImageId()).orElseThrow(
                        () -> new StepFailure("The cloud no longer has " + row.cloudImageId()));
                switch (image.state()) {
                    case AVAILABLE -> {
                        return image;
                    }
                    case FAILED -> throw new StepFailure("The cloud could not create " + row.cloudImageId());
                    default -> {
                    }
                }
                if (clock.instant().isAfter(deadline)) {
                    throw new StepFailure(row.cloudImageId() + " was not available after "
                            + timeouts.imageWait().toMinutes() + " minutes");
                }
                sleep(timeouts.imagePoll());
                heartbeat(row.id());
            }
        }, image -> image.cloudImageId() + " is available");
        advance(row.id(), Phase.REGISTER, null, null);
    }

    private void register(TaskStore.ExecutionRow row) {
        Image image = step(row.id(), Execution.Step.REGISTER, () -> {
            inject(FailurePoint.REGISTER);
            ScopeRef scope = TaskInput.REGISTER_ACCOUNT.equals(row.registerAt()) ? ScopeRef.account(row.accountId())
                    : ScopeRef.environment(row.envId());
            Optional<Image> already = registered(row, scope);
            if (already.isPresent()) {
                return already.get();
            }
            Server server = jdbi.withExtension(FarmDao.class, dao -> dao.findServer(row.sourceServerId())).orElseThrow();
            Optional<Image> parent = jdbi.withExtension(ImageDao.class, dao -> dao.find(server.imageId()))
                    .map(ImageRow::toImage);
            String description = "Built by " + (row.taskId() == null ? "publish" : "update task " + row.taskId())
                    + ", run " + row.id() + ", from server " + server.id();
            return images.register(runAs(row), scope, new ImageService.NewImage(row.platform(), row.cloudLocation(),
                    row.cloudImageId(), row.imageName(), description, parent.map(Image::osId).orElse(null),
                    parent.map(p -> p.architecture().id()).orElse(null),
                    parent.map(Image::agentInstalled).orElse(false), null));
        }, registered -> "Registered " + registered.name());
        jdbi.useTransaction(h -> {
            String parentId = h.attach(FarmDao.class).findServer(row.sourceServerId()).map(Server::imageId).orElse(null);
            h.createUpdate("UPDATE images SET source_server_id = :server, parent_image_id = :parent,"
                    + " update_task_id = :task, update_execution_id = :execution WHERE id = :id")
                    .bind("server", row.sourceServerId()).bind("parent", parentId).bind("task", row.taskId())
                    .bind("execution", row.id()).bind("id", image.id()).execute();
            h.createUpdate("UPDATE update_task_executions SET image_id = :image, phase = :phase WHERE id = :id")
                    .bind("image", image.id()).bind("phase", Phase.REPLACE.name()).bind("id", row.id()).execute();
        });
    }

    /** The image this run registered before a crash cut it short, if it did. */
    private Optional<Image> registered(TaskStore.ExecutionRow row, ScopeRef scope) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM images WHERE platform = :platform"
                + " AND cloud_location = :location AND cloud_image_id = :cloudImageId AND scope_level = :level"
                + " AND scope_id = :scopeId").bind("platform", row.platform()).bind("location", row.cloudLocation())
                .bind("cloudImageId", row.cloudImageId()).bind("level", scope.level().name())
                .bind("scopeId", scope.id()).mapTo(String.class).findFirst()
                .flatMap(id -> h.attach(ImageDao.class).find(id)).map(ImageRow::toImage));
    }

    /** Every target in one transaction, through the role-image replace path: all change or none does. */
    private void replace(TaskStore.ExecutionRow row) {
        Viewer runAs = runAs(row);
        step(row.id(), Execution.Step.REPLACE, () -> jdbi.inTransaction(h -> {
            ScopeChain chain = new ScopeChain(ScopeRef.environment(row.envId()), row.accountId());
            int changed = 0;
            for (TaskStore.TargetRow target : TaskStore.targetsOf(h, row.id())) {
                // Read, not locked: the replace path locks the image before the role, and re-checks that the role
                // still holds this image (else the step fails and nothing of it stays).
                String current = currentImage(h, target).orElseThrow(() -> new StepFailure("Role " + target.roleId()
                        + " no longer has an image in " + target.platform() + " " + target.cloudLocation()));
                if (current.equals(row.imageId())) {
                    continue;
                }
                TaskStore.markChanged(h, row.id(), target, current);
                roleImages.replaceImageWithin(h, runAs, chain, target.roleId(), current, row.imageId());
                changed++;
                inject(FailurePoint.REPLACE);
            }
            h.createUpdate("UPDATE update_task_executions SET phase = :phase WHERE id = :id")
                    .bind("phase", (row.deprecateReplaced() ? Phase.DEPRECATE : Phase.DONE).name())
                    .bind("id", row.id()).execute();
            return changed;
        }), changed -> "Replaced in " + changed + " target" + (changed == 1 ? "" : "s"));
    }

    private void deprecate(TaskStore.ExecutionRow row) {
        Viewer runAs = runAs(row);
        step(row.id(), Execution.Step.DEPRECATE, () -> {
            inject(FailurePoint.DEPRECATE);
            Set<String> replaced = previousImages(row.id(), true);
            for (String imageId : replaced) {
                images.patch(runAs, ScopeRef.environment(row.envId()), imageId, null, true,
                        "Replaced by " + row.imageName() + " (update task run " + row.id() + ")");
                jdbi.useHandle(h -> TaskStore.markDeprecated(h, row.id(), imageId, true));
            }
            return replaced.size();
        }, count -> "Deprecated " + count + " image" + (count == 1 ? "" : "s"));
        advance(row.id(), Phase.DONE, null, null);
    }

    private static Optional<String> currentImage(Handle h, TaskStore.TargetRow target) {
        return h.attach(FarmDao.class).roleImage(target.roleId(), Platform.find(target.platform()).orElseThrow(),
                target.cloudLocation());
    }

    private Set<String> previousImages(long executionId, boolean changedOnly) {
        Set<String> ids = new LinkedHashSet<>();
        jdbi.withHandle(h -> TaskStore.targetsOf(h, executionId)).stream()
                .filter(t -> t.previousImageId() != null && (!changedOnly || t.changed()))
                .forEach(t -> ids.add(t.previousImageId()));
        return ids;
    }

    // ---- stopping

    /**
     * Ends a failed or cancelled run: undoes its deprecations, restores every target it changed to the exact image
     * it had (one transaction; a target someone changed since is left alone), marks the image it registered.
     */
    private void stop(TaskStore.ExecutionRow row, String cause, boolean cancelled) {
        List<TaskStore.TargetRow> changed = jdbi.withHandle(h -> TaskStore.targetsOf(h, row.id())).stream()
                .filter(TaskStore.TargetRow::changed).toList();
        String revertProblem = null;
        if (!changed.isEmpty()) {
            try {
                step(row.id(), Execution.Step.REVERT, () -> restore(row, changed), n -> "Restored " + n + " target"
                        + (n == 1 ? "" : "s") + " to the image each had before");
            } catch (RuntimeException e) {
                revertProblem = message(e);
            }
        }
        String status = cancelled ? Execution.CANCELLED
                : changed.isEmpty() || revertProblem != null ? Execution.FAILED : Execution.REVERTED;
        String recorded = revertProblem == null ? cause : cause + "; restoring the targets failed: " + revertProblem;
        jdbi.useTransaction(h -> {
            if (row.imageId() != null) {
                h.createUpdate("UPDATE images SET from_failed_run = TRUE WHERE id = :id").bind("id", row.imageId())
                        .execute();
            }
            h.createUpdate("UPDATE update_task_steps SET status = 'failed', finished_at = :now,"
                    + " message = COALESCE(message, 'Stopped') WHERE execution_id = :id AND status = 'running'")
                    .bind("now", clock.instant()).bind("id", row.id()).execute();
            h.createUpdate("UPDATE update_task_executions SET status = :status, cause = :cause, finished_at = :now"
                    + " WHERE id = :id").bind("status", status).bind("cause", TaskStore.clip(recorded))
                    .bind("now", clock.instant()).bind("id", row.id()).execute();
            recordStatus(h, TaskStore.findExecution(h, row.id()).orElseThrow(), row.status(), status, recorded);
        });
    }

    /**
     * Audits a run's status change (started, resumed, succeeded, failed, reverted, cancelled, skipped) in the caller's
     * transaction, in the run's environment, as the identity it runs as: {@code update-task-run.<status>}, with the
     * cause of a failure.
     */
    void recordStatus(Handle h, TaskStore.ExecutionRow row, String from, String status, String cause) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("status", status);
        after.put("task", row.taskId());
        if (row.imageId() != null) {
            after.put("image", row.imageId());
        }
        if (cause != null) {
            after.put("cause", TaskStore.clip(cause));
        }
        String name = (row.taskId() == null ? "publish run " : "run ") + row.id()
                + (row.imageName() == null ? "" : " (" + row.imageName() + ")");
        audit.record(h, actor(h, row.runAsUserId()), new AuditWriter.Change("update-task-run." + status,
                "update-task-execution", Long.toString(row.id()), name, ScopeRef.environment(row.envId()),
                Map.of("status", from), after));
    }

    /** The run-as identity for the audit log; a user removed since is recorded by id alone, never refused. */
    private Viewer actor(Handle h, long userId) {
        return h.attach(UserDao.class).find(userId)
                .map(user -> new Viewer(userId, user.email(), List.of(), Channel.SCHEDULER))
                .orElseGet(() -> new Viewer(0, "user " + userId, List.of(), Channel.SCHEDULER));
    }

    private int restore(TaskStore.ExecutionRow row, List<TaskStore.TargetRow> changed) {
        // Restoring must not be refused for the run-as identity's rights: Imagehub undoes its own change.
        Viewer system = Viewer.system();
        for (String imageId : previousImages(row.id(), true)) {
            boolean deprecatedByRun = jdbi.withHandle(h -> TaskStore.targetsOf(h, row.id())).stream()
                    .anyMatch(t -> imageId.equals(t.previousImageId()) && t.deprecatedPrevious());
            if (deprecatedByRun) {
                images.patch(system, ScopeRef.environment(row.envId()), imageId, null, false, null);
                jdbi.useHandle(h -> TaskStore.markDeprecated(h, row.id(), imageId, false));
            }
        }
        String runImage = load(row.id()).imageId();
        return jdbi.inTransaction(h -> {
            ScopeChain chain = new ScopeChain(ScopeRef.environment(row.envId()), row.accountId());
            int restored = 0;
            for (TaskStore.TargetRow target : changed) {
                if (currentImage(h, target).filter(runImage::equals).isPresent()) {
                    roleImages.replaceImageWithin(h, system, chain, target.roleId(), runImage,
                            target.previousImageId());
                    restored++;
                }
            }
            return restored;
        });
    }

    // ---- plumbing

    /** Runs one step: its row says running, then succeeded with {@code done}'s message, or failed with the cause. */
    private <T> T step(long executionId, String name, Supplier<T> work, java.util.function.Function<T, String> done) {
        int position = jdbi.inTransaction(h -> TaskStore.startStep(h, executionId, name, clock.instant()));
        try {
            T result = work.get();
            jdbi.useHandle(h -> TaskStore.finishStep(h, executionId, position, Execution.Step.SUCCEEDED,
                    done.apply(result), clock.instant()));
            return result;
        } catch (RuntimeException e) {
            jdbi.useHandle(h -> TaskStore.finishStep(h, executionId, position, Execution.Step.FAILED, message(e),
                    clock.instant()));
            throw e;
        }
    }

    private void advance(long executionId, Phase next, String column, String value) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE update_task_executions SET phase = :phase"
                + (column == null ? "" : ", " + column + " = :value") + " WHERE id = :id")
                .bind("phase", next.name()).bind("value", value).bind("id", executionId).execute());
    }

    /** Refreshes the run's lease and stops it when someone asked to cancel it. */
    private TaskStore.ExecutionRow heartbeat(long executionId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE update_task_executions SET heartbeat_at = :now WHERE id = :id")
                .bind("now", clock.instant()).bind("id", executionId).execute());
        TaskStore.ExecutionRow row = load(executionId);
        if (row.cancelRequested()) {
            throw new Cancelled();
        }
        return row;
    }

    private Phase phaseOf(long executionId) {
        return Phase.valueOf(load(executionId).phase());
    }

    private TaskStore.ExecutionRow load(long executionId) {
        return jdbi.withHandle(h -> TaskStore.findExecution(h, executionId)).orElseThrow();
    }

    private CloudProvider provider(TaskStore.ExecutionRow row) {
        return connector.connect(ScopeRef.environment(row.envId()), Platform.find(row.platform()).orElseThrow(),
                row.cloudLocation(), null);
    }

    private Viewer runAs(TaskStore.ExecutionRow row) {
        return users.viewerOf(row.runAsUserId(), Channel.SCHEDULER);
    }

    private void inject(FailurePoint point) {
        if (point == failAt) {
            throw new StepFailure("Injected failure at " + point.name().toLowerCase());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShuttingDown();
        }
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A step that cannot go on, with the cause in words. */
    static final class StepFailure extends RuntimeException {
        StepFailure(String message) {
            super(message);
        }
    }

    /** The node stops: the run stays "running" and is resumed once its lease runs out. */
    private static final class ShuttingDown extends RuntimeException {
        ShuttingDown() {
            super("The node is shutting down", null, false, false);
        }
    }

    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("Cancelled", null, false, false);
        }
    }
}
