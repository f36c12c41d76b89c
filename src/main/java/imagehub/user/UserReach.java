package imagehub.user;

import imagehub.access.Access;
import imagehub.access.AdminReach;
import imagehub.access.ForbiddenException;
import imagehub.access.Grant;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Who may see and manage which user. A viewer sees themselves and every user holding a grant in a
 * scope they administer, and of those users only the grants in such scopes (plus their own). They
 * manage a user (keys, password, disable, delete) only when they administer EVERY scope the user
 * holds a grant in; Global admins see and manage everyone, and a user without grants is theirs only.
 * Anyone else is 404, exactly like a user that does not exist.
 */
final class UserReach {
    private final Access access;

    UserReach(Access access) {
        this.access = access;
    }

    AdminReach of(Viewer viewer) {
        return access.adminReach(viewer);
    }

    /** The user, when the viewer may see them; 404 otherwise. */
    User requireVisible(Handle h, Viewer viewer, long userId) {
        return visible(h, viewer, of(viewer), userId);
    }

    /** The user, when the viewer manages every scope they hold a grant in; 404 when unseen, 403 when only seen. */
    User requireManages(Handle h, Viewer viewer, long userId) {
        AdminReach reach = of(viewer);
        User user = visible(h, viewer, reach, userId);
        if (!reach.managesHolderOf(h.attach(UserDao.class).grants(userId))) {
            throw new ForbiddenException("Only an admin of every scope where " + user.email()
                    + " holds a grant may do this");
        }
        return user;
    }

    private static User visible(Handle h, Viewer viewer, AdminReach reach, long userId) {
        UserDao users = h.attach(UserDao.class);
        User user = users.find(userId).orElseThrow(() -> new NotFoundException("User " + userId));
        if (user.id() != viewer.userId() && !reach.everything()
                && users.grants(userId).stream().noneMatch(g -> reach.covers(g.scope()))) {
            throw new NotFoundException("User " + userId);
        }
        return user;
    }

    /** The grants among {@code grants} the viewer may see. */
    static List<Grant> visible(Viewer viewer, AdminReach reach, List<Grant> grants) {
        return grants.stream().filter(g -> g.userId() == viewer.userId() || reach.covers(g.scope())).toList();
    }

    /**
     * SQL that holds for a {@code grants} row aliased {@code g} on a scope in {@code reach}; bind its
     * parameters with {@link #bind}. The same rule as {@link AdminReach#covers}, for lists paged in SQL.
     */
    static String covers(AdminReach reach) {
        if (reach.everything()) {
            return "TRUE";
        }
        List<String> parts = new ArrayList<>();
        if (!reach.accounts().isEmpty()) {
            parts.add("(g.scope_level = 'ACCOUNT' AND g.scope_id IN (<reachAccounts>))");
        }
        if (!reach.environments().isEmpty()) {
            parts.add("(g.scope_level = 'ENVIRONMENT' AND g.scope_id IN (<reachEnvironments>))");
        }
        return parts.isEmpty() ? "FALSE" : "(" + String.join(" OR ", parts) + ")";
    }

    static <S extends SqlStatement<S>> S bind(S statement, AdminReach reach) {
        if (!reach.everything() && !reach.accounts().isEmpty()) {
            statement.bindList("reachAccounts", List.copyOf(reach.accounts()));
        }
        if (!reach.everything() && !reach.environments().isEmpty()) {
            statement.bindList("reachEnvironments", List.copyOf(reach.environments()));
        }
        return statement;
    }
}
