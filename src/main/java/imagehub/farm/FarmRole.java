package imagehub.farm;

import imagehub.catalog.Platform;
import imagehub.provider.CloudProvider;
import java.time.Instant;

/** A role in one platform + location inside a farm, kept between min and max servers. */
public record FarmRole(long id, long farmId, long roleId, String roleName, String alias, Platform platform,
        String cloudLocation, int minServers, int maxServers, Instant createdAt) {

    /** The cloud scaling group this farm role maps to. */
    public CloudProvider.ScalingGroup group() {
        return new CloudProvider.ScalingGroup("imagehub-farmrole-" + id, cloudLocation);
    }
}
