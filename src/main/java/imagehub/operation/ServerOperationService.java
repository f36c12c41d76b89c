package imagehub.operation;

import imagehub.access.Access;
import imagehub.access.Channel;
import imagehub.access.NotFoundException;
import imagehub.access.AccessLevel;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.audit.AuditRecord;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.farm.Farm;
import imagehub.farm.FarmDao;
import imagehub.farm.FarmRole;
import imagehub.farm.FarmService;
import imagehub.farm.ServerIntents;
import imagehub.provider.CloudConnector;
import imagehub.provider.CloudProvider;
import imagehub.provider.CloudProvider.RollingUpdate;
import imagehub.provider.ProviderException;
import java.util.Optional;
import java.util.stream.Collectors;
import imagehub.farm.ServerLifecycle;
import imagehub.farm.Server;
import imagehub.image.ImageService;
import imagehub.core.ScopeRef;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Server operations of an environment: "replace servers" terminates the stale servers of a farm, a farm
 * role or an old image in batches, and the scaler brings replacements up on the role's current image.
 * Starting and cancelling need operator rights; reading needs a grant on the environment. A recurring
 * task ({@link OperationDriver}) calls {@link #advance} for every running operation.
 */
public final class ServerOperationService {
    public static final int MAX_BATCH_SIZE = 50;
    public static final int MAX_PAUSE_SECONDS = 3600;
    /** How long a node may take to start a group's rolling update before another may claim it. */
    private static final java.time.Duration UPDATE_LEASE = java.time.Duration.ofSeconds(30);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Jdbi jdbi;
    private final Access access;
    private final AuditWriter audit;
    private final FarmService farms;
    private final ServerLifecycle lifecycle;
    private final ServerIntents intents;
    private final ImageService images;
    private final CloudConnector connector;
    private final Clock clock;

    public ServerOperationService(Jdbi jdbi, Access access, AuditWriter audit, FarmService farms, ServerLifecycle lifecycle,
            ServerIntents intents, ImageService images, CloudConnector connector, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.farms = farms;
        this.lifecycle = lifecycle;
        this.intents = intents;
        this.images = images;
        this.connector = connector;
        this.clock = clock;
    }

    /** {@code minHealthyPercent}: what a bound scaling group keeps in service while the cloud replaces its servers. */
    public record ReplaceRequest(ReplaceTarget target, int batchSize, int pauseSeconds, int minHealthyPercent) {
        public static final int DEFAULT_MIN_HEALTHY = 90;

        public ReplaceRequest(ReplaceTarget target, int batchSize, int pauseSeconds) {
            this(target, batchSize, pauseSeconds, DEFAULT_MIN_HEALTHY);
        }
    }

    /** What replacing the servers of a target would change, per farm role and old image. */
    public record Plan(String targetName, List<StaleGroup> groups) {
        public int servers() {
            return groups.stream().mapToInt(StaleGroup::servers).sum();
        }
    }

    /** What one step of the driver did. */
    public enum Step { IDLE, WAITING, PAUSING, TERMINATED, COMPLETED, FAILED }

    /** A target checked against the viewer's reach and the environment, with the name pages show. */
    private record Resolved(Long farmId, Long farmRoleId, String imageId, String name) {
    }

    public boolean canOperate(Viewer viewer, long envId) {
        return access.allows(viewer, ScopeRef.environment(envId), AccessLevel.OPERATOR);
    }

    public Plan plan(Viewer viewer, long envId, ReplaceTarget target) {
        access.requireEnter(viewer, ScopeRef.environment(envId));
        Resolved resolved = resolve(viewer, envId, target);
        return new Plan(resolved.name(), jdbi.withExtension(ServerOperationDao.class, dao -> dao.staleGroups(envId,
                resolved.farmId(), resolved.farmRoleId(), resolved.imageId())));
    }

    public ServerOperation startReplaceServers(Viewer viewer, long envId, ReplaceRequest request) {
        ScopeRef scope = ScopeRef.environment(envId);
        access.requireOperate(viewer, scope);
        ValidationException.Collector errors = new ValidationException.Collector();
        if (request.batchSize() < 1 || request.batchSize() > MAX_BATCH_SIZE) {
            errors.add("batchSize", "Between 1 and " + MAX_BATCH_SIZE + " servers");
        }
        if (request.pauseSeconds() < 0 || request.pauseSeconds() > MAX_PAUSE_SECONDS) {
            errors.add("pauseSeconds", "Between 0 and " + MAX_PAUSE_SECONDS + " seconds");
        }
        if (request.minHealthyPercent() < 0 || request.minHealthyPercent() > 100) {
            errors.add("minHealthyPercent", "Between 0 and 100 %");
        }
        errors.throwIfAny();
        Resolved target = resolve(viewer, envId, request.target());
        String label = request.target().noun() + " " + target.name();
        ServerOperation started = jdbi.inTransaction(h -> {
            ServerOperationDao dao = h.attach(ServerOperationDao.class);
            List<Server> stale = dao.staleServers(envId, target.farmId(), target.farmRoleId(), target.imageId());
            if (stale.isEmpty()) {
                throw new ConflictException("UnacceptableState", "target", "Every server of " + label
                        + " already runs its role's current image: there is nothing to replace");
            }
            List<String> stopped = dao.farmsNotRunning(farmRoles(stale));
            if (!stopped.isEmpty()) {
                throw new ConflictException("UnacceptableState", "target", "Farm " + String.join(", ", stopped)
                        + " is not running, so the scaler would not replace its servers; launch or resume it first");
            }
            Set<Long> ids = new HashSet<>(stale.stream().map(Server::id).toList());
            for (ServerOperation running : dao.runningOfEnv(envId)) {
                if (staleOf(dao, running).stream().anyMatch(s -> ids.contains(s.id()))) {
                    throw new ConflictException("UnacceptableState", "target", "Operation #" + running.id()
                            + " is already replacing servers of " + running.targetLabel() + "; wait for it or cancel it");
                }
            }
            // Servers of bound farm roles are replaced by their group's rolling update, one per group.
            FarmDao farmDao = h.attach(FarmDao.class);
            Map<FarmRole, Long> bound = stale.stream().map(s -> farmDao.findFarmRole(s.farmRoleId()).orElseThrow())
                    .filter(FarmRole::bound).collect(Collectors.groupingBy(fr -> fr, java.util.LinkedHashMap::new,
                            Collectors.counting()));
            List<Long> boundIds = bound.keySet().stream().map(FarmRole::id).toList();
            if (!boundIds.isEmpty() && !dao.rollingOperations(boundIds).isEmpty()) {
                throw new ConflictException("UnacceptableState", "target", "Operation #"
                        + dao.rollingOperations(boundIds).get(0) + " is already replacing the servers of a scaling "
                        + "group of " + label + "; wait for it or cancel it");
            }
            long id = dao.insert(envId, ServerOperation.REPLACE_SERVERS, target.farmId(), target.farmRoleId(),
                    target.imageId(), target.name(), request.batchSize(), request.pauseSeconds(),
                    request.minHealthyPercent(), stale.size(),
                    "Starting: " + stale.size() + " stale server(s) to replace", viewer.email(), clock.instant());
            bound.forEach((farmRole, servers) -> dao.insertUpdate(id, farmRole.id(), farmRole.scalingGroupId(),
                    servers.intValue(), RollingUpdate.Status.PENDING));
            ServerOperation created = dao.find(id).orElseThrow();
            audit.record(h, viewer, change("server-operation.start", created, null, created));
            return created;
        });
        // The groups' rolling updates start in the cloud only now, after the operation's commit.
        driveUpdates(started.id());
        return get(viewer, envId, started.id());
    }

    /** The rolling updates of an operation's bound scaling groups, for its page and API. */
    public List<RollingUpdateRow> updates(Viewer viewer, long envId, long operationId) {
        get(viewer, envId, operationId);
        return jdbi.withExtension(ServerOperationDao.class, dao -> dao.updates(operationId));
    }

    /**
     * Starts the recorded rolling updates of a running operation (each claimed first, so one node starts each) and
     * polls those under way, outside any transaction; {@link #advance} then reads their outcomes.
     */
    public void driveUpdates(long operationId) {
        ServerOperation op = jdbi.withExtension(ServerOperationDao.class, dao -> dao.find(operationId)).orElse(null);
        if (op == null || !op.running()) {
            return;
        }
        for (RollingUpdateRow update : jdbi.withExtension(ServerOperationDao.class, dao -> dao.updates(operationId))) {
            if (update.finished()) {
                continue;
            }
            Instant now = clock.instant();
            if (update.updateId() == null && jdbi.inTransaction(h -> h.attach(ServerOperationDao.class).claimUpdate(
                    operationId, update.farmRoleId(), RollingUpdate.Status.PENDING, now, now.minus(UPDATE_LEASE))) == 0) {
                continue;
            }
            RollingUpdate outcome;
            try {
                CloudProvider provider = providerOf(update.farmRoleId());
                outcome = update.updateId() == null
                        ? provider.startRollingUpdate(update.scalingGroupId(), op.minHealthyPercent())
                        : provider.describeRollingUpdate(update.scalingGroupId(), update.updateId());
            } catch (ProviderException | ConflictException | ValidationException e) {
                outcome = new RollingUpdate(null, RollingUpdate.Status.FAILED, update.percent(), e.getMessage());
            }
            RollingUpdate recorded = outcome;
            String message = recorded.message() == null || recorded.message().length() <= 1000 ? recorded.message()
                    : recorded.message().substring(0, 1000);
            jdbi.useTransaction(h -> h.attach(ServerOperationDao.class).recordUpdate(operationId, update.farmRoleId(),
                    recorded.id(), recorded.status(), Math.max(0, Math.min(100, recorded.percentComplete())), message));
        }
    }

    private CloudProvider providerOf(long farmRoleId) {
        FarmRole farmRole = jdbi.withExtension(FarmDao.class, dao -> dao.findFarmRole(farmRoleId)).orElseThrow();
        return connector.connect(ScopeRef.environment(farmRole.envId()), farmRole.platform(), farmRole.cloudLocation(),
                farmRole.cloudCredentialsId());
    }

    public ServerOperation get(Viewer viewer, long envId, long operationId) {
        access.requireEnter(viewer, ScopeRef.environment(envId));
        return jdbi.withExtension(ServerOperationDao.class, dao -> dao.find(operationId))
                .filter(op -> op.envId() == envId)
                .orElseThrow(() -> new NotFoundException("Operation " + operationId));
    }

    /** One page of the environment's operations, newest first, and how many it has in all. */
    public record OperationPage(List<ServerOperation> operations, long total) {
    }

    /** {@code limit} of the environment's operations from {@code offset}, newest first, of a status and kind if given. */
    public OperationPage page(Viewer viewer, long envId, OperationStatus status, String kind, long offset, int limit) {
        access.requireEnter(viewer, ScopeRef.environment(envId));
        String statusName = status == null ? null : status.name();
        return jdbi.inTransaction(h -> {
            ServerOperationDao dao = h.attach(ServerOperationDao.class);
            return new OperationPage(dao.pageOfEnv(envId, statusName, kind, limit, offset),
                    dao.countOfEnv(envId, statusName, kind));
        });
    }

    /** The operation's audit entries, newest first: start, each batch, cancel or end. */
    public List<AuditRecord> trail(Viewer viewer, long envId, long operationId) {
        get(viewer, envId, operationId);
        return jdbi.withExtension(ServerOperationDao.class, dao -> dao.trail(String.valueOf(operationId)));
    }

    /** Stops a running operation: no server is terminated after this; the scaler still restores every minimum. */
    public ServerOperation cancel(Viewer viewer, long envId, long operationId) {
        ServerOperation current = get(viewer, envId, operationId);
        access.requireOperate(viewer, current.scope());
        ServerOperation cancelled = jdbi.inTransaction(h -> {
            ServerOperationDao dao = h.attach(ServerOperationDao.class);
            ServerOperation locked = dao.lock(operationId).orElseThrow();
            if (!locked.running()) {
                throw new ConflictException("UnacceptableState", "", "Operation #" + operationId + " is already "
                        + locked.status().label());
            }
            dao.finish(operationId, OperationStatus.CANCELLED, "Cancelled by " + viewer.email() + " after "
                    + locked.replaced() + " of " + locked.total() + " server(s)", clock.instant());
            ServerOperation after = dao.find(operationId).orElseThrow();
            audit.record(h, viewer, change("server-operation.cancel", after, locked, after));
            return after;
        });
        cancelUpdates(operationId);
        return cancelled;
    }

    /** Cancels the rolling updates still under way in the cloud, after the cancel committed. */
    private void cancelUpdates(long operationId) {
        for (RollingUpdateRow update : jdbi.withExtension(ServerOperationDao.class, dao -> dao.updates(operationId))) {
            if (update.finished()) {
                continue;
            }
            String message = "Cancelled";
            try {
                if (update.updateId() != null) {
                    providerOf(update.farmRoleId()).cancelRollingUpdate(update.scalingGroupId(), update.updateId());
                }
            } catch (ProviderException | ConflictException | ValidationException e) {
                message = "Cancelled here; the cloud refused to stop it: " + e.getMessage();
            }
            String recorded = message.length() <= 1000 ? message : message.substring(0, 1000);
            jdbi.useTransaction(h -> h.attach(ServerOperationDao.class).recordUpdate(operationId, update.farmRoleId(), null,
                    RollingUpdate.Status.CANCELLED, update.percent(), recorded));
        }
    }

    /**
     * Moves a running operation on by one step, decided in one transaction holding the operation's row lock (and
     * the row locks of the farm roles it watches, so the scaler does not count servers meanwhile) and carried out
     * in the cloud after it commits: wait
     * while a farm role it touched is below its minimum or the pause has not elapsed, else terminate the
     * next batch; complete when nothing stale is left and every minimum is restored.
     */
    public Step advance(long operationId) {
        List<ServerIntents.Intent> planned = new ArrayList<>();
        Step step = jdbi.inTransaction(h -> {
            planned.clear();
            ServerOperationDao dao = h.attach(ServerOperationDao.class);
            ServerOperation op = dao.lock(operationId).orElse(null);
            if (op == null || !op.running()) {
                return Step.IDLE;
            }
            Instant now = clock.instant();
            List<Server> stale = staleOf(dao, op);
            List<Server> batch = stale.subList(0, Math.min(op.batchSize(), stale.size()));
            Set<Long> watched = new TreeSet<>(dao.touchedFarmRoles(operationId));
            watched.addAll(farmRoles(batch));
            FarmDao farmDao = h.attach(FarmDao.class);
            watched.forEach(farmDao::lockFarmRole);
            List<Long> watchedIds = List.copyOf(watched);
            int total = Math.max(op.total(), op.replaced() + stale.size());
            if (!watchedIds.isEmpty()) {
                List<String> stopped = dao.farmsNotRunning(watchedIds);
                if (!stopped.isEmpty()) {
                    finish(h, op, OperationStatus.FAILED, "Farm " + String.join(", ", stopped)
                            + " stopped running, so its servers are not replaced");
                    return Step.FAILED;
                }
                int below = dao.belowMinimum(watchedIds).size();
                if (below > 0) {
                    note(dao, op, total, "Waiting for replacements: " + below + " farm role(s) below their minimum");
                    return Step.WAITING;
                }
            }
            if (stale.isEmpty()) {
                List<RollingUpdateRow> updates = dao.updates(operationId);
                Optional<RollingUpdateRow> failed = updates.stream()
                        .filter(u -> u.status() == RollingUpdate.Status.FAILED || u.status() == RollingUpdate.Status.CANCELLED)
                        .findFirst();
                if (failed.isPresent()) {
                    finish(h, op, OperationStatus.FAILED, "The rolling update of scaling group "
                            + failed.get().scalingGroupId() + " ended " + failed.get().status().name().toLowerCase()
                            + (failed.get().message() == null ? "" : ": " + failed.get().message()));
                    return Step.FAILED;
                }
                if (updates.stream().anyMatch(u -> !u.finished())) {
                    // Replaced so far: everything but what the groups still have to replace.
                    int left = updates.stream().mapToInt(u -> u.servers() * (100 - u.percent()) / 100).sum();
                    String progress = "Rolling update: " + updates.stream().map(RollingUpdateRow::describe)
                            .collect(Collectors.joining(", "));
                    if (!progress.equals(op.message()) || op.replaced() != Math.max(op.replaced(), total - left)) {
                        dao.progress(op.id(), total, Math.max(op.replaced(), total - left), progress, null, clock.instant());
                    }
                    return Step.WAITING;
                }
                finish(h, op, OperationStatus.COMPLETED, "Done: " + total + " server(s) replaced, every server "
                        + "of the " + op.target().noun() + " runs its role's current image");
                return Step.COMPLETED;
            }
            if (op.lastBatchAt() != null && now.isBefore(op.lastBatchAt().plusSeconds(op.pauseSeconds()))) {
                note(dao, op, total, "Pausing until " + TIME.format(op.lastBatchAt().plusSeconds(op.pauseSeconds()))
                        + " UTC before the next batch");
                return Step.PAUSING;
            }
            int batchNumber = dao.lastBatch(operationId) + 1;
            Viewer driver = new Viewer(0, op.createdBy(), List.of(), Channel.SCHEDULER);
            List<String> instances = new ArrayList<>();
            Map<Long, Integer> sizeBefore = new java.util.HashMap<>();
            for (Server server : batch) {
                sizeBefore.computeIfAbsent(server.farmRoleId(), farmDao::servingCount);
                planned.add(lifecycle.terminate(h, driver, server));
                dao.recordTermination(operationId, server.id(), server.farmRoleId(), batchNumber, now);
                instances.add(server.cloudInstanceId());
            }
            // The scaler only brings a farm role back to its minimum; servers it ran above that are
            // relaunched here, on the current image, so the farm keeps the size it had.
            sizeBefore.forEach((farmRoleId, before) -> {
                var farmRole = farmDao.findFarmRole(farmRoleId).orElseThrow();
                var farm = farmDao.findFarm(farmRole.farmId()).orElseThrow();
                int aboveMinimum = before - Math.max(farmDao.servingCount(farmRoleId), farmRole.minServers());
                for (int i = 0; i < aboveMinimum; i++) {
                    planned.add(lifecycle.launch(h, driver, farm, farmRole));
                }
            });
            int replaced = op.replaced() + batch.size();
            dao.progress(operationId, total, replaced, "Batch " + batchNumber + ": terminated " + batch.size()
                    + " server(s); waiting for replacements", now, now);
            ServerOperation after = dao.find(operationId).orElseThrow();
            audit.record(h, driver, change("server-operation.batch", after, null,
                    Map.of("batch", batchNumber, "terminated", instances, "replaced", replaced, "total", total)));
            return Step.TERMINATED;
        });
        // The batch's terminations and relaunches go to the cloud only now, with no lock held.
        intents.carryOut(planned);
        return step;
    }

    /** Marks a running operation failed with its cause; used when a step throws. */
    public void fail(long operationId, String cause) {
        jdbi.useTransaction(h -> {
            ServerOperation op = h.attach(ServerOperationDao.class).lock(operationId).orElse(null);
            if (op != null && op.running()) {
                finish(h, op, OperationStatus.FAILED, "Failed: " + (cause == null ? "unexpected error" : cause));
            }
        });
    }

    /** Running operations, oldest first: what the driver advances. */
    public List<Long> runningIds() {
        return jdbi.withExtension(ServerOperationDao.class, ServerOperationDao::runningIds);
    }

    private void finish(Handle h, ServerOperation op, OperationStatus status, String message) {
        ServerOperationDao dao = h.attach(ServerOperationDao.class);
        String bounded = message.length() > 1000 ? message.substring(0, 1000) : message;
        dao.finish(op.id(), status, bounded, clock.instant());
        ServerOperation after = dao.find(op.id()).orElseThrow();
        audit.record(h, new Viewer(0, op.createdBy(), List.of(), Channel.SCHEDULER),
                change("server-operation." + status.label(), after, op, after));
    }

    /** Records the state text only when it changes, so a waiting operation does not write every second. */
    private void note(ServerOperationDao dao, ServerOperation op, int total, String message) {
        if (!message.equals(op.message()) || total != op.total()) {
            dao.progress(op.id(), total, op.replaced(), message, null, clock.instant());
        }
    }

    /** The stale servers the operation replaces in batches itself (bound groups roll on their own). */
    private static List<Server> staleOf(ServerOperationDao dao, ServerOperation op) {
        return dao.staleSelfScaled(op.envId(), op.farmId(), op.farmRoleId(), op.imageId());
    }

    private static List<Long> farmRoles(List<Server> servers) {
        return servers.stream().map(Server::farmRoleId).distinct().sorted().toList();
    }

    private static AuditWriter.Change change(String action, ServerOperation op, Object before, Object after) {
        return new AuditWriter.Change(action, "server-operation", String.valueOf(op.id()), op.targetLabel(), op.scope(),
                before, after);
    }

    private Resolved resolve(Viewer viewer, long envId, ReplaceTarget target) {
        if (target instanceof ReplaceTarget.WholeFarm whole) {
            Farm farm = inEnv(farms.get(viewer, whole.farmId()), envId);
            return new Resolved(farm.id(), null, null, farm.name());
        }
        if (target instanceof ReplaceTarget.OneFarmRole one) {
            FarmRole farmRole = farms.farmRole(viewer, one.farmRoleId());
            Farm farm = inEnv(farms.get(viewer, farmRole.farmId()), envId);
            return new Resolved(null, farmRole.id(), null, farm.name() + " / " + farmRole.alias());
        }
        String imageId = ((ReplaceTarget.OldImage) target).imageId();
        return new Resolved(null, null, imageId, images.get(viewer, ScopeRef.environment(envId), imageId).name());
    }

    private static Farm inEnv(Farm farm, long envId) {
        if (farm.envId() != envId) {
            throw new NotFoundException("Farm " + farm.id());
        }
        return farm;
    }
}
