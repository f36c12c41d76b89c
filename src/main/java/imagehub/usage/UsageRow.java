package imagehub.usage;

import java.time.Instant;

/** One active server as the explorer lists it (and the CSV export writes it). */
public record UsageRow(long serverId, String instanceId, long farmId, String farmName, String farmRoleAlias, long envId,
        String envName, String ownerEmail, String imageId, String imageName, Instant imageCreatedAt,
        boolean deprecated, boolean superseded, String currentImageName, Instant launchedAt) {
}
