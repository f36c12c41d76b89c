package imagehub.farm;

import imagehub.core.ScopeRef;
import java.time.Instant;

/** A farm in an environment, with an owner, running farm roles. */
public record Farm(long id, long envId, long accountId, String name, String description, Long ownerId,
        String ownerEmail, FarmStatus status, String createdBy, Instant createdAt) {
    public ScopeRef scope() {
        return ScopeRef.environment(envId);
    }
}
