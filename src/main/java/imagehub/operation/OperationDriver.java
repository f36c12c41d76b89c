package imagehub.operation;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives running server operations: a recurring db-scheduler task, so one node runs each pass. Each
 * operation first starts or polls its scaling groups' rolling updates (no transaction open), then moves one step in
 * its own transaction; one that fails is marked failed with its cause and never stops the others.
 */
public final class OperationDriver {
    public static final String TASK_NAME = "server-operations";
    private static final Logger log = LoggerFactory.getLogger(OperationDriver.class);

    private final ServerOperationService operations;

    public OperationDriver(ServerOperationService operations) {
        this.operations = operations;
    }

    public RecurringTask<Void> task(Duration interval) {
        return Tasks.recurring(TASK_NAME, FixedDelay.of(interval)).execute((instance, context) -> runOnce());
    }

    /** One pass over all running operations; returns how many of them moved (a batch, an end). */
    public int runOnce() {
        int moved = 0;
        for (long id : operations.runningIds()) {
            try {
                operations.driveUpdates(id);
                ServerOperationService.Step step = operations.advance(id);
                if (step != ServerOperationService.Step.IDLE && step != ServerOperationService.Step.WAITING
                        && step != ServerOperationService.Step.PAUSING) {
                    moved++;
                }
            } catch (RuntimeException e) {
                log.warn("Server operation {} failed: {}", id, e.getMessage(), e);
                try {
                    operations.fail(id, e.getMessage());
                } catch (RuntimeException again) {
                    log.warn("Could not mark server operation {} failed: {}", id, again.getMessage());
                }
            }
        }
        return moved;
    }
}
