package imagehub.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A one-time notice carried across a redirect ("Account acme created"). */
public final class Flash {
    private static final String COOKIE = "imagehub_flash";

    private Flash() {
    }

    public static void set(Context ctx, String message) {
        Cookie cookie = new Cookie(COOKIE, URLEncoder.encode(message, StandardCharsets.UTF_8));
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.LAX);
        cookie.setPath("/");
        ctx.cookie(cookie);
    }

    /** The pending notice, removed as it is read; null when there is none. */
    public static String take(Context ctx) {
        String raw = ctx.cookie(COOKIE);
        if (raw == null) {
            return null;
        }
        ctx.removeCookie(COOKIE, "/");
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }
}
