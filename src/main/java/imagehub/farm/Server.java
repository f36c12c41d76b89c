package imagehub.farm;

import imagehub.catalog.Platform;
import java.time.Instant;

/**
 * One instance of a farm role, with the image it was launched from: its name now, or the name it had at launch
 * once the image is deleted ({@code imageDeleted}). A server being launched has no {@code cloudInstanceId} yet;
 * {@code intent} is the launch or termination under way, {@code failure} the cloud's reason when one failed.
 */
public record Server(long id, long farmRoleId, long farmId, long envId, Platform platform, String cloudLocation,
        String cloudInstanceId, String imageId, String imageName, boolean imageDeleted, ServerStatus status,
        Instant launchedAt, Instant terminatedAt, ServerIntents.Kind intent, String failure) {
    public boolean active() {
        return status != ServerStatus.TERMINATED;
    }

    /** Being terminated: it no longer counts towards its farm role's size. */
    public boolean terminating() {
        return intent == ServerIntents.Kind.TERMINATE;
    }
}
