package imagehub.api;

import imagehub.api.spec.ApiRouter;
import imagehub.api.spec.Level;
import imagehub.api.spec.SpecGenerator;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Serves the Swagger 2.0 specs of the API, {@code GET /api/user.v1beta0.yml}, {@code account…} and
 * {@code global…}, without authentication: scalr-ctl builds its commands from them at run time. They are
 * generated from the route declarations of {@link ApiRouter} when the app starts; the committed copies in
 * {@code src/main/resources/api/} are the reviewed snapshot that ApiSpecGoldenTest holds equal to them.
 */
public final class ApiSpecs {
    public static final List<String> LEVELS = List.of("user", "account", "global");
    public static final String CONTENT_TYPE = "text/yaml; charset=utf-8";

    private ApiSpecs() {
    }

    /** The URL path of the spec of {@code level} ({@code user}, {@code account} or {@code global}). */
    public static String path(String level) {
        return "/api/" + level + ".v1beta0.yml";
    }

    /** Mounts the specs of the routes {@code api} holds; call it after every API has registered its routes. */
    public static void mount(JavalinDefaultRoutingApi router, ApiRouter api) {
        for (Level level : Level.values()) {
            byte[] yaml = SpecGenerator.yaml(api, level).getBytes(StandardCharsets.UTF_8);
            router.get(path(level.id().toLowerCase(Locale.ROOT)), ctx ->
                    ctx.header("Cache-Control", "no-cache").contentType(CONTENT_TYPE).result(yaml));
        }
    }
}
