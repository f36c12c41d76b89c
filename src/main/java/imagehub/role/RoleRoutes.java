package imagehub.role;

import imagehub.access.Viewer;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.image.Image;
import imagehub.image.ImageRoutes;
import imagehub.core.ScopeRef;
import imagehub.usage.HiddenUses;
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
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The role pages of every scope: list, create, and the detail page with its image and lifecycle actions. */
public final class RoleRoutes {
    public static final String PATH = "/roles";
    public static final NavEntry NAV = NavEntry.readers("Roles", PATH);
    static final String TABLE_TEMPLATE = "role/table.jte";
    static final String LIST_TEMPLATE = "role/list.jte";
    static final String NEW_TEMPLATE = "role/new.jte";
    static final String DETAIL_TEMPLATE = "role/detail.jte";
    public static final String NEW = PATH + "/new";
    public static final String TABLE_ID = "role-table";
    static final List<String> FILTERS = List.of("q", "os", "deprecated");
    static final List<String> ROLE_FIELDS = List.of("name", "osFamily", "category", "description");

    private final RoleService roles;
    private final RoleImages roleImages;
    private final RolePromotion promotion;
    private final Templates templates;
    private final Shell shell;

    public RoleRoutes(RoleService roles, RoleImages roleImages, RolePromotion promotion, Templates templates,
            Shell shell) {
        this.roles = roles;
        this.roleImages = roleImages;
        this.promotion = promotion;
        this.templates = templates;
        this.shell = shell;
    }

    public static String detailPath(ScopeRef scope, long roleId) {
        return scope.path() + PATH + "/" + roleId;
    }

    public static final List<Choice> OS_CHOICES = RoleService.OS_FAMILIES.stream().map(f -> new Choice(f, f)).toList();

    /** A listed role with the scope it comes from. */
    public record Row(Role role, String fromScope, String path) {
    }

    /** The swappable table; its empty state offers {@code createPath} to a viewer who may create roles here (else null). */
    public record Table(List<Row> rows, boolean filtered, String path, String createPath) {
    }

    public record ListPage(Layout layout, ScopeRef scope, String scopeLabel, Form filters, Table table, boolean canCreate) {
        public String path() {
            return scope.path() + PATH;
        }
    }

    public record FormPage(Layout layout, ScopeRef scope, String scopeLabel, Form form) {
    }

    /** One role image as the role's page lists it, with the images it may be switched to (same platform and location). */
    public record RoleImageLine(Image image, String fromScope, List<Choice> switchTo) {
    }

    public record DetailPage(Layout layout, ScopeRef scope, String scopeLabel, Role role, String fromScope,
            List<RoleImageLine> images, List<RoleUsage.Use> uses, HiddenUses hiddenUses, String replacementName, boolean canManage,
            String promoteTo, List<Choice> addable, List<Choice> replacementRoles, List<Choice> cloneTargets,
            Form editForm, Form imageForm, Form lifecycleForm) {
        public String path() {
            return detailPath(scope, role.id());
        }

        public String listPath() {
            return scope.path() + PATH;
        }

        public String imagePath(Image image) {
            return ImageRoutes.detailPath(scope, image.id());
        }
    }

    public void register(JavalinDefaultRoutingApi router) {
        ScopedRoutes scoped = new ScopedRoutes(router);
        scoped.get(PATH, this::list);
        scoped.get(NEW, (ctx, scope) -> form(ctx, scope, new Form(Map.of("osFamily", "ubuntu"), Map.of()), 200));
        scoped.post(PATH, (ctx, scope) -> {
            Form form = Form.of(ctx, ROLE_FIELDS);
            try {
                Role role = roles.create(Auth.viewer(ctx), scope, input(form));
                Flash.set(ctx, "Role " + role.name() + " created");
                Htmx.redirect(ctx, detailPath(scope, role.id()));
            } catch (ValidationException | ConflictException refused) {
                form(ctx, scope, form.withError(refused), 422);
            }
        });
        String role = PATH + "/{roleId}";
        scoped.get(role, (ctx, scope) -> detail(ctx, scope, Form.EMPTY, Form.EMPTY, Form.EMPTY, 200));
        scoped.post(role + "/edit", (ctx, scope) -> {
            Form form = Form.of(ctx, ROLE_FIELDS);
            change(ctx, scope, form, Kind.EDIT, "Saved", () -> roles.edit(Auth.viewer(ctx), scope, roleId(ctx), input(form)));
        });
        scoped.post(role + "/images", (ctx, scope) -> {
            Form form = Form.of(ctx, List.of("imageId"));
            change(ctx, scope, form, Kind.IMAGE, "Image added",
                    () -> roleImages.addImage(Auth.viewer(ctx), scope, roleId(ctx), form.value("imageId")));
        });
        scoped.post(role + "/images/{imageId}/replace", (ctx, scope) -> {
            Form form = Form.of(ctx, List.of("imageId"));
            change(ctx, scope, form, Kind.IMAGE, "Image replaced", () -> roleImages.replaceImage(Auth.viewer(ctx), scope,
                    roleId(ctx), ctx.pathParam("imageId"), form.value("imageId")));
        });
        scoped.post(role + "/images/{imageId}/remove", (ctx, scope) -> change(ctx, scope, Form.EMPTY, Kind.IMAGE,
                "Image removed", () -> {
                    roleImages.removeImage(Auth.viewer(ctx), scope, roleId(ctx), ctx.pathParam("imageId"));
                    return null;
                }));
        scoped.post(role + "/deprecate", (ctx, scope) -> {
            Form form = Form.of(ctx, List.of("replacementRoleId"));
            change(ctx, scope, form, Kind.LIFECYCLE, "Role deprecated", () -> roles.deprecate(Auth.viewer(ctx), scope,
                    roleId(ctx), new RoleService.RoleDeprecation(optionalId(form.value("replacementRoleId")))));
        });
        scoped.post(role + "/undeprecate", (ctx, scope) -> change(ctx, scope, Form.EMPTY, Kind.LIFECYCLE,
                "The role is active again", () -> roles.undeprecate(Auth.viewer(ctx), scope, roleId(ctx))));
        scoped.post(role + "/promote", (ctx, scope) -> change(ctx, scope, Form.EMPTY, Kind.LIFECYCLE, "Promoted",
                () -> promotion.promote(Auth.viewer(ctx), scope, roleId(ctx))));
        scoped.post(role + "/clone", (ctx, scope) -> {
            Form form = Form.of(ctx, List.of("name", "target"));
            try {
                Role clone = promotion.cloneRole(Auth.viewer(ctx), scope, roleId(ctx),
                        new RolePromotion.RoleClone(form.value("name"), target(form.value("target"))));
                Flash.set(ctx, "Cloned as " + clone.name());
                Htmx.redirect(ctx, detailPath(clone.scope(), clone.id()));
            } catch (ValidationException | ConflictException refused) {
                detail(ctx, scope, Form.EMPTY, Form.EMPTY, form.withError(refused), status(refused));
            }
        });
        scoped.post(role + "/delete", (ctx, scope) -> {
            try {
                roles.delete(Auth.viewer(ctx), scope, roleId(ctx));
                Flash.set(ctx, "Role deleted");
                Htmx.redirect(ctx, scope.path() + PATH);
            } catch (ValidationException | ConflictException refused) {
                detail(ctx, scope, Form.EMPTY, Form.EMPTY, Form.EMPTY.withError(refused), 409);
            }
        });
    }

    private void list(Context ctx, ScopeRef scope) {
        Viewer viewer = Auth.viewer(ctx);
        Map<String, String> values = Form.query(ctx, FILTERS);
        List<Role> found = roles.list(viewer, scope, RoleFilter.of(values.get("q"), values.get("os"), values.get("deprecated")));
        Map<ScopeRef, String> labels = shell.labels();
        boolean canCreate = roles.canCreate(viewer, scope);
        Table table = new Table(found.stream()
                .map(r -> new Row(r, labels.getOrDefault(r.scope(), "?"), detailPath(scope, r.id()))).toList(),
                !values.isEmpty(), scope.path() + PATH, canCreate ? scope.path() + NEW : null);
        ctx.header("Vary", "HX-Request");
        if (Htmx.isHtmx(ctx)) {
            ctx.html(templates.render(TABLE_TEMPLATE, table));
            return;
        }
        String label = shell.label(scope);
        ctx.html(templates.render(LIST_TEMPLATE, new ListPage(shell.layout(ctx, "Roles · " + label, scope), scope, label,
                new Form(values, Map.of()), table, canCreate)));
    }

    private void form(Context ctx, ScopeRef scope, Form form, int status) {
        roles.requireCreate(Auth.viewer(ctx), scope);
        String label = shell.label(scope);
        ctx.status(status).html(templates.render(NEW_TEMPLATE, new FormPage(
                shell.layout(ctx, "New role · " + label, scope), scope, label, form)));
    }

    private enum Kind { EDIT, IMAGE, LIFECYCLE }

    /** Runs one change of the detail page; a refusal re-renders the page with the messages at the form of {@code kind}. */
    private void change(Context ctx, ScopeRef scope, Form form, Kind kind, String notice, Supplier<?> action) {
        try {
            action.get();
            Flash.set(ctx, notice);
            Htmx.redirect(ctx, detailPath(scope, roleId(ctx)));
        } catch (ValidationException | ConflictException refused) {
            Form failed = form.withError(refused);
            detail(ctx, scope, kind == Kind.EDIT ? failed : Form.EMPTY, kind == Kind.IMAGE ? failed : Form.EMPTY,
                    kind == Kind.LIFECYCLE ? failed : Form.EMPTY, status(refused));
        }
    }

    private void detail(Context ctx, ScopeRef scope, Form editForm, Form imageForm, Form lifecycleForm, int status) {
        Viewer viewer = Auth.viewer(ctx);
        RoleService.RoleDetail detail = roles.detail(viewer, scope, roleId(ctx));
        Role role = detail.role();
        boolean canManage = roles.canManage(viewer, role);
        RoleImages.ImageChoices choices = roleImages.imageChoices(viewer, scope, detail);
        Map<ScopeRef, String> labels = shell.labels();
        List<RoleImageLine> images = detail.images().stream().map(ri -> new RoleImageLine(ri.image(),
                labels.getOrDefault(ri.image().scope(), "?"),
                choices.switchTo().get(ri.image().id()).stream().map(RoleRoutes::choice).toList())).toList();
        List<Choice> addable = choices.addable().stream().map(RoleRoutes::choice).toList();
        List<Choice> replacementRoles = canManage ? roles.list(viewer, role.scope(), RoleFilter.of(null, null, "false"))
                .stream().filter(r -> r.id() != role.id()).map(r -> new Choice(String.valueOf(r.id()), r.name())).toList()
                : List.of();
        String replacementName = role.replacementRoleId() == null ? null : roles.list(viewer, scope, RoleFilter.ALL).stream()
                .filter(r -> r.id() == role.replacementRoleId()).map(Role::name).findFirst().orElse("#" + role.replacementRoleId());
        List<Choice> cloneTargets = promotion.cloneTargets(viewer, role).stream()
                .map(s -> new Choice(s.level().name() + ":" + s.id(), labels.getOrDefault(s, "?"))).toList();
        Form edit = editForm.values().isEmpty() ? new Form(Map.of("name", role.name(), "osFamily", role.osFamily(),
                "category", role.category(), "description", role.description()), editForm.errors()) : editForm;
        String label = shell.label(scope);
        ctx.status(status).html(templates.render(DETAIL_TEMPLATE, new DetailPage(
                shell.layout(ctx, role.name() + " · Roles · " + label, scope), scope, label, role,
                labels.getOrDefault(role.scope(), "?"), images, detail.uses(), detail.hiddenUses(), replacementName, canManage,
                promotion.promotionTarget(viewer, role).map(labels::get).orElse(null), addable, replacementRoles,
                cloneTargets, edit, imageForm, lifecycleForm)));
    }

    private static Choice choice(Image image) {
        return new Choice(image.id(), image.name() + " · " + image.platform().id() + " " + image.cloudLocation() + " · "
                + image.cloudImageId() + " · " + image.osId());
    }

    private static RoleService.RoleInput input(Form form) {
        return new RoleService.RoleInput(form.value("name"), form.value("osFamily"), form.value("category"),
                form.value("description"));
    }

    private static long roleId(Context ctx) {
        return ScopedRoutes.id(ctx, "roleId");
    }

    private static Long optionalId(String value) {
        try {
            return value.isBlank() ? null : Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ValidationException.of("replacementRoleId", "Choose a role");
        }
    }

    /** A clone target as the form sends it: {@code LEVEL:id}, e.g. {@code ENVIRONMENT:3}. */
    private static ScopeRef target(String value) {
        try {
            String[] parts = value.split(":");
            return new ScopeRef(imagehub.core.ScopeLevel.valueOf(parts[0]), Long.parseLong(parts[1]));
        } catch (RuntimeException e) {
            throw ValidationException.of("target", "Choose where the clone goes");
        }
    }

    private static int status(RuntimeException refused) {
        return refused instanceof ValidationException ? 422 : 409;
    }
}
