package imagehub.image;

import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.audit.AuditRecord;
import imagehub.audit.AuditReader;
import imagehub.catalog.Architecture;
import imagehub.catalog.OperatingSystem;
import imagehub.catalog.Platform;
import imagehub.catalog.SandboxImage;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.credentials.CredentialService;
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
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The image pages of every scope: list, register, detail with its actions, and the naming policy. */
public final class ImageRoutes {
    public static final String PATH = "/images";
    public static final NavEntry NAV = NavEntry.readers("Images", PATH);
    static final String TABLE_TEMPLATE = "image/table.jte";
    static final String LIST_TEMPLATE = "image/list.jte";
    static final String NEW_TEMPLATE = "image/new.jte";
    static final String DETAIL_TEMPLATE = "image/detail.jte";
    static final String POLICY_TEMPLATE = "image/policy.jte";
    static final String IMPORT_TEMPLATE = "image/import.jte";
    static final String CLOUD_STATE_TEMPLATE = "image/cloudstate.jte";
    public static final String NEW = PATH + "/new";
    public static final String NAMING_POLICY = PATH + "/naming-policy";
    public static final String IMPORT = PATH + "/import";
    public static final String TABLE_ID = "image-table";
    public static final int PAGE_SIZE = 25;

    static final List<String> FILTERS = List.of("platform", "location", "os", "architecture", "deprecated", "q");
    static final List<String> REGISTER_FIELDS = List.of("platform", "cloudLocation", "cloudImageId", "name", "description",
            "osId", "architecture", "agentInstalled", "sizeGb", "cloudCredentials");
    static final List<String> IMPORT_FIELDS = List.of("platform", "cloudLocation", "cloudCredentials");

    private final ImageService images;
    private final ImageNaming naming;
    private final ImageDeprecations deprecations;
    private final AuditReader audit;
    private final Templates templates;
    private final Shell shell;
    private final CredentialService credentials;

    public ImageRoutes(ImageService images, ImageNaming naming, ImageDeprecations deprecations, AuditReader audit,
            Templates templates, Shell shell, CredentialService credentials) {
        this.images = images;
        this.credentials = credentials;
        this.naming = naming;
        this.deprecations = deprecations;
        this.audit = audit;
        this.templates = templates;
        this.shell = shell;
    }

    public static String detailPath(ScopeRef scope, String imageId) {
        return scope.path() + PATH + "/" + imageId;
    }

    /** A listed image with the scope it comes from. */
    public record Row(Image image, String fromScope, String path) {
    }

    /**
     * The swappable table: rows, pager and sort links that keep the filters. {@code registerPath} is where its empty
     * state sends a viewer who may register images here (null for one who may not).
     */
    public record Table(String path, List<Row> rows, ImageList list, ImageFilter filter, String query,
            String registerPath) {
        public String sortLink(ImageSort sort) {
            boolean descending = filter.sort() == sort && !filter.descending();
            return link("sort=" + sort.id() + "&dir=" + (descending ? "desc" : "asc"));
        }

        public String sortMark(ImageSort sort) {
            return filter.sort() != sort ? "" : filter.descending() ? " ↓" : " ↑";
        }

        public String pageLink(int pageNum) {
            return link("sort=" + filter.sort().id() + "&dir=" + (filter.descending() ? "desc" : "asc") + "&page=" + pageNum);
        }

        private String link(String extra) {
            return path + "?" + query + (query.isEmpty() ? "" : "&") + extra;
        }
    }

    public record ListPage(Layout layout, ScopeRef scope, String scopeLabel, Form filters, Table table,
            boolean canRegister, boolean canSetPolicy, Choices choices,
            List<ImageCloud.Deregistration> deregistrations) {
        /** Importing needs a scope that holds cloud credentials (or the sandbox's none): not Global. */
        public boolean canImport() {
            return canRegister && scope.level() != ScopeLevel.GLOBAL;
        }
    }

    /** The options of the select fields, from the reference data. */
    public record Choices(List<Choice> platforms, List<Choice> locations, List<Choice> operatingSystems,
            List<Choice> architectures) {
    }

    public record RegisterPage(Layout layout, ScopeRef scope, String scopeLabel, Form form, Choices choices,
            NamingPolicy policy, List<SandboxImage> sandboxImages, List<Choice> cloudCredentials) {
    }

    public record DetailPage(Layout layout, ScopeRef scope, String scopeLabel, Image image, String fromScope,
            String osName, Image replacement, ImageService.UsageReport usage, List<AuditRecord> history,
            boolean canManage, String promoteTo, List<Choice> replacements, Form editForm, Form deprecateForm,
            Form actionForm, Image copiedFrom, List<Choice> copyRegions, Form copyForm) {
        public String path() {
            return detailPath(scope, image.id());
        }

        public CloudStateBadge cloudState() {
            return new CloudStateBadge(image, path());
        }

        public String listPath() {
            return scope.path() + PATH;
        }
    }

    /** The image's cloud state, polled by htmx from {@code path}/cloud-state while the cloud is still making it. */
    public record CloudStateBadge(Image image, String path) {
        public boolean polling() {
            return image.cloud().state() == CloudState.PENDING;
        }
    }

    /** One image of the import list, with what the form holds for it and its errors. */
    public record ImportRow(ImageService.Importable importable, boolean picked, String name, String osId,
            String nameError, String osError, String rowError) {
        public String cloudImageId() {
            return importable.image().cloudImageId();
        }
    }

    public record ImportPage(Layout layout, ScopeRef scope, String scopeLabel, Form form, Choices choices,
            ImageService.ImportList list, List<ImportRow> rows, List<Choice> operatingSystems,
            List<Choice> cloudCredentials) {
        public String path() {
            return scope.path() + IMPORT;
        }
    }

    public record PolicyPage(Layout layout, ScopeRef scope, String scopeLabel, NamingPolicy policy, boolean settable,
            Form form) {
    }

    public void register(JavalinDefaultRoutingApi router) {
        ScopedRoutes scoped = new ScopedRoutes(router);
        scoped.get(PATH, this::list);
        scoped.get(NEW, (ctx, scope) -> registerForm(ctx, scope, new Form(Map.of("platform", "sandbox",
                "cloudLocation", "sandbox-east-1", "agentInstalled", "on"), Map.of()), 200));
        scoped.get(IMPORT, this::importPage);
        scoped.post(IMPORT, this::importImages);
        scoped.post(PATH, this::registerImage);
        scoped.get(NAMING_POLICY, (ctx, scope) -> policy(ctx, scope, Form.EMPTY, 200));
        scoped.post(NAMING_POLICY, (ctx, scope) -> {
            Form form = Form.of(ctx, List.of("pattern"));
            try {
                NamingPolicy policy = naming.setNamingPolicy(Auth.viewer(ctx), scope, form.value("pattern"));
                Flash.set(ctx, "Image names now follow " + policy.pattern());
                ctx.redirect(scope.path() + NAMING_POLICY, HttpStatus.SEE_OTHER);
            } catch (RuntimeException refused) {
                policy(ctx, scope, form.withError(refused), 422);
            }
        });
        scoped.get(PATH + "/{imageId}", (ctx, scope) -> detail(ctx, scope, Details.NONE, 200));
        scoped.post(PATH + "/{imageId}/edit", (ctx, scope) -> {
            Form form = Form.of(ctx, List.of("name", "description"));
            change(ctx, scope, form, "edit", "Saved", () -> images.edit(Auth.viewer(ctx), scope, imageId(ctx),
                    new ImageService.ImageEdit(form.value("name"), form.value("description"))));
        });
        scoped.post(PATH + "/{imageId}/deprecate", (ctx, scope) -> {
            Form form = Form.of(ctx, List.of("reason", "replacementImageId", "effectiveAt"));
            change(ctx, scope, form, "deprecate", "Deprecation recorded", () -> deprecations.deprecate(Auth.viewer(ctx),
                    scope, imageId(ctx), new ImageDeprecations.Deprecation(form.value("reason"),
                            form.value("replacementImageId"), utc(form.value("effectiveAt")))));
        });
        scoped.post(PATH + "/{imageId}/undeprecate", (ctx, scope) -> change(ctx, scope, Form.EMPTY, "action",
                "The image is active again", () -> deprecations.undeprecate(Auth.viewer(ctx), scope, imageId(ctx))));
        scoped.post(PATH + "/{imageId}/promote", (ctx, scope) -> change(ctx, scope, Form.EMPTY, "action",
                "Promoted", () -> images.promote(Auth.viewer(ctx), scope, imageId(ctx))));
        scoped.get(PATH + "/{imageId}/cloud-state", (ctx, scope) -> ctx.html(templates.render(CLOUD_STATE_TEMPLATE,
                new CloudStateBadge(images.get(Auth.viewer(ctx), scope, imageId(ctx)), detailPath(scope, imageId(ctx))))));
        scoped.post(PATH + "/{imageId}/copy", (ctx, scope) -> {
            Form form = Form.of(ctx, List.of("cloudLocation"));
            try {
                Image copy = images.copy(Auth.viewer(ctx), scope, imageId(ctx), form.value("cloudLocation"));
                Flash.set(ctx, "Copying " + copy.name() + " into " + copy.cloudLocation() + ": " + copy.cloudImageId()
                        + " is " + copy.cloud().state().id());
                Htmx.redirect(ctx, detailPath(scope, copy.id()));
            } catch (ValidationException | ConflictException refused) {
                detail(ctx, scope, new Details(Form.EMPTY, Form.EMPTY, Form.EMPTY, form.withError(refused)),
                        refused instanceof ValidationException ? 422 : 409);
            }
        });
        scoped.post(PATH + "/{imageId}/delete", (ctx, scope) -> {
            try {
                Optional<ImageCloud.Deregistration> deregistration = images.delete(Auth.viewer(ctx), scope,
                        imageId(ctx), ctx.formParam("deregister") != null);
                Flash.set(ctx, deregistration.map(ImageRoutes::deletedNotice).orElse("Image deleted"));
                Htmx.redirect(ctx, scope.path() + PATH);
            } catch (ValidationException | ConflictException refused) {
                detail(ctx, scope, new Details(Form.EMPTY, Form.EMPTY, Form.EMPTY.withError(refused), Form.EMPTY), 409);
            }
        });
    }

    private static String deletedNotice(ImageCloud.Deregistration deregistration) {
        return deregistration.done() ? "Image deleted. " + deregistration.message()
                : "Image deleted from Imagehub, but deregistering " + deregistration.cloudImageId() + " in the cloud "
                + (deregistration.failed() ? "failed: " : "failed for now (Imagehub retries): ") + deregistration.message();
    }

    private void list(Context ctx, ScopeRef scope) {
        Viewer viewer = Auth.viewer(ctx);
        Map<String, String> values = Form.query(ctx, FILTERS);
        ImageFilter filter = ImageFilter.of(values.get("platform"), values.get("location"), values.get("os"),
                values.get("architecture"), values.get("deprecated"), values.get("q"), ctx.queryParam("sort"),
                ctx.queryParam("dir"));
        int pageNum = Math.max(1, ctx.queryParamAsClass("page", Integer.class).getOrDefault(1));
        ImageList list = images.list(viewer, scope, filter, pageNum, PAGE_SIZE);
        Map<ScopeRef, String> labels = shell.labels();
        List<Row> rows = list.images().stream()
                .map(i -> new Row(i, labels.getOrDefault(i.scope(), "?"), detailPath(scope, i.id()))).toList();
        String query = values.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        boolean canRegister = images.canManage(viewer, scope);
        Table table = new Table(scope.path() + PATH, rows, list, filter, query,
                canRegister ? scope.path() + NEW : null);
        ctx.header("Vary", "HX-Request");
        if (Htmx.isHtmx(ctx)) {
            ctx.html(templates.render(TABLE_TEMPLATE, table));
            return;
        }
        String label = shell.label(scope);
        ctx.html(templates.render(LIST_TEMPLATE, new ListPage(shell.layout(ctx, "Images · " + label, scope), scope,
                label, new Form(values, Map.of()), table, canRegister,
                naming.canSetNamingPolicy(viewer, scope), choices(), images.unfinishedDeregistrations(viewer, scope))));
    }

    private void registerForm(Context ctx, ScopeRef scope, Form form, int status) {
        Viewer viewer = Auth.viewer(ctx);
        NamingPolicy policy = naming.namingPolicy(viewer, scope);
        String label = shell.label(scope);
        ctx.status(status).html(templates.render(NEW_TEMPLATE, new RegisterPage(
                shell.layout(ctx, "Register an image · " + label, scope), scope, label, form, choices(), policy,
                SandboxImage.BASE_IMAGES, credentialChoices(viewer, scope))));
    }

    private void registerImage(Context ctx, ScopeRef scope) {
        Form form = Form.of(ctx, REGISTER_FIELDS);
        Integer size;
        try {
            size = form.value("sizeGb").isBlank() ? null : Integer.valueOf(form.value("sizeGb").strip());
        } catch (NumberFormatException e) {
            registerForm(ctx, scope, form.withErrors(Map.of("sizeGb", "Size is a whole number of GB")), 422);
            return;
        }
        try {
            Image image = images.register(Auth.viewer(ctx), scope, new ImageService.NewImage(form.value("platform"),
                    form.value("cloudLocation"), form.value("cloudImageId").strip(), form.value("name"),
                    form.value("description"), form.value("osId"), form.value("architecture"),
                    !form.value("agentInstalled").isEmpty(), size, credentialsId(form)));
            Flash.set(ctx, "Image " + image.name() + " registered");
            Htmx.redirect(ctx, detailPath(scope, image.id()));
        } catch (ValidationException | ConflictException refused) {
            registerForm(ctx, scope, form.withError(refused), 422);
        }
    }

    /** Runs one change of the detail page; a refusal re-renders the page with the messages at {@code formKind}. */
    private void change(Context ctx, ScopeRef scope, Form form, String formKind, String notice, Runnable action) {
        try {
            action.run();
            Flash.set(ctx, notice);
            Htmx.redirect(ctx, detailPath(scope, imageId(ctx)));
        } catch (ValidationException | ConflictException refused) {
            Form failed = form.withError(refused);
            detail(ctx, scope, new Details(formKind.equals("edit") ? failed : Form.EMPTY,
                    formKind.equals("deprecate") ? failed : Form.EMPTY, formKind.equals("action") ? failed : Form.EMPTY,
                    Form.EMPTY), refused instanceof ValidationException ? 422 : 409);
        }
    }

    /** The forms of the detail page as submitted, with their errors; empty ones show the image's values. */
    private record Details(Form editForm, Form deprecateForm, Form actionForm, Form copyForm) {
        static final Details NONE = new Details(Form.EMPTY, Form.EMPTY, Form.EMPTY, Form.EMPTY);
    }

    private void detail(Context ctx, ScopeRef scope, Details forms, int status) {
        Form editForm = forms.editForm();
        Viewer viewer = Auth.viewer(ctx);
        ImageService.UsageReport usage = images.usage(viewer, scope, imageId(ctx));
        Image image = usage.image();
        boolean canManage = images.canManage(viewer, image.scope());
        List<AuditRecord> history = canManage ? audit.list(viewer, image.scope(), new AuditReader.Filter(
                Optional.empty(), Optional.of(image.id()), Optional.of("image."), Optional.empty(), Optional.empty()),
                1, 50).entries() : List.of();
        String promoteTo = images.promotionTarget(viewer, image).map(shell::label).orElse(null);
        List<Choice> replacements = canManage && !image.deprecated() ? replacementChoices(viewer, image) : List.of();
        Image replacement = image.replacementImageId() == null ? null : visibleOrNull(viewer, scope, image.replacementImageId());
        Form edit = editForm.values().isEmpty()
                ? new Form(Map.of("name", image.name(), "description", image.description()), editForm.errors()) : editForm;
        Image copiedFrom = image.cloud().copiedFromImageId() == null ? null
                : visibleOrNull(viewer, scope, image.cloud().copiedFromImageId());
        List<Choice> copyRegions = canManage ? images.regions(image.platform()).stream()
                .filter(region -> !region.equals(image.cloudLocation())).map(region -> new Choice(region, region))
                .toList() : List.of();
        String label = shell.label(scope);
        ctx.status(status).html(templates.render(DETAIL_TEMPLATE, new DetailPage(
                shell.layout(ctx, image.name() + " · Images · " + label, scope), scope, label, image,
                shell.label(image.scope()), OperatingSystem.find(image.osId()).map(OperatingSystem::name).orElse(image.osId()),
                replacement, usage, history, canManage, promoteTo, replacements, edit, forms.deprecateForm(),
                forms.actionForm(), copiedFrom, copyRegions, forms.copyForm())));
    }

    /**
     * The import page: choose platform, region (and credentials where the scope holds several); once chosen, the
     * account's images there that no visible scope registered yet, with a name and OS per row.
     */
    private void importPage(Context ctx, ScopeRef scope) {
        Map<String, String> query = Form.query(ctx, IMPORT_FIELDS);
        Form form = new Form(query.isEmpty() ? Map.of("platform", "sandbox", "cloudLocation", "sandbox-east-1") : query,
                Map.of());
        renderImport(ctx, scope, form, Set.of(), Map.of(), Map.of(), 200);
    }

    private void importImages(Context ctx, ScopeRef scope) {
        Form form = Form.of(ctx, IMPORT_FIELDS);
        Set<String> picked = new LinkedHashSet<>(ctx.formParams("pick"));
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> systems = new LinkedHashMap<>();
        for (String key : ctx.formParamMap().keySet()) {
            if (key.startsWith("name.")) {
                names.put(key.substring(5), ctx.formParam(key));
            } else if (key.startsWith("osId.")) {
                systems.put(key.substring(5), ctx.formParam(key));
            }
        }
        try {
            List<Image> imported = images.importImages(Auth.viewer(ctx), scope, form.value("platform"),
                    form.value("cloudLocation"), credentialsId(form), picked.stream()
                            .map(id -> new ImageService.ImportChoice(id, names.get(id), systems.get(id))).toList());
            Flash.set(ctx, imported.size() + (imported.size() == 1 ? " image" : " images") + " imported: "
                    + imported.stream().map(Image::name).collect(Collectors.joining(", ")));
            Htmx.redirect(ctx, scope.path() + PATH);
        } catch (ValidationException | ConflictException refused) {
            renderImport(ctx, scope, form.withError(refused), picked, names, systems, 422);
        }
    }

    private void renderImport(Context ctx, ScopeRef scope, Form form, Set<String> picked, Map<String, String> names,
            Map<String, String> systems, int status) {
        Viewer viewer = Auth.viewer(ctx);
        images.requireManage(viewer, scope);
        ImageService.ImportList list = null;
        Form shown = form;
        if (!form.value("platform").isBlank() && !form.value("cloudLocation").isBlank()) {
            try {
                list = images.importable(viewer, scope, form.value("platform"), form.value("cloudLocation"),
                        credentialsId(form));
            } catch (ValidationException | ConflictException refused) {
                Map<String, String> errors = new LinkedHashMap<>(form.errors());
                errors.putAll(Form.EMPTY.withError(refused).errors());
                shown = form.withErrors(errors);
            }
        }
        List<ImportRow> rows = new ArrayList<>();
        if (list != null) {
            for (ImageService.Importable importable : list.images()) {
                String id = importable.image().cloudImageId();
                rows.add(new ImportRow(importable, picked.contains(id), names.getOrDefault(id, importable.suggestedName()),
                        systems.getOrDefault(id, importable.guessedOsId()), form.error("name:" + id),
                        form.error("osId:" + id), firstError(form, "cloudImageId:" + id, "architecture:" + id)));
            }
        }
        // Row errors of images the list no longer shows (gone from the cloud, registered meanwhile) go on top.
        Set<String> listed = rows.stream().map(ImportRow::cloudImageId).collect(Collectors.toSet());
        String unlisted = shown.errors().entrySet().stream()
                .filter(e -> e.getKey().contains(":") && !listed.contains(e.getKey().substring(e.getKey().indexOf(':') + 1)))
                .map(Map.Entry::getValue).collect(Collectors.joining(" "));
        if (!unlisted.isEmpty()) {
            Map<String, String> errors = new LinkedHashMap<>(shown.errors());
            errors.merge("", unlisted, (a, b) -> a + " " + b);
            shown = shown.withErrors(errors);
        }
        String label = shell.label(scope);
        List<Choice> systemChoices = choices().operatingSystems();
        ctx.status(status).html(templates.render(IMPORT_TEMPLATE, new ImportPage(
                shell.layout(ctx, "Import images from the cloud · " + label, scope), scope, label, shown, choices(),
                list, rows, systemChoices, credentialChoices(viewer, scope))));
    }

    private static String firstError(Form form, String... keys) {
        return Stream.of(keys).map(form::error).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** The stored credentials the scope may use, for its managers to pick from where it holds several. */
    private List<Choice> credentialChoices(Viewer viewer, ScopeRef scope) {
        if (scope.level() == ScopeLevel.GLOBAL || !images.canManage(viewer, scope)) {
            return List.of();
        }
        return CredentialService.PLATFORMS.stream().flatMap(platform -> credentials.usableIn(scope, platform).stream())
                .map(c -> new Choice(String.valueOf(c.id()), c.name() + " · " + c.platform().id() + " · "
                        + shell.label(c.definedAt())))
                .toList();
    }

    /** The {@code cloudCredentials} field: the id of stored credentials, blank for the scope's only ones. */
    private static Long credentialsId(Form form) {
        String value = form.value("cloudCredentials").strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException e) {
            throw ValidationException.of("cloudCredentials", "Choose stored cloud credentials");
        }
    }

    /** Images that may replace {@code image}: the alternatives visible from its own scope. */
    private List<Choice> replacementChoices(Viewer viewer, Image image) {
        return images.alternatives(viewer, image.scope(), image).stream()
                .map(i -> new Choice(i.id(), i.name() + " · " + i.cloudImageId() + " · " + i.osId())).toList();
    }

    private Image visibleOrNull(Viewer viewer, ScopeRef scope, String imageId) {
        try {
            return images.get(viewer, scope, imageId);
        } catch (NotFoundException gone) {
            return null;
        }
    }

    private void policy(Context ctx, ScopeRef scope, Form form, int status) {
        Viewer viewer = Auth.viewer(ctx);
        NamingPolicy policy = naming.namingPolicy(viewer, scope);
        boolean settable = naming.canSetNamingPolicy(viewer, scope);
        Form shown = form.values().isEmpty() && scope.equals(policy.definedAt())
                ? new Form(Map.of("pattern", policy.pattern()), form.errors()) : form;
        String label = shell.label(scope);
        ctx.status(status).html(templates.render(POLICY_TEMPLATE, new PolicyPage(
                shell.layout(ctx, "Image naming policy · " + label, scope), scope, label, policy, settable, shown)));
    }

    private Choices choices() {
        List<Choice> platforms = Stream.of(Platform.values()).map(p -> new Choice(p.id(), p.label())).toList();
        Map<String, Set<String>> platformsByRegion = new LinkedHashMap<>();
        for (Platform platform : List.of(Platform.SANDBOX, Platform.EC2, Platform.ALIYUN)) {
            for (String region : images.regions(platform)) {
                platformsByRegion.computeIfAbsent(region, r -> new LinkedHashSet<>()).add(platform.id());
            }
        }
        List<Choice> locations = new ArrayList<>();
        platformsByRegion.forEach((region, ids) -> locations.add(new Choice(region, region + " · " + String.join(", ", ids))));
        List<Choice> systems = OperatingSystem.CATALOG.stream().map(os -> new Choice(os.id(), os.name())).toList();
        List<Choice> architectures = Stream.of(Architecture.values()).map(a -> new Choice(a.id(), a.id())).toList();
        return new Choices(platforms, locations, systems, architectures);
    }

    private static String imageId(Context ctx) {
        return ctx.pathParam("imageId");
    }

    /** A {@code datetime-local} value read as UTC; blank means "now". */
    private static Instant utc(String value) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ValidationException.of("effectiveAt", "A date and time looks like 2026-12-01T09:00 (UTC)");
        }
    }
}
