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
import java.util.function.UnaryOperator;

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
        return layout(ctx, label -> title, scope).layout();
    }

    /** A page's shell and the label of the scope it runs in, which its title ends with. */
    public record ScopedLayout(Layout layout, String label) {
    }

    /**
     * The shell of a page in {@code scope} titled "{@code heading} · its label", the label read with the switcher's
     * names instead of on its own.
     */
    public ScopedLayout layout(Context ctx, ScopeRef scope, String heading) {
        return layout(ctx, label -> heading + " · " + label, scope);
    }

    private ScopedLayout layout(Context ctx, UnaryOperator<String> title, ScopeRef scope) {
        var session = Auth.session(ctx);
        if (session.isEmpty()) {
            String label = scope == null ? null : label(scope);
            return new ScopedLayout(new Layout(title.apply(label), null, null, List.of(), List.of(), null, Flash.take(ctx),
                    build), label);
        }
        Viewer viewer = session.get().viewer();
        // Every name in one read, rather than one read per scope of the switcher.
        Map<ScopeRef, String> names = labels();
        List<Layout.ScopeOption> options = new ArrayList<>();
        Layout.ScopeOption current = null;
        for (ScopeRef ref : access.enterableScopes(viewer)) {
            Layout.ScopeOption option = new Layout.ScopeOption(name(names, ref), ref.path(), ref.level().ordinal());
            options.add(option);
            if (ref.equals(scope)) {
                current = option;
            }
        }
        List<Layout.NavItem> items = new ArrayList<>();
        String label = null;
        if (scope != null) {
            label = current != null ? current.label() : name(names, scope);
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
        return new ScopedLayout(new Layout(title.apply(label), viewer.email(), current, options, items,
                session.get().csrfToken(), Flash.take(ctx), build), label);
    }

    /** The scope's name from {@code names}; a scope created after they were read is named on its own. */
    private String name(Map<ScopeRef, String> names, ScopeRef scope) {
        String name = names.get(scope);
        return name != null ? name : label(scope);
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
