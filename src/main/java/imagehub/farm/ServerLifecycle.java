package imagehub.farm;

import imagehub.access.Access;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.catalog.Platform;
import imagehub.core.ConflictException;
import imagehub.image.Image;
import imagehub.image.ImageService;
import imagehub.provider.Clouds;
import imagehub.core.ScopeRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The servers of farms: launching, suspending, resuming and terminating a farm with its servers, launching and
 * terminating one server, and the launches and terminations the scaler and server operations run inside their own
 * transactions. Every action needs operator rights on the farm's environment. New servers always launch from the
 * role's current image for their location, through the cloud provider of the farm role's platform. Launches and
 * terminations are recorded as intents and made in the cloud only after their transaction commits
 * ({@link ServerIntents}).
 */
public final class ServerLifecycle {
    private final Jdbi jdbi;
    private final Access access;
    private final AuditWriter audit;
    private final FarmService farms;
    private final ImageService images;
    private final Clouds clouds;
    private final ServerIntents intents;
    private final Clock clock;

    public ServerLifecycle(Jdbi jdbi, Access access, AuditWriter audit, FarmService farms, ImageService images,
            Clouds clouds, ServerIntents intents, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.farms = farms;
        this.images = images;
        this.clouds = clouds;
        this.intents = intents;
        this.clock = clock;
    }

    /** Launches the farm: the scaler brings every farm role up to its minimum. */
    public Farm launch(Viewer viewer, long farmId) {
        return setStatus(viewer, farmId, "farm.launch", "launched", FarmStatus.RUNNING, List.of(FarmStatus.TERMINATED), null);
    }

    public Farm suspend(Viewer viewer, long farmId) {
        return setStatus(viewer, farmId, "farm.suspend", "suspended", FarmStatus.SUSPENDED, List.of(FarmStatus.RUNNING),
                ServerStatus.SUSPENDED);
    }

    public Farm resume(Viewer viewer, long farmId) {
        return setStatus(viewer, farmId, "farm.resume", "resumed", FarmStatus.RUNNING, List.of(FarmStatus.SUSPENDED),
                ServerStatus.RUNNING);
    }

    /**
     * Marks the farm terminated with a termination intent on every server, then terminates them in the cloud
     * (after the commit: no cloud call holds the farm's lock).
     */
    public Farm terminate(Viewer viewer, long farmId) {
        Farm current = farms.get(viewer, farmId);
        access.requireOperate(viewer, current.scope());
        List<ServerIntents.Intent> planned = new ArrayList<>();
        Farm after = jdbi.inTransaction(h -> {
            planned.clear();
            FarmDao dao = h.attach(FarmDao.class);
            Farm farm = dao.lockFarm(farmId).orElseThrow(() -> new NotFoundException("Farm " + farmId));
            if (farm.status() == FarmStatus.TERMINATED) {
                throw new ConflictException("FarmTerminated", "", "Farm " + farm.name() + " is not running");
            }
            // A bound group's size belongs to the cloud (and whoever made the group): terminating its instances one
            // by one would only make the group replace them.
            List<String> groups = dao.farmRoles(farmId).stream().filter(FarmRole::bound).map(FarmRole::scalingGroupId)
                    .toList();
            if (!groups.isEmpty()) {
                throw new ConflictException("BoundScalingGroups", "", "Farm " + farm.name()
                        + " has farm roles bound to the scaling groups " + String.join(", ", groups)
                        + "; their size is kept by the cloud: scale them there, or remove those farm roles first");
            }
            List<Server> servers = dao.activeServersOfFarm(farmId);
            servers.forEach(server -> planned.add(intents.terminate(h, viewer, server)));
            dao.setFarmStatus(farmId, FarmStatus.TERMINATED);
            Farm terminated = dao.findFarm(farmId).orElseThrow();
            audit.record(h, viewer, new AuditWriter.Change("farm.terminate", "farm", String.valueOf(farmId), farm.name(),
                    farm.scope(), farm, Map.of("farm", terminated, "terminatedServers", servers.size())));
            return terminated;
        });
        intents.carryOut(planned);
        return after;
    }

    /** Terminates one server; in a running farm the scaler replaces it on the role's current image. */
    public Server terminateServer(Viewer viewer, long serverId) {
        Server server = farms.server(viewer, serverId);
        access.requireOperate(viewer, ScopeRef.environment(server.envId()));
        ServerIntents.Intent intent = jdbi.inTransaction(h -> {
            Server current = h.attach(FarmDao.class).findServer(serverId).orElseThrow();
            return terminate(h, viewer, current);
        });
        return intents.carryOut(intent);
    }

    /**
     * Records the termination of {@code server} inside the caller's transaction; the caller carries the intent
     * out after its commit.
     */
    public ServerIntents.Intent terminate(Handle h, Viewer viewer, Server server) {
        if (!server.active() || server.terminating()) {
            throw new ConflictException("ServerTerminated", "", "Server " + server.cloudInstanceId()
                    + " is already terminated");
        }
        return intents.terminate(h, viewer, server);
    }

    /** Launches one more server in a farm role of a running farm, up to its maximum. */
    public Server launchServer(Viewer viewer, long farmRoleId) {
        FarmRole farmRole = farms.farmRole(viewer, farmRoleId);
        Farm farm = farms.get(viewer, farmRole.farmId());
        access.requireOperate(viewer, farm.scope());
        requireSelfScaled(farmRole);
        ServerIntents.Intent intent = jdbi.inTransaction(h -> {
            FarmDao dao = h.attach(FarmDao.class);
            FarmRole locked = dao.lockFarmRole(farmRoleId).orElseThrow();
            Farm current = dao.findFarm(farm.id()).orElseThrow();
            if (current.status() != FarmStatus.RUNNING) {
                throw new ConflictException("FarmNotRunning", "", "Farm " + farm.name() + " is " + current.status().label());
            }
            if (dao.servingCount(farmRoleId) >= locked.maxServers()) {
                throw new ConflictException("ScalingLimit", "", "Farm role " + locked.alias() + " already runs its maximum of "
                        + locked.maxServers() + " servers");
            }
            return launch(h, viewer, current, locked);
        });
        return intents.carryOut(intent);
    }

    /**
     * Records the launch of one server of {@code farmRole} from the role's current image for its location, inside
     * the caller's transaction (which holds the farm role's row lock, so a concurrent scaler counts the pending
     * server); the caller carries the intent out after its commit, applying the image to the group and launching.
     */
    public ServerIntents.Intent launch(Handle h, Viewer viewer, Farm farm, FarmRole farmRole) {
        FarmDao dao = h.attach(FarmDao.class);
        requireSelfScaled(farmRole);
        String imageId = dao.roleImage(farmRole.roleId(), farmRole.platform(), farmRole.cloudLocation())
                .orElseThrow(() -> new ConflictException("NoRoleImage", "", "Role " + farmRole.roleName()
                        + " has no image for " + farmRole.platform().id() + " " + farmRole.cloudLocation()));
        Image image = images.get(viewer.isSystem() ? viewer : Viewer.system(), farm.scope(), imageId);
        // The image row is locked for update before the server's insert reads it (rollup trigger): launches of one
        // image in other farm roles then wait here instead of deadlocking on a lock upgrade, and a delete of the
        // image either waits for this launch (and then sees its server) or has removed the row already.
        if (dao.touchImage(imageId, clock.instant()) == 0) {
            throw new ConflictException("ConcurrentChange", "", "Image " + image.name() + " was deleted meanwhile");
        }
        return intents.launch(h, viewer, farm, farmRole, image);
    }

    /**
     * Moves the farm from one of {@code from} to {@code to} ({@code verb} is the past participle the refusal uses:
     * "launched", "suspended", "resumed"), and its servers to {@code serversTo} when given.
     */
    private Farm setStatus(Viewer viewer, long farmId, String action, String verb, FarmStatus to, List<FarmStatus> from,
            ServerStatus serversTo) {
        Farm current = farms.get(viewer, farmId);
        access.requireOperate(viewer, current.scope());
        return jdbi.inTransaction(h -> {
            FarmDao dao = h.attach(FarmDao.class);
            Farm farm = dao.lockFarm(farmId).orElseThrow(() -> new NotFoundException("Farm " + farmId));
            if (!from.contains(farm.status())) {
                throw new ConflictException("FarmStatus", "", "Farm " + farm.name() + " is " + farm.status().label()
                        + "; it cannot be " + verb + " now");
            }
            if (to == FarmStatus.RUNNING) {
                refuseUnrunnable(dao.farmRoles(farmId));
            }
            dao.setFarmStatus(farmId, to);
            if (serversTo != null) {
                dao.setServerStatusOfFarm(farmId, serversTo,
                        List.of(serversTo == ServerStatus.SUSPENDED ? ServerStatus.RUNNING : ServerStatus.SUSPENDED));
            }
            Farm after = dao.findFarm(farmId).orElseThrow();
            audit.record(h, viewer, new AuditWriter.Change(action, "farm", String.valueOf(farmId), farm.name(),
                    farm.scope(), farm, after));
            return after;
        });
    }

    /** A farm runs only when every farm role's platform has a cloud provider here (older farm roles may not). */
    private void refuseUnrunnable(List<FarmRole> farmRoles) {
        farmRoles.forEach(this::requireRunnable);
    }

    /** A 409 unless Imagehub scales the farm role's platform itself or the farm role's bound group scales itself. */
    private void requireRunnable(FarmRole farmRole) {
        Platform platform = farmRole.platform();
        if (!farmRole.bound() && !runnablePlatforms().contains(platform)) {
            throw new ConflictException("NoCloudProvider", "", "Farm role " + farmRole.alias()
                    + " cannot run: no cloud provider is configured for " + platform.label());
        }
    }

    /** A 409 unless Imagehub launches the farm role's servers itself (not a scaling group of a real cloud). */
    private void requireSelfScaled(FarmRole farmRole) {
        if (farmRole.bound()) {
            throw new ConflictException("ScalingGroup", "", "Farm role " + farmRole.alias() + " runs in scaling group "
                    + farmRole.scalingGroupId() + ", which launches its own servers: change its size in the cloud");
        }
        requireRunnable(farmRole);
    }

    /** The platforms whose farm roles Imagehub scales itself: what the scaler keeps at their size. */
    public List<Platform> runnablePlatforms() {
        return clouds.platforms().stream().filter(p -> !clouds.module(p).needsCredentials()).toList();
    }
}
