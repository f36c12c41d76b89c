package imagehub.farm;

import imagehub.catalog.Platform;
import java.time.Instant;

/** A role in one platform + location inside a farm, kept between min and max servers. */
public record FarmRole(long id, long farmId, long roleId, String roleName, String alias, Platform platform,
        String cloudLocation, int minServers, int maxServers, Instant createdAt) {

    /** The sandbox scaling group this farm role maps to. */
    public String groupName() {
        return "imagehub-farmrole-" + id;
    }
}
