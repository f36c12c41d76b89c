package imagehub.farm;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import imagehub.access.Channel;
import imagehub.access.Viewer;
import imagehub.catalog.Platform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every farm role of a running farm between its minimum and maximum: a recurring db-scheduler
 * task, so one node runs each pass. Each farm role is planned in its own transaction holding the farm
 * role's row lock and carried out after it commits; one failing farm role never stops the others.
 */
public final class FarmScaler {
    public static final String TASK_NAME = "farm-scaler";
    private static final Logger log = LoggerFactory.getLogger(FarmScaler.class);
    private static final Viewer SCALER = new Viewer(0, "scaler", List.of(), Channel.SCHEDULER);

    private final Jdbi jdbi;
    private final ServerLifecycle lifecycle;
    private final ServerIntents intents;

    public FarmScaler(Jdbi jdbi, ServerLifecycle lifecycle, ServerIntents intents) {
        this.jdbi = jdbi;
        this.lifecycle = lifecycle;
        this.intents = intents;
    }

    public RecurringTask<Void> task(Duration interval) {
        return Tasks.recurring(TASK_NAME, FixedDelay.of(interval)).execute((instance, context) -> runOnce());
    }

    /** One pass over all running farm roles; returns how many servers it launched or terminated. */
    public int runOnce() {
        int changed = 0;
        // Farm roles on a platform without a provider (made before they were refused) can never start a server.
        List<Platform> platforms = lifecycle.runnablePlatforms();
        for (long farmRoleId : jdbi.withExtension(FarmDao.class, dao -> dao.runningFarmRoleIds(platforms))) {
            try {
                changed += scale(farmRoleId);
            } catch (RuntimeException e) {
                log.warn("Could not scale farm role {}: {}", farmRoleId, e.getMessage());
            }
        }
        return changed;
    }

    /**
     * Records what the farm role lacks or has too much as launch and termination intents while holding its row
     * lock (pending servers count, so a second pass or a manual launch never double-launches), then carries them
     * out after the commit.
     */
    private int scale(long farmRoleId) {
        List<ServerIntents.Intent> planned = jdbi.inTransaction(h -> {
            FarmDao dao = h.attach(FarmDao.class);
            FarmRole farmRole = dao.lockFarmRole(farmRoleId).orElse(null);
            Farm farm = farmRole == null ? null : dao.findFarm(farmRole.farmId()).orElse(null);
            if (farm == null || farm.status() != FarmStatus.RUNNING) {
                return List.<ServerIntents.Intent>of();
            }
            List<Server> serving = dao.activeServersOfFarmRole(farmRoleId).stream().filter(s -> !s.terminating()).toList();
            List<ServerIntents.Intent> intents = new ArrayList<>();
            for (int i = serving.size(); i < farmRole.minServers(); i++) {
                intents.add(lifecycle.launch(h, SCALER, farm, farmRole));
            }
            // Above the maximum (after a resize): the newest servers go first.
            for (int i = serving.size() - 1; i >= farmRole.maxServers(); i--) {
                intents.add(lifecycle.terminate(h, SCALER, serving.get(i)));
            }
            return intents;
        });
        intents.carryOut(planned);
        return planned.size();
    }
}
