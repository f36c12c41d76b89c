package imagehub.farm;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import imagehub.access.Access;
import imagehub.access.Viewer;
import imagehub.core.ConflictException;
import imagehub.core.ScopeRef;
import imagehub.core.ValidationException;
import imagehub.provider.CloudConnector;
import imagehub.provider.CloudProvider;
import imagehub.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the instances of every bound scaling group into the servers table, so the usage explorer, the freshness
 * chart and the dashboard cover the real fleet: a recurring db-scheduler task over all farms with bound farm roles,
 * and "sync now" for one farm. Each group is read from the cloud outside any transaction; its servers are then
 * reconciled in one transaction holding the farm role's row lock: new instances become servers (their image found
 * by platform, location and cloud image id, the most specific registration visible from the farm's environment),
 * instances gone from the group are marked terminated. Every sync records its counts and failures on the farm.
 */
public final class FarmInventory {
    public static final String TASK_NAME = "farm-inventory-sync";
    private static final Logger log = LoggerFactory.getLogger(FarmInventory.class);

    private final Jdbi jdbi;
    private final Access access;
    private final FarmService farms;
    private final CloudConnector connector;
    private final Clock clock;

    public FarmInventory(Jdbi jdbi, Access access, FarmService farms, CloudConnector connector, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.farms = farms;
        this.connector = connector;
        this.clock = clock;
    }

    /** The last sync of a farm: instances found, servers added, servers gone (marked terminated), what failed. */
    public record FarmSync(long farmId, Instant startedAt, Instant finishedAt, int instances, int added, int gone,
            String failures) {
        public List<String> failureLines() {
            return failures == null || failures.isBlank() ? List.of() : List.of(failures.split("\n"));
        }
    }

    public RecurringTask<Void> task(Duration interval) {
        return Tasks.recurring(TASK_NAME, FixedDelay.of(interval)).execute((instance, context) -> syncAll());
    }

    /** Syncs every farm with a bound farm role; one failing farm never stops the others. */
    public int syncAll() {
        int synced = 0;
        for (long farmId : jdbi.withExtension(InventoryDao.class, InventoryDao::farmsWithBoundFarmRoles)) {
            try {
                sync(farmId);
                synced++;
            } catch (RuntimeException e) {
                log.warn("Inventory sync of farm {} failed: {}", farmId, e.getMessage());
            }
        }
        return synced;
    }

    /** "Sync now": the viewer must operate the farm; answers when the sync is done. */
    public FarmSync syncNow(Viewer viewer, long farmId) {
        Farm farm = farms.get(viewer, farmId);
        access.requireOperate(viewer, farm.scope());
        return sync(farmId);
    }

    /** The farm's last sync, if it had one; the viewer must see the farm. */
    public java.util.Optional<FarmSync> last(Viewer viewer, long farmId) {
        farms.get(viewer, farmId);
        return jdbi.withExtension(InventoryDao.class, dao -> dao.lastSync(farmId));
    }

    FarmSync sync(long farmId) {
        Instant started = now();
        List<FarmRole> bound = jdbi.withExtension(FarmDao.class, dao -> dao.farmRoles(farmId)).stream()
                .filter(FarmRole::bound).toList();
        int seen = 0;
        int added = 0;
        int terminated = 0;
        List<String> failures = new ArrayList<>();
        for (FarmRole farmRole : bound) {
            List<CloudProvider.CloudInstance> instances;
            try {
                instances = connector.connect(ScopeRef.environment(farmRole.envId()), farmRole.platform(),
                        farmRole.cloudLocation(), farmRole.cloudCredentialsId()).groupInstances(farmRole.scalingGroupId());
            } catch (ProviderException | ConflictException | ValidationException e) {
                failures.add(farmRole.alias() + ": " + e.getMessage());
                continue;
            }
            seen += instances.size();
            Outcome outcome = reconcile(farmRole, instances);
            added += outcome.added();
            terminated += outcome.terminated();
            if (!outcome.unregistered().isEmpty()) {
                failures.add(farmRole.alias() + ": instances run images not registered here: "
                        + String.join(", ", outcome.unregistered()));
            }
        }
        FarmSync result = new FarmSync(farmId, started, now(), seen, added, terminated,
                failures.isEmpty() ? null : String.join("\n", failures));
        jdbi.useTransaction(h -> h.attach(InventoryDao.class).recordSync(result));
        return result;
    }

    private record Outcome(int added, int terminated, Set<String> unregistered) {
    }

    /** Brings the farm role's servers in line with the group's instances, under the farm role's row lock. */
    private Outcome reconcile(FarmRole farmRole, List<CloudProvider.CloudInstance> instances) {
        return jdbi.inTransaction(h -> {
            FarmDao dao = h.attach(FarmDao.class);
            InventoryDao inventory = h.attach(InventoryDao.class);
            if (dao.lockFarmRole(farmRole.id()).isEmpty()) {
                return new Outcome(0, 0, Set.of());
            }
            Farm farm = dao.findFarm(farmRole.farmId()).orElseThrow();
            Map<String, Server> known = dao.activeServersOfFarmRole(farmRole.id()).stream()
                    .filter(s -> s.cloudInstanceId() != null)
                    .collect(Collectors.toMap(Server::cloudInstanceId, Function.identity(), (a, b) -> a));
            Instant now = now();
            int added = 0;
            Set<String> unregistered = new LinkedHashSet<>();
            for (CloudProvider.CloudInstance instance : instances) {
                if (known.remove(instance.instanceId()) != null) {
                    continue;
                }
                var image = inventory.imageVisibleFrom(farmRole.platform(), farmRole.cloudLocation(),
                        instance.cloudImageId(), farm.envId(), farm.accountId()).orElse(null);
                if (image == null) {
                    unregistered.add(instance.cloudImageId());
                    continue;
                }
                dao.touchImage(image.id(), now);
                ServerStatus status = farm.status() == FarmStatus.SUSPENDED ? ServerStatus.SUSPENDED
                        : instance.state() == CloudProvider.CloudInstance.State.PENDING ? ServerStatus.PENDING
                        : ServerStatus.RUNNING;
                inventory.insertServer(farmRole.id(), farm.id(), farm.envId(), farm.accountId(), farmRole.platform(),
                        farmRole.cloudLocation(), instance.instanceId(), image.id(), image.name(), status,
                        instance.launchedAt() == null ? now : instance.launchedAt().truncatedTo(ChronoUnit.MICROS));
                added++;
            }
            // What the group no longer has is gone; a server being terminated by Imagehub finishes on its own.
            List<Long> gone = known.values().stream().filter(s -> s.intent() == null).map(Server::id).toList();
            int terminated = gone.isEmpty() ? 0 : inventory.markTerminated(gone, now);
            return new Outcome(added, terminated, unregistered);
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
