package imagehub.replacement;

/**
 * One role mapping a replacement switched: the role's image in a platform and location went from the old
 * image to the new one. The role's name is kept as it was, for the history.
 */
public record RoleChange(long replacementId, long roleId, String roleName, String platform, String cloudLocation,
        String oldImageId, String newImageId) {
}
