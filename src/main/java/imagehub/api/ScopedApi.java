package imagehub.api;

import imagehub.core.ScopeRef;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;

/**
 * Registers an API route at all three scopes: {@code /api/v1beta0/user/{envId}/x},
 * {@code /api/v1beta0/account/{accountId}/x} and {@code /api/v1beta0/global/x}.
 */
public final class ScopedApi {
    private static final String[] PREFIXES = {
        ApiRoutes.PREFIX + "/user/{envId}", ApiRoutes.PREFIX + "/account/{accountId}", ApiRoutes.PREFIX + "/global"};

    private final JavalinDefaultRoutingApi router;

    public ScopedApi(JavalinDefaultRoutingApi router) {
        this.router = router;
    }

    @FunctionalInterface
    public interface Handler {
        void handle(Context ctx, ScopeRef scope) throws Exception;
    }

    public ScopedApi get(String suffix, Handler handler) {
        return add(HandlerType.GET, suffix, handler);
    }

    public ScopedApi post(String suffix, Handler handler) {
        return add(HandlerType.POST, suffix, handler);
    }

    public ScopedApi patch(String suffix, Handler handler) {
        return add(HandlerType.PATCH, suffix, handler);
    }

    public ScopedApi delete(String suffix, Handler handler) {
        return add(HandlerType.DELETE, suffix, handler);
    }

    private ScopedApi add(HandlerType method, String suffix, Handler handler) {
        for (String prefix : PREFIXES) {
            router.addHttpHandler(method, prefix + suffix, ctx -> handler.handle(ctx, scope(ctx)));
        }
        return this;
    }

    /** The scope of an API URL. */
    public static ScopeRef scope(Context ctx) {
        if (ctx.pathParamMap().containsKey("envId")) {
            return ScopeRef.environment(ApiPaths.id(ctx, "envId"));
        }
        if (ctx.pathParamMap().containsKey("accountId")) {
            return ScopeRef.account(ApiPaths.id(ctx, "accountId"));
        }
        return ScopeRef.GLOBAL;
    }
}
