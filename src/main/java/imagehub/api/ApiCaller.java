package imagehub.api;

import imagehub.access.Viewer;
import io.javalin.http.Context;

/** Who signed an API request, with their current grants. */
@FunctionalInterface
public interface ApiCaller {
    Viewer viewer(Context ctx);

    /** {@code lookup}, asked once per request: the scope gate and the handler share its answer. */
    static ApiCaller oncePerRequest(ApiCaller lookup) {
        return ctx -> {
            Viewer known = ctx.attribute(ApiCaller.class.getName());
            if (known == null) {
                known = lookup.viewer(ctx);
                ctx.attribute(ApiCaller.class.getName(), known);
            }
            return known;
        };
    }
}
