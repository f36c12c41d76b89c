package imagehub.api;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves the Swagger 2.0 specs of the API, {@code GET /api/user.v1beta0.yml}, {@code account…} and
 * {@code global…}, without authentication: scalr-ctl builds its commands from them at run time. The
 * files are resources under {@code /api/}, written by {@code tools/generate_api_specs.py}.
 */
public final class ApiSpecs {
    public static final List<String> LEVELS = List.of("user", "account", "global");
    public static final String CONTENT_TYPE = "text/yaml; charset=utf-8";

    private final Map<String, byte[]> specs = new LinkedHashMap<>();

    private ApiSpecs() {
        for (String level : LEVELS) {
            specs.put(path(level), load("/api/" + level + ".v1beta0.yml"));
        }
    }

    /** The URL path of the spec of {@code level} ({@code user}, {@code account} or {@code global}). */
    public static String path(String level) {
        return "/api/" + level + ".v1beta0.yml";
    }

    public static void mount(JavalinDefaultRoutingApi router) {
        ApiSpecs specs = new ApiSpecs();
        specs.specs.forEach((path, yaml) -> router.get(path, ctx -> serve(ctx, yaml)));
    }

    private static void serve(Context ctx, byte[] yaml) {
        ctx.header("Cache-Control", "no-cache").contentType(CONTENT_TYPE).result(yaml);
    }

    private static byte[] load(String resource) {
        try (InputStream in = ApiSpecs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}
