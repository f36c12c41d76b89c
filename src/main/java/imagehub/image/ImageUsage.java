package imagehub.image;

import imagehub.core.ScopeRef;
import imagehub.usage.ScopedUse;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * What a feature knows about the use of an image (roles, farm roles, servers…). Features register one
 * with {@link ImageService#registerUsage}; the usage report and the delete check ask them all, inside
 * the caller's transaction.
 */
@FunctionalInterface
public interface ImageUsage {
    List<Use> usesOf(Handle handle, Image image);

    /** One user of an image: e.g. {@code ("role", "12", "web-server", scope)}. */
    record Use(String kind, String id, String name, ScopeRef scope) implements ScopedUse {
        @Override
        public String describe() {
            return kind + " " + name;
        }
    }
}
