package imagehub.credentials;

import imagehub.access.Viewer;
import imagehub.core.ConflictException;
import imagehub.core.ScopeRef;
import imagehub.core.ValidationException;
import imagehub.credentials.CredentialService.ConnectionTest;
import imagehub.credentials.CredentialService.CredentialInput;
import imagehub.provider.Clouds;
import imagehub.web.Auth;
import imagehub.web.Choice;
import imagehub.web.Flash;
import imagehub.web.Form;
import imagehub.web.Htmx;
import imagehub.web.Layout;
import imagehub.web.ScopedRoutes;
import imagehub.web.Shell;
import imagehub.web.Templates;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings → Cloud credentials of an account or environment, for its admins: the list (an environment's shows its
 * account's too, read-only), add and edit forms with field errors, delete, and "Test connection" as an htmx partial.
 * Secrets are write-only here as everywhere: a form never shows one back, not even after a refusal.
 */
public final class CredentialRoutes {
    public static final String PATH = "/settings/cloud-credentials";
    public static final String TABLE_ID = "cloud-credentials";
    static final String LIST_TEMPLATE = "credentials/list.jte";
    static final String FORM_TEMPLATE = "credentials/form.jte";
    static final String CHECKS_TEMPLATE = "credentials/checks.jte";
    private static final List<String> FIELDS = List.of("name", "cloudPlatform", "accessKeyId", "roleArn", "endpoint",
            "defaultRegions");

    private final CredentialService credentials;
    private final Clouds clouds;
    private final Templates templates;
    private final Shell shell;

    public CredentialRoutes(CredentialService credentials, Clouds clouds, Templates templates, Shell shell) {
        this.credentials = credentials;
        this.clouds = clouds;
        this.templates = templates;
        this.shell = shell;
    }

    /** One row of the list: whether the viewer may change it here, and the regions a test may pick. */
    public record Row(Credential credential, boolean own, boolean changeable, String definedAt, List<String> regions) {
    }

    /** A connection test's outcome for one row, why it could not run, or (both null) no test yet. */
    public record Checks(long credentialsId, ConnectionTest test, String refusal) {
        public String id() {
            return "checks-" + credentialsId;
        }
    }

    public record ListPage(Layout layout, ScopeRef scope, String scopeLabel, List<Row> rows, String error, Checks checks) {
        public String base() {
            return scope.path() + PATH;
        }

        /** The outcome of the test just run on {@code row}, or its empty place. */
        public Checks checksOf(Row row) {
            long id = row.credential().id();
            return checks != null && checks.credentialsId() == id ? checks : new Checks(id, null, null);
        }
    }

    /** The add form ({@code editing} null) or the edit form of one credential. */
    public record FormPage(Layout layout, ScopeRef scope, String scopeLabel, Credential editing, Form form,
            List<Choice> platforms) {
        public String base() {
            return scope.path() + PATH;
        }

        public String action() {
            return editing == null ? base() : base() + "/" + editing.id();
        }
    }

    public void register(JavalinDefaultRoutingApi router) {
        ScopedRoutes scoped = new ScopedRoutes(router);
        scoped.get(PATH, (ctx, scope) -> list(ctx, scope, null, null, 200));
        scoped.get(PATH + "/new", (ctx, scope) -> {
            credentials.requireManage(Auth.viewer(ctx), scope);
            form(ctx, scope, null, Form.EMPTY, 200);
        });
        scoped.post(PATH, (ctx, scope) -> {
            Viewer viewer = Auth.viewer(ctx);
            credentials.requireManage(viewer, scope);
            Form form = Form.of(ctx, FIELDS);
            try {
                Credential created = credentials.create(viewer, scope, input(ctx, form));
                Flash.set(ctx, "Cloud credentials " + created.name() + " stored");
                ctx.redirect(scope.path() + PATH, HttpStatus.SEE_OTHER);
            } catch (RuntimeException refused) {
                form(ctx, scope, null, form.withError(refused), 422);
            }
        });
        scoped.get(PATH + "/{credentialsId}/edit", (ctx, scope) -> {
            Credential editing = credentials.getForChange(Auth.viewer(ctx), scope, id(ctx));
            form(ctx, scope, editing, new Form(values(editing), Map.of()), 200);
        });
        scoped.post(PATH + "/{credentialsId}", (ctx, scope) -> {
            Viewer viewer = Auth.viewer(ctx);
            Credential editing = credentials.getForChange(viewer, scope, id(ctx));
            Form form = Form.of(ctx, FIELDS);
            try {
                Credential updated = credentials.update(viewer, scope, editing.id(), input(ctx, form));
                Flash.set(ctx, "Cloud credentials " + updated.name() + " saved");
                ctx.redirect(scope.path() + PATH, HttpStatus.SEE_OTHER);
            } catch (RuntimeException refused) {
                form(ctx, scope, editing, form.withError(refused), 422);
            }
        });
        scoped.post(PATH + "/{credentialsId}/delete", (ctx, scope) -> {
            Viewer viewer = Auth.viewer(ctx);
            Credential deleting = credentials.getForChange(viewer, scope, id(ctx));
            try {
                credentials.delete(viewer, scope, deleting.id());
                Flash.set(ctx, "Cloud credentials " + deleting.name() + " deleted");
                ctx.redirect(scope.path() + PATH, HttpStatus.SEE_OTHER);
            } catch (ConflictException refused) {
                list(ctx, scope, refused.getMessage(), null, 409);
            }
        });
        scoped.post(PATH + "/{credentialsId}/test", this::test);
    }

    /** Runs the test; an htmx request gets the checks partial, a plain form post the list with them. */
    private void test(Context ctx, ScopeRef scope) {
        Viewer viewer = Auth.viewer(ctx);
        long credentialsId = credentials.get(viewer, scope, id(ctx)).id();
        Checks checks;
        try {
            checks = new Checks(credentialsId, credentials.test(viewer, scope, credentialsId, ctx.formParam("cloudLocation")), null);
        } catch (ValidationException refused) {
            checks = new Checks(credentialsId, null, String.join("; ", refused.errors().values()));
        }
        if (Htmx.isHtmx(ctx)) {
            ctx.html(templates.render(CHECKS_TEMPLATE, checks));
        } else {
            list(ctx, scope, null, checks, checks.refusal() == null ? 200 : 422);
        }
    }

    private void list(Context ctx, ScopeRef scope, String error, Checks checks, int status) {
        Viewer viewer = Auth.viewer(ctx);
        List<Row> rows = credentials.list(viewer, scope).stream().map(c -> new Row(c, c.scope().equals(scope),
                credentials.canChange(viewer, c), shell.label(c.scope()), clouds.module(c.platform()).regions())).toList();
        String label = shell.label(scope);
        ctx.status(status).html(templates.render(LIST_TEMPLATE, new ListPage(
                shell.layout(ctx, "Cloud credentials · " + label, scope), scope, label, rows, error, checks)));
    }

    private void form(Context ctx, ScopeRef scope, Credential editing, Form form, int status) {
        String label = shell.label(scope);
        String title = (editing == null ? "Add cloud credentials" : "Edit " + editing.name()) + " · " + label;
        List<Choice> platforms = CredentialService.PLATFORMS.stream().map(p -> new Choice(p.id(), p.label())).toList();
        ctx.status(status).html(templates.render(FORM_TEMPLATE, new FormPage(shell.layout(ctx, title, scope), scope,
                label, editing, form, platforms)));
    }

    /** The form as input; the secret comes straight from the request and is never kept in the form. */
    private static CredentialInput input(Context ctx, Form form) {
        List<String> regions = Arrays.stream(form.value("defaultRegions").split("[,\\s]+"))
                .filter(region -> !region.isBlank()).toList();
        return new CredentialInput(form.value("name"), form.value("cloudPlatform"), form.value("accessKeyId"),
                ctx.formParam("secretAccessKey"), form.value("roleArn"), form.value("endpoint"), regions);
    }

    private static Map<String, String> values(Credential credential) {
        Map<String, String> values = new HashMap<>();
        values.put("name", credential.name());
        values.put("cloudPlatform", credential.platform().id());
        values.put("accessKeyId", credential.accessKeyId());
        values.put("roleArn", credential.roleArn() == null ? "" : credential.roleArn());
        values.put("endpoint", credential.endpoint() == null ? "" : credential.endpoint());
        values.put("defaultRegions", String.join(", ", credential.defaultRegions()));
        return values;
    }

    private static long id(Context ctx) {
        return ScopedRoutes.id(ctx, "credentialsId");
    }
}
