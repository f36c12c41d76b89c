package imagehub.updatetask;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one recurring db-scheduler task behind update tasks. Each pass claims every due slot with a conditional
 * UPDATE of the task's {@code next_run_at} (so of several nodes exactly one wins it) and records one execution per
 * slot in the same transaction ({@code (task, slot)} is unique too); a slot found later than the grace period (all
 * nodes were down) is recorded "skipped" instead. Then it hands pending runs, and runs whose node went silent, to
 * {@link TaskRunner}, whose own claim decides which node runs each.
 */
public final class TaskPoller {
    static final String TASK_NAME = "update-task-poller";
    private static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(TaskPoller.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final UpdateTaskService tasks;
    private final TaskRunner runner;
    private final Duration grace;

    public TaskPoller(Jdbi jdbi, Clock clock, UpdateTaskService tasks, TaskRunner runner, Duration grace) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.tasks = tasks;
        this.runner = runner;
        this.grace = grace;
    }

    public RecurringTask<Void> task(Duration interval) {
        return Tasks.recurring(TASK_NAME, FixedDelay.of(interval)).execute((instance, context) -> pollOnce());
    }

    /** One pass: claims due slots, then submits what is ready to run. Returns how many slots it claimed. */
    public int pollOnce() {
        Instant now = clock.instant();
        List<Long> due = jdbi.withHandle(h -> h.createQuery("SELECT id FROM update_tasks WHERE status = 'active'"
                + " AND NOT deleted AND next_run_at <= :now ORDER BY next_run_at LIMIT :batch")
                .bind("now", now).bind("batch", BATCH).mapTo(Long.class).list());
        int claimed = 0;
        for (long taskId : due) {
            try {
                claimed += claim(taskId, now) ? 1 : 0;
            } catch (RuntimeException e) {
                log.warn("Could not claim the due slot of update task {}: {}", taskId, e.toString());
            }
        }
        Instant stale = now.minus(runner.lease());
        jdbi.withHandle(h -> h.createQuery("SELECT id FROM update_task_executions WHERE status = 'pending'"
                + " OR (status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < :stale)) ORDER BY id LIMIT :batch")
                .bind("stale", stale).bind("batch", BATCH).mapTo(Long.class).list()).forEach(runner::submit);
        return claimed;
    }

    private boolean claim(long taskId, Instant now) {
        return jdbi.inTransaction(h -> {
            Optional<TaskStore.TaskRow> found = TaskStore.findTask(h, taskId, false);
            if (found.isEmpty() || found.get().nextRunAt() == null) {
                return false;
            }
            TaskStore.TaskRow task = found.get();
            Instant slot = task.nextRunAt();
            // A scheduled task has one slot. Periodic slots between this one and now were missed while every node
            // was down: they are not run late.
            Optional<Instant> next = TaskInput.Timing.SCHEDULED.equals(task.input().timing().type()) ? Optional.empty()
                    : Schedule.nextAfter(task.input().timing(), now);
            int won = h.createUpdate("UPDATE update_tasks SET next_run_at = :next, status = :status WHERE id = :id"
                    + " AND status = 'active' AND NOT deleted AND next_run_at = :slot")
                    .bind("next", next.orElse(null))
                    .bind("status", next.isPresent() ? UpdateTask.ACTIVE : UpdateTask.FINISHED)
                    .bind("id", taskId).bind("slot", slot).execute();
            if (won == 0) {
                return false;
            }
            boolean late = slot.plus(grace).isBefore(now);
            long executionId = tasks.newExecution(h, task, slot, late ? Execution.SKIPPED : Execution.PENDING,
                    task.input().runAsUserId(), now);
            if (late) {
                h.createUpdate("UPDATE update_task_executions SET cause = :cause WHERE id = :id")
                        .bind("cause", "Missed while no node was running; more than " + grace.toMinutes()
                                + " minutes late, so not run").bind("id", executionId).execute();
                TaskStore.ExecutionRow skipped = TaskStore.findExecution(h, executionId).orElseThrow();
                runner.recordStatus(h, skipped, "due", Execution.SKIPPED, skipped.cause());
            }
            return true;
        });
    }
}
