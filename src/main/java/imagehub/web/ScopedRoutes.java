package imagehub.web;

import imagehub.access.NotFoundException;
import imagehub.core.ScopeRef;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/**
 * Registers a portal page at all three scopes at once: {@code /global/x}, {@code /accounts/{accountId}/x}
 * and {@code /envs/{envId}/x}, handing the handler the scope from the URL.
 */
public final class ScopedRoutes {
    private final JavalinDefaultRoutingApi router;

    public ScopedRoutes(JavalinDefaultRoutingApi router) {
        this.router = router;
    }

    @FunctionalInterface
    public interface ScopedHandler {
        void handle(Context ctx, ScopeRef scope) throws Exception;
    }

    public void get(String suffix, ScopedHandler handler) {
        for (String prefix : PREFIXES) {
            router.get(prefix + suffix, ctx -> handler.handle(ctx, scope(ctx)));
        }
    }

    public void post(String suffix, ScopedHandler handler) {
        for (String prefix : PREFIXES) {
            router.post(prefix + suffix, ctx -> handler.handle(ctx, scope(ctx)));
        }
    }

    private static final String[] PREFIXES = {"/global", "/accounts/{accountId}", "/envs/{envId}"};

    /** The scope a portal URL runs in; a malformed id is simply not found. */
    public static ScopeRef scope(Context ctx) {
        if (ctx.pathParamMap().containsKey("envId")) {
            return ScopeRef.environment(id(ctx, "envId"));
        }
        if (ctx.pathParamMap().containsKey("accountId")) {
            return ScopeRef.account(id(ctx, "accountId"));
        }
        return ScopeRef.GLOBAL;
    }

    public static long id(Context ctx, String param) {
        try {
            long id = Long.parseLong(ctx.pathParam(param));
            if (id <= 0) {
                throw new NotFoundException(param + " " + id);
            }
            return id;
        } catch (NumberFormatException e) {
            throw new NotFoundException(param + " " + ctx.pathParam(param));
        }
    }
}
