package imagehub.access;

import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;

/**
 * A role on a scope, covering that scope and every scope below it. Global and Account grants are
 * admin grants; environments also know operators and read-only users.
 */
public record Grant(long id, long userId, ScopeLevel scopeLevel, long scopeId, AccessLevel role) {
    public Grant {
        if (scopeLevel != ScopeLevel.ENVIRONMENT && role != AccessLevel.ADMIN) {
            throw new IllegalArgumentException(scopeLevel.name().toLowerCase() + " grants are admin grants");
        }
    }

    public ScopeRef scope() {
        return new ScopeRef(scopeLevel, scopeId);
    }

    public String label() {
        return switch (scopeLevel) {
            case GLOBAL -> "Global admin";
            case ACCOUNT -> "Account admin";
            case ENVIRONMENT -> "Environment " + role.label();
        };
    }
}
