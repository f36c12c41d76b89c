package imagehub.web;

import imagehub.AppContext;
import imagehub.api.ApiErrors;
import imagehub.api.ApiRoutes;
import imagehub.db.Database;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mounts every route of Imagehub; used by {@code main} and by every test. */
public final class WebApp {
    private static final Logger log = LoggerFactory.getLogger("imagehub.http");
    public static final String HEALTH_PATH = "/healthz";

    private WebApp() {
    }

    public static void configure(JavalinConfig config, AppContext app) {
        config.showJavalinBanner = false;
        config.http.defaultContentType = "text/html; charset=utf-8";
        // A known path with the wrong method is 405, not 404: API clients (and their authors) learn why.
        config.http.prefer405over404 = true;
        config.staticFiles.enableWebjars();
        config.staticFiles.add(files -> {
            files.hostedPath = "/static";
            files.directory = "/static";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "public, max-age=3600");
        });
        config.requestLogger.http((ctx, ms) -> log.info("{} {} {} {}ms",
                ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms)));

        Shell shell = new Shell(app);
        config.router.mount(router -> {
            ApiRoutes.mount(router, app.apiKeysPlaceholder(), app.clock);
            router.get(HEALTH_PATH, ctx -> health(ctx, app.database));
            router.get("/", ctx -> ctx.html(app.templates.render("home.jte",
                    new HomePage(shell.layout(ctx, "Welcome"), app.scopes().listAccounts(),
                            app.scopes().listEnvironments()))));

            router.error(404, ctx -> {
                if (!ctx.path().startsWith("/api/")) {
                    ctx.html(app.templates.render("error/error.jte", new ErrorPage(shell.layout(ctx, "Not found"),
                            404, "Not found", "There is nothing at " + ctx.path() + ", or you may not see it.")));
                }
            });
            router.exception(Exception.class, (e, ctx) -> {
                if (ApiErrors.isApi(ctx)) {
                    ApiErrors.unexpected(e, ctx);
                    return;
                }
                log.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).html(app.templates.render("error/error.jte", new ErrorPage(
                        shell.layout(ctx, "Error"), 500, "Something went wrong",
                        "The error was logged. Please try again, and tell your administrator if it persists.")));
            });
        });
    }

    private static void health(Context ctx, Database database) {
        Database.Health health = database.health();
        ctx.status(health.ok() ? 200 : 503).json(health.ok()
                ? new HealthBody("ok", "ok")
                : new HealthBody("unavailable", health.detail()));
    }

    /** A record, not Map.of, so the JSON keys keep their order (Map.of iterates in a per-JVM random order). */
    record HealthBody(String status, String db) {
    }

    /** The page shell for requests; grows with sign-in and scopes. */
    static final class Shell {
        private final AppContext app;

        Shell(AppContext app) {
            this.app = app;
        }

        Layout layout(Context ctx, String title) {
            return new Layout(title, null, null, List.of(), List.of(), null, app.version);
        }
    }
}
