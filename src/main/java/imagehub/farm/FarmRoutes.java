package imagehub.farm;

import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.catalog.Platform;
import imagehub.provider.CloudModule;
import imagehub.provider.Clouds;
import imagehub.provider.ProviderException;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.credentials.CredentialService;
import imagehub.role.RoleFilter;
import imagehub.role.RoleService;
import imagehub.core.ScopeLevel;
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
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The farm pages: the list at every scope, and under an environment the farm form and the farm detail
 * page with its farm roles, live servers and lifecycle actions.
 */
public final class FarmRoutes {
    public static final String PATH = "/farms";
    public static final NavEntry NAV = NavEntry.readers("Farms", PATH);
    static final String SERVERS_TEMPLATE = "farm/servers.jte";
    static final String LIST_TEMPLATE = "farm/list.jte";
    static final String NEW_TEMPLATE = "farm/new.jte";
    static final String DETAIL_TEMPLATE = "farm/detail.jte";
    public static final String NEW = PATH + "/new";
    public static final String SERVERS_ID = "farm-servers";
    /** The query parameter of the farm page naming the day its image history shows. */
    public static final String HISTORY_DATE = "on";
    /** How often the servers table refreshes itself while the scaler works. */
    public static final String POLL = "every 2s";
    static final List<String> FARM_FIELDS = List.of("name", "description", "owner");
    static final List<String> FARM_ROLE_FIELDS = List.of("roleId", "platform", "cloudLocation", "minServers",
            "maxServers", "alias", "scalingGroupId", "cloudCredentialsId");
    static final String ADD_FARM_ROLE_TEMPLATE = "farm/addfarmrole.jte";
    public static final String FARM_ROLE_FORM_ID = "add-farm-role";
    static final List<String> SIZE_FIELDS = List.of("minServers", "maxServers");

    private final FarmService farms;
    private final FarmHistory history;
    private final ServerLifecycle lifecycle;
    private final FarmInventory inventory;
    private final RoleService roles;
    private final Clouds clouds;
    private final CredentialService credentials;
    private final Templates templates;
    private final Shell shell;

    public FarmRoutes(FarmService farms, FarmHistory history, ServerLifecycle lifecycle, FarmInventory inventory, RoleService roles,
            Clouds clouds, CredentialService credentials, Templates templates, Shell shell) {
        this.farms = farms;
        this.history = history;
        this.inventory = inventory;
        this.clouds = clouds;
        this.credentials = credentials;
        this.lifecycle = lifecycle;
        this.roles = roles;
        this.templates = templates;
        this.shell = shell;
    }

    public static String detailPath(Farm farm) {
        return farm.scope().path() + PATH + "/" + farm.id();
    }

    public static boolean isSandbox(String platform) {
        return Platform.SANDBOX.id().equals(platform);
    }

    /** A listed farm with where it runs and how many servers it has. */
    public record Row(Farm farm, String envLabel, int servers, String path) {
    }

    public record ListPage(Layout layout, ScopeRef scope, String scopeLabel, List<Row> rows, boolean canCreate) {
    }

    public record FormPage(Layout layout, ScopeRef scope, String scopeLabel, Form form) {
        public String action() {
            return scope.path() + PATH;
        }
    }

    /** The servers table: a partial that polls itself. */
    public record Servers(String path, FarmService.FarmDetail detail, Map<Long, String> aliases, boolean canOperate,
            String csrfToken) {
        public String alias(Server server) {
            return aliases.getOrDefault(server.farmRoleId(), "?");
        }
    }

    /**
     * The "add a farm role" form: on a real cloud ({@code bound}) it offers the scaling groups the cloud returned for
     * the chosen platform and location, or says why it could not list them; it reloads itself when those change.
     */
    public record FarmRoleForm(String action, String reloadPath, String csrfToken, Form form, List<Choice> roles,
            List<Choice> platforms, String platform, List<Choice> locations, String location, boolean bound,
            List<Choice> credentials, List<Choice> groups, String groupsProblem) {
        /** A new platform changes the locations and fields; a new location changes only a real cloud's groups. */
        public String reloadTrigger() {
            return bound ? "change from:#farm-role-platform, change from:#farm-role-location, change from:#farm-role-credentials"
                    : "change from:#farm-role-platform";
        }
    }

    public record DetailPage(Layout layout, String scopeLabel, FarmService.FarmDetail detail, boolean canOperate,
            Servers servers, Form editForm, FarmRoleForm farmRoleForm, Form actionForm, FarmInventory.FarmSync lastSync,
            FarmHistory.Day history, Form historyForm) {
        /** Whether a farm role is bound to a scaling group: only then is there an inventory to sync. */
        public boolean syncable() {
            return detail.farmRoles().stream().anyMatch(FarmRole::bound);
        }

        public Farm farm() {
            return detail.farm();
        }

        public String path() {
            return detailPath(detail.farm());
        }

        public String listPath() {
            return detail.farm().scope().path() + PATH;
        }
    }

    public void register(JavalinDefaultRoutingApi router) {
        new ScopedRoutes(router).get(PATH, this::list);
        String env = "/envs/{envId}";
        router.get(env + NEW, ctx -> form(ctx, environment(ctx), Form.EMPTY, 200));
        router.post(env + PATH, ctx -> {
            ScopeRef scope = environment(ctx);
            Form form = Form.of(ctx, FARM_FIELDS);
            try {
                Farm farm = farms.create(Auth.viewer(ctx), scope.id(), input(form));
                Flash.set(ctx, "Farm " + farm.name() + " created");
                Htmx.redirect(ctx, detailPath(farm));
            } catch (ValidationException | ConflictException refused) {
                form(ctx, scope, form.withError(refused), status(refused));
            }
        });
        String farm = env + PATH + "/{farmId}";
        router.get(farm, ctx -> detail(ctx, Form.EMPTY, Form.EMPTY, Form.EMPTY, 200));
        router.get(farm + "/servers", ctx -> {
            Farm shown = farm(ctx);
            ctx.header("Vary", "HX-Request");
            ctx.html(templates.render(SERVERS_TEMPLATE, servers(ctx, farms.detail(Auth.viewer(ctx), shown.id()))));
        });
        router.post(farm + "/edit", ctx -> {
            Form form = Form.of(ctx, FARM_FIELDS);
            change(ctx, form, Kind.EDIT, "Saved", () -> farms.update(Auth.viewer(ctx), farm(ctx).id(), input(form)));
        });
        router.post(farm + "/launch", ctx -> change(ctx, Form.EMPTY, Kind.ACTION, "Farm launched",
                () -> lifecycle.launch(Auth.viewer(ctx), farm(ctx).id())));
        router.post(farm + "/suspend", ctx -> change(ctx, Form.EMPTY, Kind.ACTION, "Farm suspended",
                () -> lifecycle.suspend(Auth.viewer(ctx), farm(ctx).id())));
        router.post(farm + "/resume", ctx -> change(ctx, Form.EMPTY, Kind.ACTION, "Farm resumed",
                () -> lifecycle.resume(Auth.viewer(ctx), farm(ctx).id())));
        router.post(farm + "/terminate", ctx -> change(ctx, Form.EMPTY, Kind.ACTION, "Farm terminated",
                () -> lifecycle.terminate(Auth.viewer(ctx), farm(ctx).id())));
        router.post(farm + "/sync", ctx -> change(ctx, Form.EMPTY, Kind.ACTION, "Inventory synced",
                () -> inventory.syncNow(Auth.viewer(ctx), farm(ctx).id())));
        router.post(farm + "/delete", ctx -> {
            Farm shown = farm(ctx);
            try {
                farms.delete(Auth.viewer(ctx), shown.id());
                Flash.set(ctx, "Farm " + shown.name() + " deleted");
                Htmx.redirect(ctx, shown.scope().path() + PATH);
            } catch (ValidationException | ConflictException refused) {
                detail(ctx, Form.EMPTY, Form.EMPTY, Form.EMPTY.withError(refused), status(refused));
            }
        });
        router.get(farm + "/farm-role-form", ctx -> {
            Farm shown = farm(ctx);
            farms.requireCreate(Auth.viewer(ctx), shown.envId());
            ctx.header("Vary", "HX-Request");
            ctx.html(templates.render(ADD_FARM_ROLE_TEMPLATE, farmRoleForm(ctx, shown,
                    new Form(Form.query(ctx, FARM_ROLE_FIELDS), Map.of()))));
        });
        router.post(farm + "/farm-roles", ctx -> {
            Form form = Form.of(ctx, FARM_ROLE_FIELDS);
            change(ctx, form, Kind.FARM_ROLE, "Farm role added", () -> farms.addFarmRole(Auth.viewer(ctx),
                    farm(ctx).id(), farmRoleInput(form)));
        });
        String farmRole = farm + "/farm-roles/{farmRoleId}";
        router.post(farmRole + "/resize", ctx -> {
            Form form = Form.of(ctx, SIZE_FIELDS);
            change(ctx, form, Kind.ACTION, "Farm role resized", () -> {
                ValidationException.Collector errors = new ValidationException.Collector();
                int min = number(errors, form, "minServers");
                int max = number(errors, form, "maxServers");
                errors.throwIfAny();
                return farms.resizeFarmRole(Auth.viewer(ctx), farmRole(ctx).id(), min, max);
            });
        });
        router.post(farmRole + "/sync-image", ctx -> change(ctx, Form.EMPTY, Kind.ACTION, "Image sync retried",
                () -> farms.retryImageSync(Auth.viewer(ctx), farmRole(ctx).id())));
        router.post(farmRole + "/remove", ctx -> change(ctx, Form.EMPTY, Kind.ACTION, "Farm role removed", () -> {
            farms.removeFarmRole(Auth.viewer(ctx), farmRole(ctx).id());
            return null;
        }));
        router.post(farm + "/servers/{serverId}/terminate", ctx -> change(ctx, Form.EMPTY, Kind.ACTION,
                "Server terminated", () -> lifecycle.terminateServer(Auth.viewer(ctx), server(ctx).id())));
    }

    private void list(Context ctx, ScopeRef scope) {
        Viewer viewer = Auth.viewer(ctx);
        List<Farm> found = farms.list(viewer, scope);
        Map<Long, Integer> counts = farms.activeServerCounts(viewer, scope);
        Map<ScopeRef, String> labels = shell.labels();
        List<Row> rows = found.stream().map(f -> new Row(f, labels.getOrDefault(f.scope(), "?"),
                counts.getOrDefault(f.id(), 0), detailPath(f))).toList();
        String label = shell.label(scope);
        boolean canCreate = scope.level() == ScopeLevel.ENVIRONMENT && farms.canOperate(viewer, scope);
        ctx.html(templates.render(LIST_TEMPLATE, new ListPage(shell.layout(ctx, "Farms · " + label, scope), scope,
                label, rows, canCreate)));
    }

    private void form(Context ctx, ScopeRef scope, Form form, int status) {
        farms.requireCreate(Auth.viewer(ctx), scope.id());
        String label = shell.label(scope);
        ctx.status(status).html(templates.render(NEW_TEMPLATE, new FormPage(
                shell.layout(ctx, "New farm · " + label, scope), scope, label, form)));
    }

    private enum Kind { EDIT, FARM_ROLE, ACTION }

    /** Runs one change of the detail page; a refusal re-renders the page with the messages at the form of {@code kind}. */
    private void change(Context ctx, Form form, Kind kind, String notice, Supplier<?> action) {
        Farm shown = farm(ctx);
        try {
            action.get();
            Flash.set(ctx, notice);
            Htmx.redirect(ctx, detailPath(shown));
        } catch (ValidationException | ConflictException refused) {
            Form failed = form.withError(refused);
            detail(ctx, kind == Kind.EDIT ? failed : Form.EMPTY, kind == Kind.FARM_ROLE ? failed : Form.EMPTY,
                    kind == Kind.ACTION ? failed : Form.EMPTY, status(refused));
        }
    }

    private void detail(Context ctx, Form editForm, Form farmRoleForm, Form actionForm, int status) {
        Viewer viewer = Auth.viewer(ctx);
        Farm shown = farm(ctx);
        FarmService.FarmDetail detail = farms.detail(viewer, shown.id());
        boolean canOperate = farms.canOperate(viewer, shown);
        Farm farm = detail.farm();
        Form edit = editForm.values().isEmpty() ? new Form(Map.of("name", farm.name(), "description", farm.description(),
                "owner", farm.ownerEmail() == null ? "" : farm.ownerEmail()), editForm.errors()) : editForm;
        String label = shell.label(farm.scope());
        Layout layout = shell.layout(ctx, farm.name() + " · Farms · " + label, farm.scope());
        String asked = ctx.queryParam(HISTORY_DATE);
        LocalDate day = history.today();
        Form historyForm = new Form(Map.of(HISTORY_DATE, asked == null ? day.toString() : asked), Map.of());
        if (asked != null && !asked.isBlank()) {
            try {
                day = LocalDate.parse(asked.strip());
            } catch (DateTimeParseException e) {
                historyForm = historyForm.withErrors(Map.of(HISTORY_DATE, "Enter a date as YYYY-MM-DD"));
                status = 422;
            }
        }
        ctx.status(status).html(templates.render(DETAIL_TEMPLATE, new DetailPage(layout, label, detail, canOperate,
                servers(ctx, detail), edit, canOperate ? farmRoleForm(ctx, farm, farmRoleForm) : null, actionForm,
                inventory.last(viewer, farm.id()).orElse(null), history.imagesOn(viewer, farm.id(), day),
                historyForm)));
    }

    /**
     * The add-farm-role form for {@code submitted} (defaults when empty). For a real cloud it asks the cloud for the
     * location's scaling groups: no transaction is open here, and a refusal is shown in the form, not as an error.
     */
    private FarmRoleForm farmRoleForm(Context ctx, Farm farm, Form submitted) {
        Viewer viewer = Auth.viewer(ctx);
        Form form = submitted.values().isEmpty()
                ? new Form(Map.of("platform", Platform.SANDBOX.id(), "minServers", "1", "maxServers", "2"), submitted.errors())
                : submitted;
        Platform platform = Platform.find(form.value("platform")).filter(p -> clouds.find(p).isPresent())
                .orElse(Platform.SANDBOX);
        CloudModule module = clouds.module(platform);
        List<Choice> locations = module.regions().stream().map(r -> new Choice(r, r)).toList();
        String location = module.hasRegion(form.value("cloudLocation")) ? form.value("cloudLocation")
                : module.regions().get(0);
        List<Choice> groups = List.of();
        List<Choice> credentialChoices = List.of();
        String problem = null;
        if (module.needsCredentials()) {
            credentialChoices = credentials.usableIn(farm.scope(), platform).stream()
                    .map(c -> new Choice(String.valueOf(c.id()), c.name() + " (" + c.definedAt().level().name().toLowerCase()
                            + ")")).toList();
            try {
                groups = farms.scalingGroups(viewer, farm.envId(), platform, location, credentialsId(form))
                        .stream().map(g -> new Choice(g.id(), g.name().equals(g.id()) ? g.id() : g.name() + " (" + g.id() + ")"))
                        .toList();
            } catch (ProviderException | ConflictException | ValidationException refused) {
                problem = "Could not list the scaling groups of " + location + ": " + refused.getMessage();
            }
        }
        List<Choice> roleChoices = roles.list(viewer, farm.scope(), RoleFilter.of(null, null, "false")).stream()
                .map(r -> new Choice(String.valueOf(r.id()), r.name())).toList();
        List<Choice> platforms = clouds.platforms().stream().map(p -> new Choice(p.id(), p.label())).toList();
        return new FarmRoleForm(detailPath(farm) + "/farm-roles", detailPath(farm) + "/farm-role-form",
                Auth.session(ctx).map(s -> s.csrfToken()).orElse(""), form, roleChoices, platforms, platform.id(),
                locations, location, module.needsCredentials(), credentialChoices, groups, problem);
    }

    /** The optional credentials id of the form; null when blank or not a number (the service then picks). */
    private static Long credentialsId(Form form) {
        try {
            return form.value("cloudCredentialsId").isBlank() ? null : Long.parseLong(form.value("cloudCredentialsId").strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Servers servers(Context ctx, FarmService.FarmDetail detail) {
        Map<Long, String> aliases = new HashMap<>();
        detail.farmRoles().forEach(fr -> aliases.put(fr.id(), fr.alias()));
        return new Servers(detailPath(detail.farm()) + "/servers", detail, aliases,
                farms.canOperate(Auth.viewer(ctx), detail.farm()), Auth.session(ctx).map(s -> s.csrfToken()).orElse(""));
    }

    /** The environment of the URL; farms only live in environments. */
    private static ScopeRef environment(Context ctx) {
        return ScopeRef.environment(ScopedRoutes.id(ctx, "envId"));
    }

    /** The farm of the URL, which must belong to the environment of the URL. */
    private Farm farm(Context ctx) {
        long farmId = ScopedRoutes.id(ctx, "farmId");
        Farm farm = farms.get(Auth.viewer(ctx), farmId);
        if (farm.envId() != environment(ctx).id()) {
            throw new NotFoundException("Farm " + farmId);
        }
        return farm;
    }

    private FarmRole farmRole(Context ctx) {
        long farmRoleId = ScopedRoutes.id(ctx, "farmRoleId");
        FarmRole farmRole = farms.farmRole(Auth.viewer(ctx), farmRoleId);
        if (farmRole.farmId() != farm(ctx).id()) {
            throw new NotFoundException("Farm role " + farmRoleId);
        }
        return farmRole;
    }

    private Server server(Context ctx) {
        long serverId = ScopedRoutes.id(ctx, "serverId");
        Server server = farms.server(Auth.viewer(ctx), serverId);
        if (server.farmId() != farm(ctx).id()) {
            throw new NotFoundException("Server " + serverId);
        }
        return server;
    }

    private static FarmService.FarmInput input(Form form) {
        return new FarmService.FarmInput(form.value("name"), form.value("description"), form.value("owner"));
    }

    private static FarmService.FarmRoleInput farmRoleInput(Form form) {
        ValidationException.Collector errors = new ValidationException.Collector();
        long roleId = 0;
        try {
            roleId = Long.parseLong(form.value("roleId").strip());
        } catch (NumberFormatException e) {
            errors.add("roleId", "Choose a role");
        }
        boolean sandbox = isSandbox(form.value("platform"));
        int min = sandbox ? number(errors, form, "minServers") : 0;
        int max = sandbox ? number(errors, form, "maxServers") : 0;
        Long credentialsId = null;
        if (!form.value("cloudCredentialsId").isBlank()) {
            try {
                credentialsId = Long.parseLong(form.value("cloudCredentialsId").strip());
            } catch (NumberFormatException e) {
                errors.add("cloudCredentialsId", "Enter the number of stored cloud credentials, or leave it blank");
            }
        }
        errors.throwIfAny();
        return new FarmService.FarmRoleInput(roleId, form.value("platform"), form.value("cloudLocation"), min, max,
                form.value("alias"), sandbox ? null : form.value("scalingGroupId"), credentialsId);
    }

    private static int number(ValidationException.Collector errors, Form form, String field) {
        try {
            return Integer.parseInt(form.value(field).strip());
        } catch (NumberFormatException e) {
            errors.add(field, "Enter a whole number");
            return 0;
        }
    }

    private static int status(RuntimeException refused) {
        return refused instanceof ValidationException ? 422 : 409;
    }
}
