package imagehub.farm;

import imagehub.image.Image;
import imagehub.image.ImageService;
import imagehub.image.ImageUsage;
import imagehub.role.Role;
import imagehub.role.RoleService;
import imagehub.role.RoleUsage;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** What in farms uses a role or an image: registered with the role and image services, run in their transactions. */
public final class FarmUsage {
    /** For {@link RoleService#registerUsage}: the farm roles that run the role, with their server counts. */
    public List<RoleUsage.Use> usesOfRole(Handle h, Role role) {
        return h.attach(FarmDao.class).roleUses(role.id());
    }

    /** For {@link ImageService#registerUsage}: farms with active servers launched from the image. */
    public List<ImageUsage.Use> usesOfImage(Handle h, Image image) {
        return h.attach(FarmDao.class).imageUses(image.id());
    }
}
