package imagehub.updatetask;

import imagehub.core.ScopeRef;
import imagehub.image.ImageLineage;
import imagehub.image.ImageRoutes;
import imagehub.web.Auth;
import imagehub.web.ScopedRoutes;
import imagehub.web.Templates;
import io.javalin.router.JavalinDefaultRoutingApi;

/** The lineage block of an image's page, loaded into it by htmx: where the image came from and what was built from it. */
public final class LineageRoutes {
    public static final String SUFFIX = "/lineage";
    static final String TEMPLATE = "updatetask/lineage.jte";

    private final ImageLineage lineage;
    private final Templates templates;

    public LineageRoutes(ImageLineage lineage, Templates templates) {
        this.lineage = lineage;
        this.templates = templates;
    }

    public record Block(ScopeRef scope, ImageLineage.Lineage lineage) {
        public String imagePath(String imageId) {
            return ImageRoutes.detailPath(scope, imageId);
        }
    }

    public static String path(ScopeRef scope, String imageId) {
        return ImageRoutes.detailPath(scope, imageId) + SUFFIX;
    }

    public void register(JavalinDefaultRoutingApi router) {
        new ScopedRoutes(router).get(ImageRoutes.PATH + "/{imageId}" + SUFFIX, (ctx, scope) -> {
            ctx.header("Vary", "HX-Request");
            ctx.html(templates.render(TEMPLATE, new Block(scope,
                    lineage.of(Auth.viewer(ctx), scope, ctx.pathParam("imageId")))));
        });
    }
}
