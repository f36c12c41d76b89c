package imagehub.api;

import io.javalin.router.JavalinDefaultRoutingApi;

/**
 * Sizes the API refuses up front, before anything reads the request: a body over {@link #MAX_BODY_BYTES}
 * (413, judged by its {@code Content-Length}; a chunked body is cut off at the same size while it is read)
 * and a query value over {@link #MAX_QUERY_VALUE} characters (400). Longer request lines and headers
 * never get this far: Jetty refuses them (414, 431) and {@code JettyErrors} answers in JSON.
 */
public final class ApiLimits {
    /** 1 MB: the largest body any API route takes is a few kilobytes. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    /** Longer than any name, id or filter value the API stores (the longest column holds 1000 characters). */
    static final int MAX_QUERY_VALUE = 1024;

    private ApiLimits() {
    }

    /** Mount before anything reads the body (the signature check does). */
    public static void mount(JavalinDefaultRoutingApi router) {
        router.before("/api/*", ctx -> {
            long length = ctx.contentLength();
            if (length > MAX_BODY_BYTES) {
                throw tooLarge(length);
            }
            for (QueryStrings.Param param : QueryStrings.decode(ctx.queryString())) {
                if (param.value().length() > MAX_QUERY_VALUE || param.key().length() > MAX_QUERY_VALUE) {
                    throw new ApiException(ApiError.INVALID_VALUE, "Query parameter '" + abbreviate(param.key())
                            + "' is longer than " + MAX_QUERY_VALUE + " characters");
                }
            }
        });
    }

    /** The refusal of a body of {@code length} bytes, or of unknown length (a chunked one) when negative. */
    static ApiException tooLarge(long length) {
        return new ApiException(413, "RequestTooLarge", "The body is too large" + (length < 0 ? "" : " (" + length
                + " bytes)") + ": the API accepts at most " + MAX_BODY_BYTES + " bytes (1 MB)");
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
