package imagehub.access;

import imagehub.core.ScopeRef;
import java.util.List;
import java.util.Set;

/**
 * The scopes a viewer administers: everything for Global admins, else the accounts they are admin of
 * and the environments they administer (directly or through their account). Who may see and manage
 * other users follows from it.
 */
public record AdminReach(boolean everything, Set<Long> accounts, Set<Long> environments) {
    public AdminReach {
        accounts = Set.copyOf(accounts);
        environments = Set.copyOf(environments);
    }

    public boolean covers(ScopeRef scope) {
        return everything || switch (scope.level()) {
            case GLOBAL -> false;
            case ACCOUNT -> accounts.contains(scope.id());
            case ENVIRONMENT -> environments.contains(scope.id());
        };
    }

    /** The viewer administers no scope at all. */
    public boolean isEmpty() {
        return !everything && accounts.isEmpty() && environments.isEmpty();
    }

    /**
     * Whether the holder of {@code grants} is the viewer's to manage: every scope they hold a grant in
     * is administered by the viewer. A user without any grant is Global admins' only.
     */
    public boolean managesHolderOf(List<Grant> grants) {
        return everything || (!grants.isEmpty() && grants.stream().allMatch(g -> covers(g.scope())));
    }
}
