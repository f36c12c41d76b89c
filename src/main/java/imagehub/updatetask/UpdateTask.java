package imagehub.updatetask;

import java.time.Instant;
import java.util.List;

/** A stored image update task with what it will do next and what it did last. */
public record UpdateTask(long id, long envId, String name, long sourceServerId, String imageName, String registerAt,
        List<TaskInput.Target> targets, boolean deprecateReplaced, TaskInput.Timing timing, Long runAsUserId,
        String status, List<Instant> nextRuns, Execution lastExecution, String createdBy, Instant createdAt) {
    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";
    public static final String FINISHED = "finished";

    public UpdateTask {
        targets = List.copyOf(targets);
        nextRuns = List.copyOf(nextRuns);
    }

    public TaskInput input() {
        return new TaskInput(name, sourceServerId, imageName, registerAt, targets, deprecateReplaced, timing,
                runAsUserId);
    }
}
