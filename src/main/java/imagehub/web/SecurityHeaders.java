package imagehub.web;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The headers every response carries, pages, API answers and error pages alike: scripts and styles only
 * from this origin (the layout has no inline script; htmx comes from its webjar), never framed, no
 * content sniffing, no referrer sent to other sites. Dynamic answers are never stored by a cache: pages
 * show secrets (a new API key) and carry the session's CSRF token.
 */
public final class SecurityHeaders {
    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private static final Map<String, String> ALWAYS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin");

    private SecurityHeaders() {
    }

    /** Sets the headers for a response to {@code path} through {@code header}. */
    public static void apply(String path, BiConsumer<String, String> header) {
        ALWAYS.forEach(header);
        if (!isAsset(path)) {
            header.accept("Cache-Control", "no-store");
        }
    }

    /** Static files and webjars keep the caching their handlers give them. */
    private static boolean isAsset(String path) {
        return path.startsWith("/static/") || path.startsWith("/webjars/") || path.equals("/favicon.ico");
    }
}
