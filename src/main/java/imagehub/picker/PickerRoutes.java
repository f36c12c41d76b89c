package imagehub.picker;

import imagehub.core.ScopeRef;
import imagehub.web.Auth;
import imagehub.web.ScopedRoutes;
import imagehub.web.Templates;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;

/** The search behind each picker: {@code {scope}/pick/images?q=…} answers the options of its listbox. */
public final class PickerRoutes {
    static final String OPTIONS_TEMPLATE = "picker/options.jte";

    private final PickerService pickers;
    private final Templates templates;

    public PickerRoutes(PickerService pickers, Templates templates) {
        this.pickers = pickers;
        this.templates = templates;
    }

    /** The options found for {@code query}; the listbox says when none matches. */
    public record Options(PickKind kind, List<PickOption> options) {
    }

    public void register(JavalinDefaultRoutingApi router) {
        ScopedRoutes scoped = new ScopedRoutes(router);
        for (PickKind kind : PickKind.values()) {
            scoped.get(kind.path(), (ctx, scope) -> search(ctx, scope, kind));
        }
    }

    private void search(Context ctx, ScopeRef scope, PickKind kind) {
        List<PickOption> found = pickers.search(Auth.viewer(ctx), scope, kind, ctx.queryParam("q"));
        ctx.html(templates.render(OPTIONS_TEMPLATE, new Options(kind, found)));
    }
}
