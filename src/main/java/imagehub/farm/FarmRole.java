package imagehub.farm;

import imagehub.catalog.Platform;
import java.time.Instant;

/**
 * A role in one platform + location inside a farm. On the sandbox Imagehub keeps it between min and max servers
 * itself; on a real cloud it is bound to an existing scaling group ({@code scalingGroupId}, optionally acting with
 * the stored credentials {@code cloudCredentialsId}), whose size the cloud keeps and whose launch configuration
 * Imagehub keeps on the role's image (the image-sync fields).
 */
public record FarmRole(long id, long farmId, long envId, long roleId, String roleName, String alias, Platform platform,
        String cloudLocation, int minServers, int maxServers, Instant createdAt, String scalingGroupId,
        Long cloudCredentialsId, ImageSyncStatus imageSyncStatus, String imageSyncTarget, String imageSyncMessage,
        Instant imageSyncUpdatedAt) {

    /** Whether the farm role is bound to a scaling group of a real cloud (else the sandbox scales it). */
    public boolean bound() {
        return scalingGroupId != null;
    }

    /** The scaling group: the bound one, or the sandbox group Imagehub made for this farm role. */
    public String groupName() {
        return bound() ? scalingGroupId : "imagehub-farmrole-" + id;
    }

    /** Whether the bound group carries the role's image: null for a sandbox farm role. */
    public ImageSync imageSync() {
        return imageSyncStatus == null ? null
                : new ImageSync(imageSyncStatus, imageSyncMessage, imageSyncTarget, imageSyncUpdatedAt);
    }

    public record ImageSync(ImageSyncStatus status, String message, String cloudImageId, Instant updated) {
    }
}
