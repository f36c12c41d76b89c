package imagehub.scope;

import java.time.Instant;

public record Account(long id, String name, Instant createdAt) {
    public ScopeRef scope() {
        return ScopeRef.account(id);
    }
}
