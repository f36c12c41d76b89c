package imagehub.usage;

import java.util.List;

/** The explorer's counts: servers per farm (with its environment and owner) and per owner. */
public record UsageGroups(List<FarmGroup> farms, List<OwnerGroup> owners, long total) {
    /** Active servers of one farm that match the filter. */
    public record FarmGroup(long farmId, String farmName, long envId, String envName, String ownerEmail, long servers) {
    }

    public record OwnerGroup(String ownerEmail, int farms, long servers) {
    }
}
