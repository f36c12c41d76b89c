package imagehub.replacement;

import imagehub.access.Viewer;
import imagehub.core.ConflictException;
import imagehub.core.Page;
import imagehub.core.ValidationException;
import imagehub.image.Image;
import imagehub.image.ImageRoutes;
import imagehub.image.ImageService;
import imagehub.replacement.ReplacementService.ReplaceEverywhere;
import imagehub.replacement.ReplacementService.ReplacementPlan;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The replace-everywhere wizard of an image (pick, preview, confirm) and the Replacements page with rollback. */
public final class ReplacementRoutes {
    public static final int PAGE_SIZE = 50;
    public static final String PAGE = "page";
    public static final String PATH = "/replacements";
    public static final NavEntry NAV = NavEntry.readers("Replacements", PATH);
    static final String PREVIEW_TEMPLATE = "replacement/preview.jte";
    static final String WIZARD_TEMPLATE = "replacement/wizard.jte";
    static final String LIST_TEMPLATE = "replacement/list.jte";
    public static final String PREVIEW_ID = "replace-preview";
    static final List<String> FIELDS = List.of("newImageId", "deprecateOld", "reason");

    private final ReplacementService replacements;
    private final ImageService images;
    private final Templates templates;
    private final Shell shell;

    public ReplacementRoutes(ReplacementService replacements, ImageService images, Templates templates, Shell shell) {
        this.replacements = replacements;
        this.images = images;
        this.templates = templates;
        this.shell = shell;
    }

    /** The wizard of an image, below the scope's path. */
    public static String replacePath(String imageId) {
        return ImageRoutes.PATH + "/" + imageId + "/replace";
    }

    /** The preview and its confirm form; {@code plan} is null until a new image is chosen (or when it was refused). */
    public record Preview(Layout layout, String action, Form form, ReplacementPlan plan, Map<ScopeRef, String> labels) {
    }

    public record WizardPage(Layout layout, ScopeRef scope, String scopeLabel, Image oldImage, List<Choice> candidates,
            boolean canDeprecateOld, Preview preview) {
        public String imagePath() {
            return ImageRoutes.detailPath(scope, oldImage.id());
        }
    }

    /** A listed replacement; {@code refusal} holds why its rollback was just refused. */
    public record Item(Replacement replacement, String scopeLabel, boolean canRollBack, String refusal) {
    }

    /** One page of the list: {@code pageNum} of {@code lastPage}, {@value #PAGE_SIZE} replacements a page. */
    public record ListPage(Layout layout, ScopeRef scope, String scopeLabel, List<Item> items, int pageNum, long lastPage) {
        public String rollbackPath(Replacement replacement) {
            return scope.path() + PATH + "/" + replacement.id() + "/rollback";
        }

        public String pageLink(long page) {
            return scope.path() + PATH + "?" + PAGE + "=" + page;
        }

        public String imagePath(String imageId) {
            return ImageRoutes.detailPath(scope, imageId);
        }
    }

    public void register(JavalinDefaultRoutingApi router) {
        ScopedRoutes scoped = new ScopedRoutes(router);
        scoped.get(replacePath("{imageId}"), this::wizard);
        scoped.post(replacePath("{imageId}"), (ctx, scope) -> {
            Form form = Form.of(ctx, FIELDS);
            try {
                Replacement done = replacements.replace(Auth.viewer(ctx), scope, command(ctx, form));
                Flash.set(ctx, "Replaced " + done.oldImageName() + " by " + done.newImageName() + " in "
                        + done.changes().size() + (done.changes().size() == 1 ? " role" : " roles"));
                Htmx.redirect(ctx, scope.path() + PATH + "#replacement-" + done.id());
            } catch (ValidationException | ConflictException refused) {
                render(ctx, scope, form.withError(refused), 422);
            }
        });
        scoped.get(PATH, (ctx, scope) -> list(ctx, scope, ctx.queryParamAsClass(PAGE, Integer.class).getOrDefault(1), 0, null, 200));
        scoped.post(PATH + "/{replacementId}/rollback", (ctx, scope) -> {
            long id = ScopedRoutes.id(ctx, "replacementId");
            try {
                replacements.rollback(Auth.viewer(ctx), scope, id);
                Flash.set(ctx, "Replacement #" + id + " rolled back");
                Htmx.redirect(ctx, scope.path() + PATH + "#replacement-" + id);
            } catch (ValidationException | ConflictException refused) {
                list(ctx, scope, ctx.formParamAsClass(PAGE, Integer.class).getOrDefault(1), id, refused.getMessage(), 409);
            }
        });
    }

    private void wizard(Context ctx, ScopeRef scope) {
        Map<String, String> values = new HashMap<>();
        for (String field : FIELDS) {
            String value = ctx.queryParam(field);
            if (value != null) {
                values.put(field, value);
            }
        }
        render(ctx, scope, new Form(values, Map.of()), 200);
    }

    /** The wizard, with the preview when a new image is chosen; htmx asks for the preview alone. */
    private void render(Context ctx, ScopeRef scope, Form form, int status) {
        Viewer viewer = Auth.viewer(ctx);
        String oldImageId = ctx.pathParam("imageId");
        Image old = images.get(viewer, scope, oldImageId);
        ReplacementPlan plan = null;
        Form shown = form;
        if (!form.value("newImageId").isBlank() && !form.failed()) {
            try {
                plan = replacements.preview(viewer, scope, command(ctx, form));
            } catch (ValidationException | ConflictException refused) {
                shown = form.withError(refused);
            }
        }
        Layout layout = shell.layout(ctx, "Replace " + old.name() + " everywhere", scope);
        Preview preview = new Preview(layout, scope.path() + replacePath(oldImageId), shown, plan, shell.labels());
        ctx.header("Vary", "HX-Request");
        if (Htmx.isHtmx(ctx) && status == 200) {
            ctx.html(templates.render(PREVIEW_TEMPLATE, preview));
            return;
        }
        List<Choice> candidates = replacements.candidates(viewer, scope, oldImageId).stream()
                .map(i -> new Choice(i.id(), i.name() + " · " + i.cloudImageId() + " · " + i.osId())).toList();
        String label = shell.label(scope);
        ctx.status(status).html(templates.render(WIZARD_TEMPLATE, new WizardPage(layout, scope, label, old,
                candidates, images.canManage(viewer, old.scope()) && !old.deprecated(), preview)));
    }

    private void list(Context ctx, ScopeRef scope, int askedPage, long refusedId, String refusal, int status) {
        Viewer viewer = Auth.viewer(ctx);
        int pageNum = Math.max(1, askedPage);
        Map<ScopeRef, String> labels = shell.labels();
        Page<Replacement> page = replacements.page(viewer, scope, (long) (pageNum - 1) * PAGE_SIZE, PAGE_SIZE);
        List<Item> items = page.items().stream().map(r -> new Item(r,
                labels.getOrDefault(r.scope(), "?"), replacements.canRollBack(viewer, r),
                r.id() == refusedId ? refusal : null)).toList();
        String label = shell.label(scope);
        ctx.status(status).html(templates.render(LIST_TEMPLATE, new ListPage(
                shell.layout(ctx, "Replacements · " + label, scope), scope, label, items, pageNum,
                Math.max(1, (page.total() + PAGE_SIZE - 1) / PAGE_SIZE))));
    }

    private static ReplaceEverywhere command(Context ctx, Form form) {
        return new ReplaceEverywhere(ctx.pathParam("imageId"), form.value("newImageId"),
                !form.value("deprecateOld").isEmpty(), form.value("reason"), Set.of());
    }
}
