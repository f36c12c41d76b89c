package imagehub.role;

import imagehub.image.Image;

/** The image a role uses in the image's platform and location. */
public record RoleImage(long roleId, Image image) {
    public RoleImageRow row() {
        return new RoleImageRow(roleId, image.platform().id(), image.cloudLocation(), image.id());
    }
}
