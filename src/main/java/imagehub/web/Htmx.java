package imagehub.web;

import io.javalin.http.Context;

/** The few htmx headers the server reads and writes, in one place. */
public final class Htmx {
    private Htmx() {
    }

    public static boolean isHtmx(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }

    /** Sends the browser to {@code path}: a full redirect for htmx requests, a 303 otherwise. */
    public static void redirect(Context ctx, String path) {
        if (isHtmx(ctx)) {
            ctx.header("HX-Redirect", path);
            ctx.status(204);
        } else {
            ctx.redirect(path, io.javalin.http.HttpStatus.SEE_OTHER);
        }
    }
}
