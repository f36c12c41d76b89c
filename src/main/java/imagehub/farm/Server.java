package imagehub.farm;

import imagehub.catalog.Platform;
import java.time.Instant;

/**
 * One instance of a farm role, with the image it was launched from: its name now, or the name it had at launch
 * once the image is deleted ({@code imageDeleted}).
 */
public record Server(long id, long farmRoleId, long farmId, long envId, Platform platform, String cloudLocation,
        String cloudInstanceId, String imageId, String imageName, boolean imageDeleted, ServerStatus status,
        Instant launchedAt, Instant terminatedAt) {
    public boolean active() {
        return status != ServerStatus.TERMINATED;
    }
}
