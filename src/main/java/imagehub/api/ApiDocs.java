package imagehub.api;

import imagehub.api.spec.Level;
import imagehub.web.Layout;
import imagehub.web.Shell;
import imagehub.web.Templates;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The API docs page, {@code /api/docs}, for signed-in users: Swagger UI (from its webjar, no CDN) renders the spec
 * of the scope chosen, and a short section shows how to sign a request, with a script that does it. The specs
 * themselves stay public ({@link ApiSpecs}); only this page needs a session.
 */
public final class ApiDocs {
    public static final String PATH = "/api/docs";
    static final String TEMPLATE = "api/docs.jte";

    /**
     * Signs and sends one request with sh, openssl and curl, exactly as {@link SignedRequest} checks it. The query
     * is sent as it is signed, so it must already be canonical: sorted by key, RFC 3986 encoded.
     */
    public static final String SIGN_SCRIPT = String.join("\n",
            "#!/bin/sh",
            "# imagehub-call.sh METHOD PATH [QUERY] [BODY]: one signed Imagehub API request.",
            "# Needs IMAGEHUB_URL, IMAGEHUB_KEY_ID and IMAGEHUB_SECRET in the environment.",
            "# QUERY is signed as sent: sort it by key and encode it (space as %20, / as %2F).",
            "set -eu",
            "method=$1 path=$2 query=${3-} body=${4-}",
            "[ -n \"$body\" ] || body='{}'   # clients sign {} on GET and DELETE too",
            "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)",
            "signature=$(printf '%s\\n%s\\n%s\\n%s\\n%s' \"$method\" \"$date\" \"$path\" \"$query\" \"$body\" |",
            "  openssl dgst -sha256 -hmac \"$IMAGEHUB_SECRET\" -binary | base64)",
            "curl -sS -X \"$method\" \"$IMAGEHUB_URL$path${query:+?$query}\" \\",
            "  -H 'Content-Type: application/json' \\",
            "  -H \"X-Scalr-Key-Id: $IMAGEHUB_KEY_ID\" \\",
            "  -H \"X-Scalr-Date: $date\" \\",
            "  -H \"X-Scalr-Signature: V1-HMAC-SHA256 $signature\" \\",
            "  --data-binary \"$body\"",
            "");

    private final Templates templates;
    private final Shell shell;
    private final String swaggerUi;

    public ApiDocs(Templates templates, Shell shell) {
        this.templates = templates;
        this.shell = shell;
        this.swaggerUi = "/webjars/swagger-ui/" + webjarVersion() + "/";
    }

    /** One spec the page offers: the level's name, the spec's URL and its base path. */
    public record Spec(String id, String label, String url, String basePath) {
    }

    public record DocsPage(Layout layout, List<Spec> specs, String swaggerUi, String origin, String script) {
    }

    public void register(JavalinDefaultRoutingApi router) {
        router.get(PATH, ctx -> {
            List<Spec> specs = Arrays.stream(Level.values())
                    .map(level -> new Spec(level.id(), label(level), ApiSpecs.path(level.id()), level.basePath()))
                    .toList();
            URI url = URI.create(ctx.url());
            String origin = url.getScheme() + "://" + url.getRawAuthority();
            ctx.html(templates.render(TEMPLATE, new DocsPage(shell.layout(ctx, "API docs"), specs, swaggerUi, origin,
                    SIGN_SCRIPT)));
        });
    }

    private static String label(Level level) {
        return switch (level) {
            case USER -> "Environment (user API)";
            case ACCOUNT -> "Account (account API)";
            case GLOBAL -> "Global (global API)";
        };
    }

    /** The version the pom ships, from the webjar's own Maven metadata: its files live under that version. */
    private static String webjarVersion() {
        String resource = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";
        try (InputStream in = ApiDocs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is missing: no " + resource);
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}
