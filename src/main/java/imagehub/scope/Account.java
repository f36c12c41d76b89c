package imagehub.scope;

import imagehub.core.ScopeRef;

import java.time.Instant;

public record Account(long id, String name, Instant createdAt) {
    public ScopeRef scope() {
        return ScopeRef.account(id);
    }
}
