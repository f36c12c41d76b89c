package imagehub.operation;

import imagehub.core.ScopeRef;
import java.time.Instant;

/**
 * A recorded server operation of an environment. Exactly one of {@code farmId}, {@code farmRoleId} and
 * {@code imageId} is set: the target. {@code message} says what the operation is doing or why it stopped.
 */
public record ServerOperation(long id, long envId, String kind, Long farmId, Long farmRoleId, String imageId,
        String targetName, int batchSize, int pauseSeconds, OperationStatus status, int total, int replaced,
        String message, String createdBy, Instant createdAt, Instant updatedAt, Instant lastBatchAt,
        Instant finishedAt, int minHealthyPercent) {
    public static final String REPLACE_SERVERS = "replace-servers";

    public ReplaceTarget target() {
        if (farmId != null) {
            return new ReplaceTarget.WholeFarm(farmId);
        }
        if (farmRoleId != null) {
            return new ReplaceTarget.OneFarmRole(farmRoleId);
        }
        return new ReplaceTarget.OldImage(imageId);
    }

    /** "farm web", "farm role app-east-1", "image ubuntu-22-04-3". */
    public String targetLabel() {
        return target().noun() + " " + targetName;
    }

    /** Replaced servers out of the total, in whole percent; a completed operation is at 100. */
    public int progress() {
        if (status == OperationStatus.COMPLETED || total == 0) {
            return status == OperationStatus.COMPLETED ? 100 : 0;
        }
        return Math.min(100, replaced * 100 / total);
    }

    public boolean running() {
        return status == OperationStatus.RUNNING;
    }

    public ScopeRef scope() {
        return ScopeRef.environment(envId);
    }
}
