package imagehub.usage;

import java.time.Instant;
import java.util.List;

/** What the scope dashboard shows about the fleet. */
public record FleetSummary(Freshness freshness, long onDeprecated, long onSuperseded, List<StaleFarm> topStaleFarms,
        List<DueImage> deprecatingSoon) {
    /** A farm with servers not on their role's current image. */
    public record StaleFarm(long farmId, String farmName, long envId, String envName, String ownerEmail, long stale) {
    }

    /** An image whose deprecation is scheduled soon, with the servers still on it. */
    public record DueImage(String imageId, String name, Instant due, long servers) {
    }
}
