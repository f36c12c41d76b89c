package imagehub.operation;

import imagehub.provider.CloudProvider.RollingUpdate;

/**
 * One scaling group a server operation replaces through the cloud's rolling mechanism: recorded with the operation
 * (no {@code updateId} yet), started after the commit, polled until it ends. {@code servers} is how many stale
 * servers the group had when the operation started.
 */
public record RollingUpdateRow(long operationId, long farmRoleId, String scalingGroupId, int servers, String updateId,
        RollingUpdate.Status status, int percent, String message) {

    public boolean finished() {
        return status.finished();
    }

    /** "web-asg 40 %", for the operation's message. */
    public String describe() {
        return scalingGroupId + " " + status.name().toLowerCase().replace('_', ' ') + " " + percent + " %";
    }
}
