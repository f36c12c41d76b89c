package imagehub.usage;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;

/**
 * Records today's fleet freshness per environment and per farm. Runs when the scheduler first starts (a fixed-delay
 * schedule begins at once) and then every {@link #INTERVAL}; each run upserts today's row, so the last run
 * of a day is the day's figure.
 */
public final class FreshnessSnapshotJob {
    public static final String TASK_NAME = "freshness-snapshot";
    public static final Duration INTERVAL = Duration.ofMinutes(30);

    private FreshnessSnapshotJob() {
    }

    public static RecurringTask<Void> task(UsageService usage) {
        return Tasks.recurring(TASK_NAME, FixedDelay.of(INTERVAL)).execute((instance, context) -> usage.snapshot());
    }
}
