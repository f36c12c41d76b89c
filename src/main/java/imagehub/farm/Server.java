package imagehub.farm;

import java.time.Instant;

/** One instance of a farm role, with the image it was launched from. */
public record Server(long id, long farmRoleId, long farmId, long envId, String platform, String cloudLocation,
        String cloudInstanceId, String imageId, String imageName, ServerStatus status, Instant launchedAt,
        Instant terminatedAt) {
    public boolean active() {
        return status != ServerStatus.TERMINATED;
    }
}
