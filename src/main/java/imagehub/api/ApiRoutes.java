package imagehub.api;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;

/**
 * Mounts the shared plumbing of the JSON API: request ids, signed-request authentication under
 * {@link #PREFIX}, and the JSON error mapping for everything under {@code /api/}. Feature routes are
 * mounted next to it with paths under {@link #PREFIX} and read {@link ApiAuthenticator#credential}.
 *
 * <p>Authentication runs as a before-handler, so it comes before routing: an unsigned request to an
 * unknown API path answers 401, as Scalr does, and only a signed one learns that the path is a 404.
 * The specs ({@code /api/user.v1beta0.yml}…) are outside {@link #PREFIX} and need no signature.
 */
public final class ApiRoutes {
    public static final String PREFIX = "/api/v1beta0";

    private ApiRoutes() {
    }

    public static void mount(JavalinDefaultRoutingApi router, ApiKeyLookup keys, SignatureLedger ledger, Clock clock) {
        ApiAuthenticator authenticator = new ApiAuthenticator(keys, clock);
        router.before("/api/*", RequestId::of);
        router.before(PREFIX + "/*", ctx -> {
            keys.signed(authenticator.authenticate(ctx, ledger));
            requireJsonAccepted(ctx);
        });
        ApiErrors.mount(router);
    }

    /** Every answer is JSON; a client that cannot take JSON learns so up front rather than from a parse error. */
    private static void requireJsonAccepted(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null || accept.isBlank()) {
            return;
        }
        boolean json = Arrays.stream(accept.split(","))
                .map(range -> range.split(";")[0].strip().toLowerCase(Locale.ROOT))
                .anyMatch(range -> range.equals("*/*") || range.equals("application/*") || range.equals("application/json"));
        if (!json) {
            throw new ApiException(ApiError.NOT_ACCEPTABLE, "This API answers application/json only, not " + accept);
        }
    }
}
