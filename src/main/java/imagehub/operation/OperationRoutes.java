package imagehub.operation;

import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.audit.AuditRecord;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.farm.Farm;
import imagehub.farm.FarmService;
import imagehub.operation.ServerOperationService.Plan;
import imagehub.operation.ServerOperationService.ReplaceRequest;
import imagehub.core.ScopeRef;
import imagehub.web.Auth;
import imagehub.web.Choice;
import imagehub.web.Flash;
import imagehub.web.Form;
import imagehub.web.Htmx;
import imagehub.web.Layout;
import imagehub.web.NavEntry;
import imagehub.web.ScopedRoutes;
import imagehub.web.Shell;
import imagehub.web.Templates;
import imagehub.usage.ImageState;
import imagehub.usage.UsageRoutes;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "replace servers" form of a farm (target, batch size, pause, with what will change), the page of an
 * operation with its live progress (htmx polls a partial while it runs) and the operations of an environment.
 */
public final class OperationRoutes {
    public static final int PAGE_SIZE = 50;
    public static final String PAGE = "page";
    public static final String OPERATIONS = "/envs/{envId}/operations";
    public static final String OPERATION = OPERATIONS + "/{operationId}";
    public static final String REPLACE_SERVERS = "/envs/{envId}/farms/{farmId}/replace-servers";
    public static final NavEntry NAV = NavEntry.readersInEnvironments("Operations", "/operations");
    static final String LIST_TEMPLATE = "operation/list.jte";
    static final String PAGE_TEMPLATE = "operation/page.jte";
    static final String PROGRESS_TEMPLATE = "operation/progress.jte";
    static final String PREVIEW_TEMPLATE = "operation/preview.jte";
    static final String REPLACE_TEMPLATE = "operation/replace.jte";
    public static final String PROGRESS_ID = "operation-progress";
    public static final String PREVIEW_ID = "replace-servers-preview";
    public static final int POLL_SECONDS = 1;
    static final String WHOLE_FARM = "farm";
    static final List<String> FIELDS = List.of("target", "batchSize", "pauseSeconds", "minHealthyPercent");

    private final ServerOperationService operations;
    private final FarmService farms;
    private final Templates templates;
    private final Shell shell;

    public OperationRoutes(ServerOperationService operations, FarmService farms, Templates templates, Shell shell) {
        this.operations = operations;
        this.farms = farms;
        this.templates = templates;
        this.shell = shell;
    }

    /** Where the farm pages and the usage explorer link to. */
    public static String replaceServersPath(long envId, long farmId) {
        return ScopeRef.environment(envId).path() + "/farms/" + farmId + "/replace-servers";
    }

    public static String operationsPath(long envId) {
        return ScopeRef.environment(envId).path() + "/operations";
    }

    public static String operationPath(long envId, long operationId) {
        return operationsPath(envId) + "/" + operationId;
    }

    /** What will change for the chosen target, and the form that starts the operation. */
    public record Preview(Layout layout, String action, Form form, Plan plan, boolean canOperate) {
    }

    public record FormPage(Layout layout, long envId, Farm farm, String scopeLabel, List<Choice> targets,
            Preview preview) {
        public String operationsPath() {
            return OperationRoutes.operationsPath(envId);
        }
    }

    /** The swappable progress card: polls itself while the operation runs. */
    public record Progress(Layout layout, ServerOperation operation, boolean canCancel) {
        public String path() {
            return operationPath(operation.envId(), operation.id());
        }

        /** Where htmx polls while the operation runs; null (no polling) once it has finished. */
        public String pollPath() {
            return operation.running() ? path() + "/progress" : null;
        }

        public String pollTrigger() {
            return operation.running() ? "every " + POLL_SECONDS + "s" : null;
        }

        public String badge() {
            return switch (operation.status()) {
                case RUNNING, COMPLETED -> "badge";
                case CANCELLED -> "badge warn";
                case FAILED -> "badge danger";
            };
        }

        public String state() {
            return operation.running() ? operation.message() : operation.status().label() + ": " + operation.message();
        }
    }

    public record OperationPage(Layout layout, String scopeLabel, Progress progress, List<AuditRecord> trail) {
        public String operationsPath() {
            return OperationRoutes.operationsPath(progress.operation().envId());
        }
    }

    /** One page of the list: {@code pageNum} of {@code lastPage}, {@value #PAGE_SIZE} operations a page. */
    public record ListPage(Layout layout, long envId, String scopeLabel, List<ServerOperation> operations, int pageNum,
            long lastPage) {
        public String path(ServerOperation operation) {
            return operationPath(envId, operation.id());
        }

        public String pageLink(long page) {
            return operationsPath(envId) + "?" + PAGE + "=" + page;
        }

        /** The usage explorer on the servers of this environment not on their role's current image. */
        public String staleServersPath() {
            return ScopeRef.environment(envId).path() + UsageRoutes.PATH + "?imageState=" + ImageState.SUPERSEDED.id();
        }
    }

    public void register(JavalinDefaultRoutingApi router) {
        router.get(REPLACE_SERVERS, ctx -> {
            Map<String, String> values = new HashMap<>(Map.of("target", WHOLE_FARM, "batchSize", "2", "pauseSeconds", "0",
                    "minHealthyPercent", String.valueOf(ReplaceRequest.DEFAULT_MIN_HEALTHY)));
            for (String field : FIELDS) {
                String value = ctx.queryParam(field);
                if (value != null) {
                    values.put(field, value);
                }
            }
            replaceForm(ctx, new Form(values, Map.of()), 200);
        });
        router.post(REPLACE_SERVERS, ctx -> {
            Form form = Form.of(ctx, FIELDS);
            long envId = envId(ctx);
            try {
                ServerOperation started = operations.startReplaceServers(Auth.viewer(ctx), envId, new ReplaceRequest(
                        target(ctx, form.value("target")), number(form, "batchSize"), number(form, "pauseSeconds"),
                        form.value("minHealthyPercent").isBlank() ? ReplaceRequest.DEFAULT_MIN_HEALTHY
                                : number(form, "minHealthyPercent")));
                Flash.set(ctx, "Replacing " + started.total() + " server(s) of " + started.targetLabel());
                Htmx.redirect(ctx, operationPath(envId, started.id()));
            } catch (ValidationException | ConflictException refused) {
                replaceForm(ctx, form.withError(refused), 422);
            }
        });
        router.get(OPERATIONS, ctx -> {
            long envId = envId(ctx);
            int pageNum = Math.max(1, ctx.queryParamAsClass(PAGE, Integer.class).getOrDefault(1));
            ServerOperationService.OperationPage page = operations.page(Auth.viewer(ctx), envId, null, null,
                    (long) (pageNum - 1) * PAGE_SIZE, PAGE_SIZE);
            String label = shell.label(ScopeRef.environment(envId));
            ctx.html(templates.render(LIST_TEMPLATE, new ListPage(
                    shell.layout(ctx, "Operations · " + label, ScopeRef.environment(envId)), envId, label,
                    page.operations(), pageNum, Math.max(1, (page.total() + PAGE_SIZE - 1) / PAGE_SIZE))));
        });
        router.get(OPERATION, ctx -> {
            Viewer viewer = Auth.viewer(ctx);
            long envId = envId(ctx);
            ServerOperation operation = operations.get(viewer, envId, ScopedRoutes.id(ctx, "operationId"));
            ScopeRef scope = ScopeRef.environment(envId);
            Layout layout = shell.layout(ctx, "Operation #" + operation.id(), scope);
            ctx.html(templates.render(PAGE_TEMPLATE, new OperationPage(layout, shell.label(scope),
                    new Progress(layout, operation, operations.canOperate(viewer, envId)),
                    operations.trail(viewer, envId, operation.id()))));
        });
        router.get(OPERATION + "/progress", ctx -> {
            Viewer viewer = Auth.viewer(ctx);
            long envId = envId(ctx);
            ServerOperation operation = operations.get(viewer, envId, ScopedRoutes.id(ctx, "operationId"));
            Layout layout = shell.layout(ctx, "Operation #" + operation.id(), ScopeRef.environment(envId));
            ctx.html(templates.render(PROGRESS_TEMPLATE,
                    new Progress(layout, operation, operations.canOperate(viewer, envId))));
        });
        router.post(OPERATION + "/cancel", ctx -> {
            long envId = envId(ctx);
            long id = ScopedRoutes.id(ctx, "operationId");
            try {
                operations.cancel(Auth.viewer(ctx), envId, id);
                Flash.set(ctx, "Operation #" + id + " cancelled");
            } catch (ConflictException finished) {
                Flash.set(ctx, finished.getMessage());
            }
            Htmx.redirect(ctx, operationPath(envId, id));
        });
    }

    /** The form with the preview of the chosen target; htmx asks for the preview alone. */
    private void replaceForm(Context ctx, Form form, int status) {
        Viewer viewer = Auth.viewer(ctx);
        long envId = envId(ctx);
        Farm farm = farms.get(viewer, ScopedRoutes.id(ctx, "farmId"));
        if (farm.envId() != envId) {
            throw new NotFoundException("Farm " + farm.id());
        }
        ScopeRef scope = ScopeRef.environment(envId);
        Plan whole = operations.plan(viewer, envId, new ReplaceTarget.WholeFarm(farm.id()));
        Plan plan = whole;
        Form shown = form;
        try {
            ReplaceTarget target = target(ctx, form.value("target"));
            if (!(target instanceof ReplaceTarget.WholeFarm)) {
                plan = operations.plan(viewer, envId, target);
            }
        } catch (ValidationException | NotFoundException refused) {
            plan = null;
            shown = form.failed() ? form : form.withErrors(Map.of("target", "Choose the farm, one of its farm roles or one old image"));
        }
        Layout layout = shell.layout(ctx, "Replace servers of " + farm.name(), scope);
        Preview preview = new Preview(layout, replaceServersPath(envId, farm.id()), shown, plan,
                operations.canOperate(viewer, envId));
        ctx.header("Vary", "HX-Request");
        if (Htmx.isHtmx(ctx) && status == 200) {
            ctx.html(templates.render(PREVIEW_TEMPLATE, preview));
            return;
        }
        ctx.status(status).html(templates.render(REPLACE_TEMPLATE, new FormPage(layout, envId, farm,
                shell.label(scope), targets(whole), preview)));
    }

    /** The whole farm, each farm role with stale servers, and each old image its servers run. */
    private static List<Choice> targets(Plan whole) {
        List<Choice> choices = new ArrayList<>();
        choices.add(new Choice(WHOLE_FARM, "The whole farm (" + whole.servers() + " stale server(s))"));
        Map<String, Choice> farmRoles = new LinkedHashMap<>();
        Map<String, Choice> images = new LinkedHashMap<>();
        for (StaleGroup group : whole.groups()) {
            farmRoles.putIfAbsent("farmRole:" + group.farmRoleId(),
                    new Choice("farmRole:" + group.farmRoleId(), "Farm role " + group.alias()));
            images.putIfAbsent("image:" + group.oldImageId(),
                    new Choice("image:" + group.oldImageId(), "Old image " + group.oldImageName() + ", in the whole environment"));
        }
        choices.addAll(farmRoles.values());
        choices.addAll(images.values());
        return choices;
    }

    /** {@code farm}, {@code farmRole:<id>} or {@code image:<id>} (that image's servers in the whole environment). */
    private static ReplaceTarget target(Context ctx, String value) {
        if (value.equals(WHOLE_FARM)) {
            return new ReplaceTarget.WholeFarm(ScopedRoutes.id(ctx, "farmId"));
        }
        if (value.startsWith("farmRole:")) {
            try {
                return new ReplaceTarget.OneFarmRole(Long.parseLong(value.substring("farmRole:".length())));
            } catch (NumberFormatException e) {
                throw ValidationException.of("target", "Choose one of the farm roles");
            }
        }
        if (value.startsWith("image:") && value.length() > "image:".length()) {
            return new ReplaceTarget.OldImage(value.substring("image:".length()));
        }
        throw ValidationException.of("target", "Choose the farm, one of its farm roles or one old image");
    }

    private static int number(Form form, String field) {
        try {
            return Integer.parseInt(form.value(field).strip());
        } catch (NumberFormatException e) {
            throw ValidationException.of(field, "Enter a whole number");
        }
    }

    private static long envId(Context ctx) {
        return ScopedRoutes.id(ctx, "envId");
    }
}
