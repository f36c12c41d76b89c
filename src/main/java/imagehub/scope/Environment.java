package imagehub.scope;

import java.time.Instant;

public record Environment(long id, long accountId, String name, Instant createdAt) {
    public ScopeRef scope() {
        return ScopeRef.environment(id);
    }
}
