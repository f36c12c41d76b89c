package imagehub.usage;

import java.util.List;

/**
 * The explorer's counts: servers per farm (with its environment and owner) and per owner, each list the
 * top {@link #TOP} by servers; {@code farmGroups} / {@code ownerGroups} count every group, shown or not,
 * and {@code total} sums every matching server.
 */
public record UsageGroups(List<FarmGroup> farms, List<OwnerGroup> owners, long total, int farmGroups, int ownerGroups) {
    /** How many farms and owners the explorer lists; the rest are counted ("and N more"). */
    public static final int TOP = 50;

    /** Active servers of one farm that match the filter. */
    public record FarmGroup(long farmId, String farmName, long envId, String envName, String ownerEmail, long servers) {
    }

    public record OwnerGroup(String ownerEmail, int farms, long servers) {
    }

    /** Farms that match but are not listed. */
    public int moreFarms() {
        return Math.max(0, farmGroups - farms.size());
    }

    /** Owners that match but are not listed. */
    public int moreOwners() {
        return Math.max(0, ownerGroups - owners.size());
    }
}
