package imagehub.scheduler;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.OnStartup;
import com.github.kagkarlsson.scheduler.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Imagehub's use of db-scheduler: features register their tasks while the app is wired, then
 * {@link #start} runs one scheduler on the shared database. Every execution runs exactly once across
 * all nodes, and task state lives in the {@code scheduled_tasks} table.
 */
public final class Jobs implements AutoCloseable {
    private final List<OnStartup> startupTasks = new ArrayList<>();
    private Scheduler scheduler;

    /** A task that schedules itself when the scheduler starts (recurring work). */
    public <T extends Task<?> & OnStartup> void registerRecurring(T task) {
        requireNotStarted();
        startupTasks.add(task);
    }

    public void start(DataSource dataSource, Duration pollingInterval) {
        requireNotStarted();
        scheduler = Scheduler.create(dataSource)
                .startTasks(startupTasks.stream().map(t -> (Task<?> & OnStartup) t).toList())
                .pollingInterval(pollingInterval)
                .threads(4)
                .alwaysPersistTimestampInUTC()
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
        scheduler.start();
    }

    private void requireNotStarted() {
        if (scheduler != null) {
            throw new IllegalStateException("tasks must be registered before the scheduler starts");
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.stop();
        }
    }
}
