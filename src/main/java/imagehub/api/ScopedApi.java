package imagehub.api;

import imagehub.core.ScopeRef;
import io.javalin.http.Context;

/**
 * The scope of an API URL: {@code /api/v1beta0/user/{envId}/…}, {@code /api/v1beta0/account/{accountId}/…} or
 * {@code /api/v1beta0/global/…}. Routes are declared and mounted with {@link imagehub.api.spec.ApiRouter}.
 */
public final class ScopedApi {
    private ScopedApi() {
    }

    @FunctionalInterface
    public interface Handler {
        void handle(Context ctx, ScopeRef scope) throws Exception;
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
