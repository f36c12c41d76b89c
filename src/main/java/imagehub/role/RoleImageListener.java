package imagehub.role;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Told, inside the transaction that makes it, that roles now use another image in one platform + location (role
 * image add, replace, remove; replace everywhere and its rollback). Features that mirror role images elsewhere
 * (farm roles bound to scaling groups) register one at wiring, so role/ and replacement/ need not know them.
 */
public interface RoleImageListener {
    /** {@code imageId} is the image the roles use there now, or null when they have none there any more. */
    void changed(Handle h, List<Long> roleIds, String platform, String cloudLocation, String imageId);

    /** For previews: what outside the catalog a change of these roles' image there would touch (nothing by default). */
    default List<RoleUsage.Use> wouldTouch(Handle h, List<Long> roleIds, String platform, String cloudLocation) {
        return List.of();
    }
}
