package imagehub.role;

/** A {@code role_images} row: the image a role uses in one platform and location. Also what the audit records. */
public record RoleImageRow(long roleId, String platform, String cloudLocation, String imageId) {
    public static final String COLUMNS = "role_id, platform, cloud_location, image_id";
}
