package imagehub.role;

import imagehub.core.ScopeRef;
import imagehub.usage.ScopedUse;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * What a feature knows about the use of a role (farm roles, with their running servers, once farms
 * exist). Features register one with {@link RoleService#registerUsage}; deleting a role is refused while
 * any reports a use, and the replace-everywhere preview shows them per role.
 */
@FunctionalInterface
public interface RoleUsage {
    List<Use> usesOf(Handle handle, Role role);

    /** One user of a role, e.g. {@code ("farm", "7", "web-prod", scope, "3 running servers")}. */
    record Use(String kind, String id, String name, ScopeRef scope, String detail) implements ScopedUse {
        @Override
        public String describe() {
            return kind + " " + name + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }
}
