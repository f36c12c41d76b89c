package imagehub.role;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Told, inside the transaction that makes it, that roles now use another image in one platform + location (role
 * image add, replace, remove; replace everywhere and its rollback). Features that mirror role images elsewhere
 * (farm roles bound to scaling groups) register one at wiring, so role/ and replacement/ need not know them.
 */
@FunctionalInterface
public interface RoleImageListener {
    /** {@code imageId} is the image the roles use there now, or null when they have none there any more. */
    void changed(Handle h, List<Long> roleIds, String platform, String cloudLocation, String imageId);
}
