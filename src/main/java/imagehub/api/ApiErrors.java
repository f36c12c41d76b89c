package imagehub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from failures to the JSON error envelope for every path under {@code /api/}; other
 * paths keep the HTML error pages of {@code WebApp}.
 */
public final class ApiErrors {
    private static final Logger log = LoggerFactory.getLogger("imagehub.api");
    private static final String RENDERED_ATTRIBUTE = "imagehub.api.errorRendered";

    private ApiErrors() {
    }

    public static boolean isApi(Context ctx) {
        return ctx.path().startsWith("/api/");
    }

    /**
     * Answers an exception no more specific handler took. Call it from the app's catch-all
     * {@code exception(Exception.class, …)} for {@link #isApi} paths: Javalin keeps one handler per class.
     */
    public static void unexpected(Exception e, Context ctx) {
        if (e instanceof JsonProcessingException json) {
            render(ctx, new ApiException(ApiError.INVALID_STRUCTURE, "The body is not valid JSON: " + json.getOriginalMessage()));
        } else {
            String requestId = RequestId.of(ctx);
            log.error("Unhandled error on {} {} (request {})", ctx.method(), ctx.path(), requestId, e);
            render(ctx, new ApiException(ApiError.INTERNAL_ERROR, "Internal error; it was logged with request id " + requestId));
        }
    }

    static void mount(JavalinDefaultRoutingApi router) {
        router.exception(ApiException.class, (e, ctx) -> render(ctx, e));
        router.exception(ValidationException.class, (e, ctx) -> {
            if (isApi(ctx)) {
                render(ctx, new ApiException(ApiError.INVALID_VALUE, describe(e.getErrors())));
            } else {
                ctx.json(e.getErrors()).status(HttpStatus.BAD_REQUEST); // Javalin's own answer, which this replaces
            }
        });
        // Catch-all for errors nothing above rendered: Javalin's 404 and 405, oversized bodies, a bare status.
        for (int status = 400; status < 600; status++) {
            router.error(status, ApiErrors::renderStatus);
        }
    }

    /** Answers {@code e} as the JSON error envelope. */
    public static void render(Context ctx, ApiException e) {
        ctx.attribute(RENDERED_ATTRIBUTE, true);
        Envelope.error(ctx, e);
    }

    /**
     * The error envelope for a request refused before it reached Javalin (Jetty's own 400, 414, 431),
     * with {@code message} and the code {@link #forStatus} gives every other answer of that status.
     */
    public static String bareJson(int status, String message) {
        ApiException error = forStatus(status, "", "");
        return Envelope.errorText(new ApiException(status, error.code(), message), java.util.UUID.randomUUID().toString());
    }

    private static void renderStatus(Context ctx) {
        if (isApi(ctx) && ctx.attribute(RENDERED_ATTRIBUTE) == null) {
            render(ctx, forStatus(ctx.statusCode(), ctx.method().name(), ctx.path()));
        }
    }

    static ApiException forStatus(int status, String method, String path) {
        return switch (status) {
            case 404 -> new ApiException(ApiError.OBJECT_NOT_FOUND, "There is no API endpoint " + method + " " + path);
            case 405 -> new ApiException(ApiError.METHOD_NOT_ALLOWED, "Method " + method + " is not allowed on " + path);
            case 413 -> ApiLimits.tooLarge(-1);
            default -> new ApiException(status,
                    status < 500 ? ApiError.BAD_REQUEST.code() : ApiError.INTERNAL_ERROR.code(),
                    HttpStatus.forStatus(status).getMessage());
        };
    }

    private static String describe(Map<String, List<ValidationError<Object>>> errors) {
        return errors.entrySet().stream()
                .map(entry -> "Invalid value for '" + entry.getKey() + "': " + entry.getValue().stream()
                        .map(error -> error.value + " (" + error.getMessage() + ")")
                        .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
    }
}
