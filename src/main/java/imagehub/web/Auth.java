package imagehub.web;

import imagehub.access.Viewer;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.SameSite;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Sessions and CSRF for the portal. Before every portal request it loads the signed-in viewer from the
 * session cookie; pages need one, and every state-changing request must carry the session's CSRF token
 * (form field {@code _csrf} or header {@code X-CSRF-Token}), else 403 and nothing changes.
 */
public final class Auth {
    public static final String SESSION_COOKIE = "imagehub_session";
    public static final String CSRF_FIELD = "_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String HEALTH_PATH = "/healthz";
    private static final String SESSION_ATTRIBUTE = "imagehub.session";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final SessionLookup sessions;

    public Auth(SessionLookup sessions) {
        this.sessions = sessions;
    }

    /** Paths that need no session: login itself, health, assets, and the API (signed requests) but its docs page. */
    public static boolean isPublic(String path) {
        return path.equals("/login") || path.equals(HEALTH_PATH) || path.equals("/favicon.ico") || path.startsWith("/static/")
                || path.startsWith("/webjars/") || path.startsWith("/api/") && !path.equals("/api/docs");
    }

    public void before(Context ctx) {
        if (isPublic(ctx.path())) {
            return;
        }
        Optional<? extends SessionLookup.SignedIn> session = sessions.find(ctx.cookie(SESSION_COOKIE));
        if (session.isEmpty()) {
            if (SAFE_METHODS.contains(ctx.method().name())) {
                String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
                Htmx.redirect(ctx, "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            } else {
                Htmx.redirect(ctx, "/login");
            }
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute(SESSION_ATTRIBUTE, session.get());
        if (!SAFE_METHODS.contains(ctx.method().name()) && !csrfMatches(ctx, session.get().csrfToken())) {
            throw new ForbiddenResponse("The form has expired or did not come from Imagehub. Reload the page and try again.");
        }
    }

    private static boolean csrfMatches(Context ctx, String expected) {
        String sent = Optional.ofNullable(ctx.header(CSRF_HEADER)).orElseGet(() -> ctx.formParam(CSRF_FIELD));
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    /** The signed-in viewer; portal handlers only run with one. */
    public static Viewer viewer(Context ctx) {
        return session(ctx).map(SessionLookup.SignedIn::viewer)
                .orElseThrow(() -> new IllegalStateException("no session on " + ctx.path()));
    }

    public static Optional<SessionLookup.SignedIn> session(Context ctx) {
        return Optional.ofNullable(ctx.attribute(SESSION_ATTRIBUTE));
    }

    public static void setSessionCookie(Context ctx, String token, Duration lifetime) {
        Cookie cookie = new Cookie(SESSION_COOKIE, token);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.LAX);
        cookie.setPath("/");
        cookie.setSecure(isSecure(ctx));
        cookie.setMaxAge((int) lifetime.toSeconds());
        ctx.cookie(cookie);
    }

    public static void clearSessionCookie(Context ctx) {
        ctx.removeCookie(SESSION_COOKIE, "/");
    }

    /** Behind a TLS-terminating proxy the scheme comes in {@code X-Forwarded-Proto}. */
    public static boolean isSecure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }
}
