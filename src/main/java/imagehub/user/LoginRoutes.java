package imagehub.user;

import imagehub.web.Auth;
import imagehub.web.Form;
import imagehub.web.Shell;
import imagehub.web.Templates;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The login form, logging in (throttled) and logging out. */
public final class LoginRoutes {
    public static final String LOGIN = "/login";
    public static final String LOGOUT = "/logout";
    static final String LOGIN_TEMPLATE = "user/login.jte";
    private static final String LOGIN_CSRF_COOKIE = "imagehub_login_csrf";

    private final Sessions sessions;
    private final Templates templates;
    private final Shell shell;

    public LoginRoutes(Sessions sessions, Templates templates, Shell shell) {
        this.sessions = sessions;
        this.templates = templates;
        this.shell = shell;
    }

    public record LoginPage(imagehub.web.Layout layout, Form form, String next, String csrf) {
    }

    public void register(JavalinDefaultRoutingApi router) {
        router.get(LOGIN, ctx -> render(ctx, Form.EMPTY.withErrors(Map.of()), 200));
        router.post(LOGIN, this::login);
        router.post(LOGOUT, ctx -> {
            sessions.logout(ctx.cookie(Auth.SESSION_COOKIE));
            Auth.clearSessionCookie(ctx);
            ctx.redirect(LOGIN, io.javalin.http.HttpStatus.SEE_OTHER);
        });
    }

    private void login(Context ctx) {
        Form form = Form.of(ctx, List.of("email", "next"));
        String cookie = ctx.cookie(LOGIN_CSRF_COOKIE);
        String sent = ctx.formParam(Auth.CSRF_FIELD);
        if (cookie == null || sent == null
                || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8))) {
            render(ctx, form.withErrors(Map.of("", "The login form expired. Please try again.")), 403);
            return;
        }
        Sessions.LoginResult result = sessions.login(ctx.formParam("email"), ctx.formParam("password"), ctx.ip());
        if (result instanceof Sessions.LoginResult.Success success) {
            Auth.setSessionCookie(ctx, success.token(), Sessions.LIFETIME);
            ctx.removeCookie(LOGIN_CSRF_COOKIE, "/");
            ctx.redirect(safeNext(form.value("next")), io.javalin.http.HttpStatus.SEE_OTHER);
        } else if (result instanceof Sessions.LoginResult.Throttled throttled) {
            render(ctx, form.withErrors(Map.of("", "Too many failed attempts. Try again in "
                    + throttled.retryAfter().toMinutes() + " minutes.")), 429);
        } else {
            render(ctx, form.withErrors(Map.of("", "Wrong email or password.")), 401);
        }
    }

    private void render(Context ctx, Form form, int status) {
        // Reuse the pending token: another tab (or a favicon request sent here) must not void this form.
        String csrf = java.util.Optional.ofNullable(ctx.cookie(LOGIN_CSRF_COOKIE)).orElseGet(Sessions::randomToken);
        Cookie cookie = new Cookie(LOGIN_CSRF_COOKIE, csrf);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.LAX);
        cookie.setPath("/");
        cookie.setSecure(Auth.isSecure(ctx));
        ctx.cookie(cookie);
        String next = form.values().containsKey("next") ? form.value("next") : ctx.queryParam("next");
        ctx.status(status).html(templates.render(LOGIN_TEMPLATE,
                new LoginPage(shell.layout(ctx, "Log in"), form, next == null ? "" : next, csrf)));
    }

    /**
     * Only a path on this site, never another host, else "/". Browsers drop tabs and newlines from URLs
     * and read a backslash as a slash, so "/\t/evil.example" or "/\\evil.example" would leave the site:
     * any control character or backslash refuses the value outright.
     */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//")
                || next.chars().anyMatch(c -> c == '\\' || Character.isISOControl(c))) {
            return "/";
        }
        return next;
    }
}
