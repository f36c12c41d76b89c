package imagehub.updatetask;

import java.time.Instant;
import java.util.List;

/** One run of a task (or of a publish call, {@code taskId} null), with its steps in order. */
public record Execution(long id, Long taskId, long envId, String status, String imageId, String imageName,
        List<Step> steps, Instant slot, Instant started, Instant finished, String cause) {
    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String REVERTED = "reverted";
    public static final String CANCELLED = "cancelled";
    public static final String SKIPPED = "skipped";

    public Execution {
        steps = List.copyOf(steps);
    }

    public boolean finishedRunning() {
        return !PENDING.equals(status) && !RUNNING.equals(status);
    }

    /** One step of an execution: create image, wait until available, register, replace in targets, deprecate. */
    public record Step(String name, String status, Instant started, Instant finished, String message) {
        public static final String CREATE = "create image";
        public static final String WAIT = "wait until available";
        public static final String REGISTER = "register";
        public static final String REPLACE = "replace in targets";
        public static final String DEPRECATE = "deprecate replaced";
        public static final String REVERT = "revert targets";

        public static final String RUNNING = "running";
        public static final String SUCCEEDED = "succeeded";
        public static final String FAILED = "failed";
        public static final String SKIPPED = "skipped";
    }
}
