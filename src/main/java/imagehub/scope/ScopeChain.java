package imagehub.scope;

import imagehub.core.ScopeRef;
import imagehub.core.ScopeLevel;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The one resolver of "visible from": a scope with the scopes above it. An object defined at Global,
 * at the scope's account, or at the scope itself is visible from it. The SQL conditions work on tables
 * that carry {@code (scope_level, scope_id, account_id)}.
 */
public record ScopeChain(ScopeRef scope, Long accountId) {
    public ScopeChain {
        if ((scope.level() == ScopeLevel.GLOBAL) != (accountId == null)) {
            throw new IllegalArgumentException("an account is known exactly for account and environment scopes");
        }
    }

    /** The scopes whose objects are visible from this one, widest first. */
    public List<ScopeRef> scopes() {
        List<ScopeRef> scopes = new ArrayList<>(List.of(ScopeRef.GLOBAL));
        if (accountId != null) {
            scopes.add(ScopeRef.account(accountId));
        }
        if (scope.level() == ScopeLevel.ENVIRONMENT) {
            scopes.add(scope);
        }
        return scopes;
    }

    public boolean sees(ScopeRef owner) {
        return scopes().contains(owner);
    }

    /** SQL: rows visible from this scope. */
    public String visibleCondition() {
        return switch (scope.level()) {
            case GLOBAL -> "scope_level = 'GLOBAL'";
            case ACCOUNT -> "(scope_level = 'GLOBAL' OR (scope_level = 'ACCOUNT' AND scope_id = :chainAccount))";
            case ENVIRONMENT -> "(scope_level = 'GLOBAL' OR (scope_level = 'ACCOUNT' AND scope_id = :chainAccount)"
                    + " OR (scope_level = 'ENVIRONMENT' AND scope_id = :chainEnv))";
        };
    }

    /**
     * SQL: rows on a common chain with an object at this scope, i.e. visible from it or defined below it
     * (for Global that is every row; for an account, Global and everything of the account).
     */
    public String overlapCondition() {
        return switch (scope.level()) {
            case GLOBAL -> "TRUE";
            case ACCOUNT -> "(scope_level = 'GLOBAL' OR account_id = :chainAccount)";
            case ENVIRONMENT -> visibleCondition();
        };
    }

    /** SQL: rows defined at this scope or below it (for Global every row; for an account, its own and its environments'). */
    public String withinCondition() {
        return switch (scope.level()) {
            case GLOBAL -> "TRUE";
            case ACCOUNT -> "account_id = :chainAccount";
            case ENVIRONMENT -> "(scope_level = 'ENVIRONMENT' AND scope_id = :chainEnv)";
        };
    }

    /** Binds the parameters the conditions above use. */
    public <S extends SqlStatement<S>> S bind(S statement) {
        if (accountId != null) {
            statement.bind("chainAccount", accountId);
        }
        if (scope.level() == ScopeLevel.ENVIRONMENT) {
            statement.bind("chainEnv", scope.id());
        }
        return statement;
    }
}
