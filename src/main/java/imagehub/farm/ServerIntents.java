package imagehub.farm;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import imagehub.access.Channel;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.core.ScopeRef;
import imagehub.image.Image;
import imagehub.provider.CloudProvider;
import imagehub.provider.CloudConnector;
import imagehub.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches and terminations of servers without a cloud call inside a locked transaction: the caller records the
 * intent on the server's row inside its transaction ({@link #launch}, {@link #terminate}); once that commits,
 * {@link #carryOut} makes the call and records the outcome with a conditional UPDATE on the intent's claim. The
 * {@link #reconcileTask reconciler} finishes intents whose claim lease ran out (a node died or hung between commit
 * and call), claiming each first, so no two nodes act on one intent.
 */
public final class ServerIntents {
    public static final String TASK_NAME = "server-intents";
    /** How long a claimed intent is left to its node: far above the bounded time of the calls it makes. */
    static final Duration LEASE = Duration.ofSeconds(30);
    public static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(5);
    /** Terminations the cloud keeps refusing stop being retried after this many tries; the server stays active. */
    static final int MAX_TERMINATE_ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(ServerIntents.class);
    private static final Viewer RECONCILER = new Viewer(0, "reconciler", List.of(), Channel.SCHEDULER);

    public enum Kind { LAUNCH, TERMINATE }

    /** An intent recorded by a transaction, carried out once that transaction has committed. */
    public record Intent(long serverId, Kind kind, String claim, Viewer viewer) {
    }

    private final Jdbi jdbi;
    private final AuditWriter audit;
    private final CloudConnector connector;
    private final Clock clock;

    public ServerIntents(Jdbi jdbi, AuditWriter audit, CloudConnector connector, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.connector = connector;
        this.clock = clock;
    }

    /** Records a launch of {@code farmRole} from {@code image}: a PENDING server without an instance yet. */
    public Intent launch(Handle h, Viewer viewer, Farm farm, FarmRole farmRole, Image image) {
        FarmDao dao = h.attach(FarmDao.class);
        String claim = UUID.randomUUID().toString();
        Instant now = now();
        long id = dao.insertLaunchIntent(farmRole.id(), farm.id(), farm.envId(), farm.accountId(), farmRole.platform(),
                farmRole.cloudLocation(), image, claim, now);
        audit.record(h, viewer, new AuditWriter.Change("server.launch", "server", String.valueOf(id),
                farmRole.alias(), farm.scope(), null, dao.findServer(id).orElseThrow()));
        return new Intent(id, Kind.LAUNCH, claim, viewer);
    }

    /**
     * Records the termination of an active server. A server still launching has no instance yet: its launcher
     * then finds its intent replaced and terminates the instance it made.
     */
    public Intent terminate(Handle h, Viewer viewer, Server server) {
        FarmDao dao = h.attach(FarmDao.class);
        String claim = UUID.randomUUID().toString();
        dao.recordIntent(server.id(), Kind.TERMINATE, claim, now());
        audit.record(h, viewer, new AuditWriter.Change("server.terminate", "server", String.valueOf(server.id()),
                server.cloudInstanceId(), ScopeRef.environment(server.envId()), server, null));
        return new Intent(server.id(), Kind.TERMINATE, claim, viewer);
    }

    /**
     * Carries out each intent, all of them even when one fails, and throws the first cloud failure after the last
     * (each failure is recorded on its server).
     */
    public void carryOut(List<Intent> intents) {
        RuntimeException first = null;
        for (Intent intent : intents) {
            try {
                carryOut(intent);
            } catch (ProviderException | ConflictException | ValidationException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Makes the intent's call to the cloud and records its outcome; the server as it is afterwards. */
    public Server carryOut(Intent intent) {
        Server server = jdbi.withExtension(FarmDao.class, dao -> dao.findServer(intent.serverId())).orElseThrow();
        return switch (intent.kind()) {
            case LAUNCH -> launchNow(intent, server);
            case TERMINATE -> terminateNow(intent, server);
        };
    }

    private Server launchNow(Intent intent, Server server) {
        FarmRole farmRole = jdbi.withExtension(FarmDao.class, dao -> dao.findFarmRole(server.farmRoleId())).orElseThrow();
        CloudProvider provider;
        CloudProvider.CloudInstance instance;
        try {
            String cloudImageId = jdbi.withExtension(FarmDao.class, dao -> dao.cloudImageIdOf(server.imageId()))
                    .orElseThrow(() -> new ProviderException(ProviderException.Kind.NOT_FOUND,
                            "Image " + server.imageName() + " was deleted before its server launched"));
            provider = providerOf(farmRole);
            provider.applyImage(farmRole.groupName(), cloudImageId);
            instance = provider.launchInstance(farmRole.groupName());
        } catch (ProviderException | ConflictException | ValidationException e) {
            recordFailure(intent, server, "server.launch-failed", e.getMessage());
            throw e;
        }
        boolean recorded = jdbi.inTransaction(h -> {
            FarmDao dao = h.attach(FarmDao.class);
            if (dao.launched(server.id(), intent.claim(), instance.instanceId()) == 0) {
                return false;
            }
            Server after = dao.findServer(server.id()).orElseThrow();
            audit.record(h, intent.viewer(), new AuditWriter.Change("server.launched", "server",
                    String.valueOf(server.id()), instance.instanceId(), ScopeRef.environment(server.envId()), server, after));
            return true;
        });
        if (!recorded) {
            // Terminated (or taken over after its lease) while launching: the instance must not outlive its row.
            provider.terminateInstance(instance.instanceId());
        }
        return jdbi.withExtension(FarmDao.class, dao -> dao.findServer(server.id())).orElseThrow();
    }

    private Server terminateNow(Intent intent, Server server) {
        if (server.cloudInstanceId() != null) {
            FarmRole farmRole = jdbi.withExtension(FarmDao.class, dao -> dao.findFarmRole(server.farmRoleId())).orElseThrow();
            try {
                providerOf(farmRole).terminateInstance(server.cloudInstanceId());
            } catch (ConflictException | ValidationException e) {
                recordFailure(intent, server, "server.terminate-failed", e.getMessage());
                throw e;
            } catch (ProviderException e) {
                if (e.kind() != ProviderException.Kind.NOT_FOUND) {
                    recordFailure(intent, server, "server.terminate-failed", e.getMessage());
                    throw e;
                }
            }
        }
        // Writes go through the retrying transaction handler: the rollup triggers make deadlock victims of them.
        jdbi.useTransaction(h -> h.attach(FarmDao.class).terminated(server.id(), intent.claim(), now()));
        return jdbi.withExtension(FarmDao.class, dao -> dao.findServer(server.id())).orElseThrow();
    }

    /** The cloud of the farm role, with its own credentials when it names some. */
    private CloudProvider providerOf(FarmRole farmRole) {
        return connector.connect(ScopeRef.environment(farmRole.envId()), farmRole.platform(), farmRole.cloudLocation(),
                farmRole.cloudCredentialsId());
    }

    /** A failed launch ends its server (terminated, with the cause); a failed termination is retried a few times. */
    private void recordFailure(Intent intent, Server server, String action, String cause) {
        String bounded = cause == null ? "unknown cloud error" : cause.length() > 1000 ? cause.substring(0, 1000) : cause;
        jdbi.useTransaction(h -> {
            FarmDao dao = h.attach(FarmDao.class);
            int changed = intent.kind() == Kind.LAUNCH ? dao.launchFailed(server.id(), intent.claim(), bounded, now())
                    : dao.terminateFailed(server.id(), intent.claim(), bounded, MAX_TERMINATE_ATTEMPTS);
            if (changed > 0) {
                audit.record(h, intent.viewer(), new AuditWriter.Change(action, "server", String.valueOf(server.id()),
                        server.cloudInstanceId(), ScopeRef.environment(server.envId()), server, bounded));
            }
        });
    }

    public RecurringTask<Void> reconcileTask(Duration interval) {
        return Tasks.recurring(TASK_NAME, FixedDelay.of(interval)).execute((instance, context) -> reconcile());
    }

    /**
     * Finishes the intents whose lease ran out, each claimed first; returns how many it carried out (failed calls
     * included: their failure is recorded). One failing intent never stops the others.
     */
    public int reconcile() {
        Instant cutoff = now().minus(LEASE);
        List<Intent> claimed = new ArrayList<>();
        for (FarmDao.IntentRow row : jdbi.withExtension(FarmDao.class, dao -> dao.staleIntents(cutoff))) {
            String claim = UUID.randomUUID().toString();
            if (jdbi.inTransaction(h -> h.attach(FarmDao.class).claimIntent(row.id(), claim, now(), cutoff)) == 1) {
                claimed.add(new Intent(row.id(), row.intent(), claim, RECONCILER));
            }
        }
        for (Intent intent : claimed) {
            try {
                carryOut(intent);
            } catch (RuntimeException e) {
                log.warn("Could not finish the {} of server {}: {}", intent.kind(), intent.serverId(), e.getMessage());
            }
        }
        return claimed.size();
    }

    /** Stored with microseconds, so a claim's time reads back exactly as written. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
