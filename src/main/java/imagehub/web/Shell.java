package imagehub.web;

import imagehub.access.Access;
import imagehub.access.AccessLevel;
import imagehub.access.Viewer;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the page shell (switcher, navigation, CSRF token) for the signed-in viewer. The navigation is what
 * the features contribute, in the order given; the shell knows none of them.
 */
public final class Shell {
    private final Access access;
    private final ScopeLabels labels;
    private final List<NavEntry> nav;
    private final Build build;

    public Shell(Access access, ScopeLabels labels, List<NavEntry> nav, Build build) {
        this.access = access;
        this.labels = labels;
        this.nav = List.copyOf(nav);
        this.build = build;
    }

    /** The shell of a page outside any scope (profile, errors, the start page). */
    public Layout layout(Context ctx, String title) {
        return layout(ctx, title, null);
    }

    public Layout layout(Context ctx, String title, ScopeRef scope) {
        var session = Auth.session(ctx);
        if (session.isEmpty()) {
            return new Layout(title, null, null, List.of(), List.of(), null, Flash.take(ctx), build);
        }
        Viewer viewer = session.get().viewer();
        List<Layout.ScopeOption> options = new ArrayList<>();
        Layout.ScopeOption current = null;
        for (ScopeRef ref : access.enterableScopes(viewer)) {
            Layout.ScopeOption option = new Layout.ScopeOption(label(ref), ref.path(), ref.level().ordinal());
            options.add(option);
            if (ref.equals(scope)) {
                current = option;
            }
        }
        List<Layout.NavItem> items = new ArrayList<>();
        if (scope != null) {
            String here = ctx.path();
            Set<AccessLevel> held = access.rolesAt(viewer, scope); // one look-up for every entry
            for (NavEntry entry : nav) {
                boolean offered = !entry.environmentsOnly() || scope.level() == ScopeLevel.ENVIRONMENT;
                if (offered && held.contains(entry.needed())) {
                    String path = scope.path() + entry.suffix();
                    boolean active = entry.suffix().isEmpty() ? here.equals(path) : here.startsWith(path);
                    items.add(new Layout.NavItem(entry.label(), path, active));
                }
            }
        }
        return new Layout(title, viewer.email(), current, options, items, session.get().csrfToken(),
                Flash.take(ctx), build);
    }

    /** The scopes the signed-in viewer may enter, widest first. */
    public List<ScopeRef> enterable(Context ctx) {
        return access.enterableScopes(Auth.viewer(ctx));
    }

    /** The human name of a scope: "Global", the account's name, or "account / environment". */
    public String label(ScopeRef scope) {
        return labels.label(scope);
    }

    /** Names of every account and environment by id, for tables that show many scopes at once. */
    public Map<ScopeRef, String> labels() {
        return labels.labels();
    }
}
