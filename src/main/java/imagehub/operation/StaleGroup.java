package imagehub.operation;

/** Stale servers of one farm role on one old image, and the current image their replacements launch from. */
public record StaleGroup(long farmRoleId, String alias, int minServers, String oldImageId, String oldImageName,
        String currentImageId, String currentImageName, int servers) {
}
