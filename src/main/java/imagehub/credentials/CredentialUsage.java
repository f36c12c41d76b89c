package imagehub.credentials;

import imagehub.core.ScopeRef;
import imagehub.usage.ScopedUse;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * What a feature knows about the use of stored cloud credentials (farm roles bound to a scaling group with them).
 * Features register one with {@link CredentialService#registerUsage}; deleting credentials is refused while any
 * reports a use, naming the users the viewer may see and counting the others.
 */
@FunctionalInterface
public interface CredentialUsage {
    List<Use> usesOf(Handle handle, Credential credential);

    /** One user of credentials, e.g. {@code ("farm role", "12", "web in farm prod", scope)}. */
    record Use(String kind, String id, String name, ScopeRef scope) implements ScopedUse {
        @Override
        public String describe() {
            return kind + " " + name;
        }
    }
}
