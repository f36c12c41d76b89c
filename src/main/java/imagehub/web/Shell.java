package imagehub.web;

import imagehub.AppContext;
import imagehub.access.Role;
import imagehub.access.Viewer;
import imagehub.farm.FarmRoutes;
import imagehub.image.ImageRoutes;
import imagehub.replacement.ReplacementRoutes;
import imagehub.role.RoleRoutes;
import imagehub.scope.Account;
import imagehub.scope.Environment;
import imagehub.scope.ScopeDao;
import imagehub.scope.ScopeRef;
import imagehub.usage.UsageRoutes;
import imagehub.user.Sessions;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds the page shell (switcher, navigation, CSRF token) for the signed-in viewer. */
public final class Shell {
    private final AppContext app;

    public Shell(AppContext app) {
        this.app = app;
    }

    /** A navigation entry: shown in a scope when the viewer holds {@code needed} there. */
    private record NavEntry(String label, String suffix, Role needed, boolean environmentsOnly) {
        NavEntry(String label, String suffix, Role needed) {
            this(label, suffix, needed, false);
        }
    }

    private static final List<NavEntry> NAV = List.of(
            new NavEntry("Dashboard", "", Role.READ_ONLY),
            new NavEntry("Images", ImageRoutes.PATH, Role.READ_ONLY),
            new NavEntry("Roles", RoleRoutes.PATH, Role.READ_ONLY),
            new NavEntry("Replacements", ReplacementRoutes.PATH, Role.READ_ONLY),
            new NavEntry("Farms", FarmRoutes.PATH, Role.READ_ONLY),
            new NavEntry("Operations", "/operations", Role.READ_ONLY, true),
            new NavEntry("Usage", UsageRoutes.PATH, Role.READ_ONLY),
            new NavEntry("Audit log", "/audit", Role.ADMIN),
            new NavEntry("Settings", "/settings", Role.ADMIN));

    /** The shell of a page outside any scope (profile, errors, the start page). */
    public Layout layout(Context ctx, String title) {
        return layout(ctx, title, null);
    }

    public Layout layout(Context ctx, String title, ScopeRef scope) {
        var session = Auth.session(ctx);
        if (session.isEmpty()) {
            return new Layout(title, null, null, List.of(), List.of(), null, Flash.take(ctx), app.build);
        }
        Viewer viewer = session.get().viewer();
        List<Layout.ScopeOption> options = new ArrayList<>();
        Layout.ScopeOption current = null;
        for (ScopeRef ref : app.access.enterableScopes(viewer)) {
            Layout.ScopeOption option = new Layout.ScopeOption(label(ref), ref.path(), ref.level().ordinal());
            options.add(option);
            if (ref.equals(scope)) {
                current = option;
            }
        }
        List<Layout.NavItem> nav = new ArrayList<>();
        if (scope != null) {
            String here = ctx.path();
            for (NavEntry entry : NAV) {
                boolean offered = !entry.environmentsOnly() || scope.level() == imagehub.scope.ScopeLevel.ENVIRONMENT;
                if (offered && app.access.allows(viewer, scope, entry.needed())) {
                    String path = scope.path() + entry.suffix();
                    boolean active = entry.suffix().isEmpty() ? here.equals(path) : here.startsWith(path);
                    nav.add(new Layout.NavItem(entry.label(), path, active));
                }
            }
        }
        return new Layout(title, viewer.email(), current, options, nav,
                session.map(Sessions.Session::csrfToken).orElse(null), Flash.take(ctx), app.build);
    }

    /** The scopes the signed-in viewer may enter, widest first. */
    public List<ScopeRef> enterable(Context ctx) {
        return app.access.enterableScopes(Auth.viewer(ctx));
    }

    /** The human name of a scope: "Global", the account's name, or "account / environment". */
    public String label(ScopeRef scope) {
        ScopeDao dao = app.scopes();
        return switch (scope.level()) {
            case GLOBAL -> "Global";
            case ACCOUNT -> dao.findAccount(scope.id()).map(Account::name).orElse("Account " + scope.id());
            case ENVIRONMENT -> dao.findEnvironment(scope.id())
                    .map(e -> dao.findAccount(e.accountId()).map(Account::name).orElse("?") + " / " + e.name())
                    .orElse("Environment " + scope.id());
        };
    }

    /** Names of every account and environment by id, for tables that show many scopes at once. */
    public Map<ScopeRef, String> labels() {
        ScopeDao dao = app.scopes();
        Map<Long, Account> accounts = dao.listAccounts().stream().collect(Collectors.toMap(Account::id, Function.identity()));
        Map<ScopeRef, String> labels = new java.util.HashMap<>();
        labels.put(ScopeRef.GLOBAL, "Global");
        accounts.values().forEach(a -> labels.put(a.scope(), a.name()));
        for (Environment env : dao.listEnvironments()) {
            labels.put(env.scope(), accounts.get(env.accountId()).name() + " / " + env.name());
        }
        return labels;
    }
}
