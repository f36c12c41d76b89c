package imagehub.scope;

import imagehub.core.ScopeRef;

import java.time.Instant;

public record Environment(long id, long accountId, String name, Instant createdAt) {
    public ScopeRef scope() {
        return ScopeRef.environment(id);
    }
}
