package imagehub.scope;

import imagehub.core.ScopeRef;
import imagehub.core.ScopeLevel;

import imagehub.access.Viewer;
import imagehub.audit.AuditRecord;
import imagehub.audit.AuditReader;
import imagehub.web.Auth;
import imagehub.web.Flash;
import imagehub.web.Form;
import imagehub.web.Layout;
import imagehub.web.NavEntry;
import imagehub.web.ScopedRoutes;
import imagehub.web.Shell;
import imagehub.web.Templates;
import gg.jte.Content;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;

/** The scope dashboards and the settings pages for accounts and environments. */
public final class ScopeRoutes {
    public static final String SETTINGS = "/settings";
    public static final String ACCOUNTS = "/global/settings/accounts";
    public static final NavEntry DASHBOARD_NAV = NavEntry.readers("Dashboard", "");
    public static final NavEntry SETTINGS_NAV = NavEntry.admins("Settings", SETTINGS);
    static final String DASHBOARD_TEMPLATE = "scope/dashboard.jte";
    static final String SETTINGS_TEMPLATE = "scope/settings.jte";

    private final ScopeService scopes;
    private final AuditReader audit;
    private final List<DashboardPanel> panels;
    private final Templates templates;
    private final Shell shell;

    public ScopeRoutes(ScopeService scopes, AuditReader audit, List<DashboardPanel> panels, Templates templates,
            Shell shell) {
        this.scopes = scopes;
        this.audit = audit;
        this.panels = List.copyOf(panels);
        this.templates = templates;
        this.shell = shell;
    }

    public record Dashboard(Layout layout, ScopeRef scope, String scopeLabel, List<Child> children,
            List<AuditRecord> recentActivity, boolean admin, List<Content> panels) {
    }

    /** A scope one level down (an account of Global, an environment of an account). */
    public record Child(long id, String name, String path) {
    }

    public record SettingsPage(Layout layout, ScopeRef scope, String scopeLabel, List<Child> children, String childKind,
            Form form, String usersPath) {
    }

    public void register(JavalinDefaultRoutingApi router) {
        router.get("/", ctx -> {
            List<ScopeRef> enterable = shell.enterable(ctx);
            ctx.redirect(enterable.isEmpty() ? "/profile" : enterable.get(0).path(), HttpStatus.SEE_OTHER);
        });
        ScopedRoutes scoped = new ScopedRoutes(router);
        scoped.get("", this::dashboard);
        scoped.get(SETTINGS, (ctx, scope) -> settings(ctx, scope, Form.EMPTY, 200));
        router.post(ACCOUNTS, ctx -> {
            Viewer viewer = Auth.viewer(ctx);
            Form form = Form.of(ctx, List.of("name"));
            try {
                Account account = scopes.createAccount(viewer, form.value("name"));
                Flash.set(ctx, "Account " + account.name() + " created");
                ctx.redirect(ScopeRef.GLOBAL.path() + SETTINGS, HttpStatus.SEE_OTHER);
            } catch (RuntimeException refused) {
                settings(ctx, ScopeRef.GLOBAL, form.withError(refused), 422);
            }
        });
        router.post("/accounts/{accountId}/rename", ctx -> rename(ctx, ScopedRoutes.scope(ctx)));
        router.post("/accounts/{accountId}/delete", ctx -> delete(ctx, ScopedRoutes.scope(ctx)));
        router.post("/accounts/{accountId}/environments", ctx -> {
            ScopeRef account = ScopedRoutes.scope(ctx);
            Form form = Form.of(ctx, List.of("name"));
            try {
                Environment env = scopes.createEnvironment(Auth.viewer(ctx), account.id(), form.value("name"));
                Flash.set(ctx, "Environment " + env.name() + " created");
                ctx.redirect(account.path() + SETTINGS, HttpStatus.SEE_OTHER);
            } catch (RuntimeException refused) {
                settings(ctx, account, form.withError(refused), 422);
            }
        });
        router.post("/envs/{envId}/rename", ctx -> rename(ctx, ScopedRoutes.scope(ctx)));
        router.post("/envs/{envId}/delete", ctx -> delete(ctx, ScopedRoutes.scope(ctx)));
    }

    private void dashboard(Context ctx, ScopeRef scope) {
        Viewer viewer = Auth.viewer(ctx);
        String label = label(viewer, scope);
        boolean admin = scopes.canManage(viewer, scope);
        List<AuditRecord> recent = admin
                ? audit.list(viewer, scope, AuditReader.Filter.none(), 1, 10).entries() : List.of();
        List<Content> shown = panels.stream().map(panel -> panel.render(viewer, scope)).toList();
        ctx.html(templates.render(DASHBOARD_TEMPLATE, new Dashboard(shell.layout(ctx, label, scope), scope, label,
                children(viewer, scope), recent, admin, shown)));
    }

    private void settings(Context ctx, ScopeRef scope, Form form, int status) {
        Viewer viewer = Auth.viewer(ctx);
        String label = label(viewer, scope);
        if (!scopes.canManage(viewer, scope)) {
            throw new imagehub.access.ForbiddenException("Settings of " + label + " are for its admins");
        }
        String childKind = switch (scope.level()) {
            case GLOBAL -> "account";
            case ACCOUNT -> "environment";
            case ENVIRONMENT -> null;
        };
        ctx.status(status).html(templates.render(SETTINGS_TEMPLATE, new SettingsPage(
                shell.layout(ctx, "Settings · " + label, scope), scope, label, children(viewer, scope), childKind, form,
                scope.path() + SETTINGS + "/users")));
    }

    private void rename(Context ctx, ScopeRef scope) {
        Viewer viewer = Auth.viewer(ctx);
        Form form = Form.of(ctx, List.of("name"));
        ScopeRef parent = scopes.parent(viewer, scope);
        try {
            if (scope.level() == ScopeLevel.ACCOUNT) {
                scopes.renameAccount(viewer, scope.id(), form.value("name"));
            } else {
                scopes.renameEnvironment(viewer, scope.id(), form.value("name"));
            }
            Flash.set(ctx, "Renamed to " + form.value("name"));
            ctx.redirect(parent.path() + SETTINGS, HttpStatus.SEE_OTHER);
        } catch (RuntimeException refused) {
            settings(ctx, parent, form.withError(refused), 422);
        }
    }

    private void delete(Context ctx, ScopeRef scope) {
        Viewer viewer = Auth.viewer(ctx);
        ScopeRef parent = scopes.parent(viewer, scope);
        try {
            if (scope.level() == ScopeLevel.ACCOUNT) {
                scopes.deleteAccount(viewer, scope.id());
            } else {
                scopes.deleteEnvironment(viewer, scope.id());
            }
            Flash.set(ctx, "Deleted");
            ctx.redirect(parent.path() + SETTINGS, HttpStatus.SEE_OTHER);
        } catch (RuntimeException refused) {
            settings(ctx, parent, Form.EMPTY.withError(refused), 409);
        }
    }

    private String label(Viewer viewer, ScopeRef scope) {
        return switch (scope.level()) {
            case GLOBAL -> {
                scopes.requireEnter(viewer, scope);
                yield "Global";
            }
            case ACCOUNT -> scopes.account(viewer, scope.id()).name();
            case ENVIRONMENT -> {
                Environment env = scopes.environment(viewer, scope.id());
                yield scopes.accountName(env.accountId()) + " / " + env.name();
            }
        };
    }

    private List<Child> children(Viewer viewer, ScopeRef scope) {
        return switch (scope.level()) {
            case GLOBAL -> scopes.accounts(viewer).stream()
                    .map(a -> new Child(a.id(), a.name(), a.scope().path())).toList();
            case ACCOUNT -> scopes.environments(viewer, scope.id()).stream()
                    .map(e -> new Child(e.id(), e.name(), e.scope().path())).toList();
            case ENVIRONMENT -> List.of();
        };
    }
}
