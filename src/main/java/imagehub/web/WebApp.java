package imagehub.web;

import imagehub.AppContext;
import imagehub.access.ForbiddenException;
import imagehub.access.NotFoundException;
import imagehub.audit.AuditRoutes;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.db.Database;
import imagehub.image.ImageRoutes;
import imagehub.replacement.ReplacementRoutes;
import imagehub.role.RoleRoutes;
import imagehub.scope.ScopeRoutes;
import imagehub.user.LoginRoutes;
import imagehub.user.UserRoutes;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.staticfiles.Location;
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
        Auth auth = new Auth(app.sessions);
        config.router.mount(router -> {
            router.before(auth::before);
            router.get(HEALTH_PATH, ctx -> health(ctx, app.database));
            new LoginRoutes(app.sessions, app.templates, shell).register(router);
            new ScopeRoutes(app.scopeService, app.auditService, app.templates, shell).register(router);
            new UserRoutes(app.users, app.apiKeys, app.templates, shell).register(router);
            new AuditRoutes(app.auditService, app.templates, shell).register(router);
            new ImageRoutes(app.images, app.auditService, app.templates, shell).register(router);
            new RoleRoutes(app.roles, app.templates, shell).register(router);
            new ReplacementRoutes(app.replacements, app.images, app.templates, shell).register(router);

            router.exception(NotFoundException.class, (e, ctx) -> error(ctx, app, shell, 404, "Not found",
                    "There is nothing at " + ctx.path() + ", or you may not see it."));
            router.exception(ForbiddenException.class, (e, ctx) -> error(ctx, app, shell, 403, "Not allowed", e.getMessage()));
            router.exception(ForbiddenResponse.class, (e, ctx) -> error(ctx, app, shell, 403, "Not allowed", e.getMessage()));
            router.exception(ValidationException.class, (e, ctx) -> error(ctx, app, shell, 400, "Not accepted", e.getMessage()));
            router.exception(ConflictException.class, (e, ctx) -> error(ctx, app, shell, 409, "Not possible", e.getMessage()));
            router.error(404, ctx -> {
                if (!ctx.path().startsWith("/api/") && (ctx.result() == null || !ctx.result().contains("<html"))) {
                    error(ctx, app, shell, 404, "Not found", "There is nothing at " + ctx.path() + ", or you may not see it.");
                }
            });
            router.exception(Exception.class, (e, ctx) -> {
                log.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
                error(ctx, app, shell, 500, "Something went wrong",
                        "The error was logged. Please try again, and tell your administrator if it persists.");
            });
        });
    }

    private static void error(Context ctx, AppContext app, Shell shell, int status, String heading, String message) {
        ctx.status(status).html(app.templates.render("error/error.jte",
                new ErrorPage(shell.layout(ctx, heading), status, heading, message)));
    }

    private static void health(Context ctx, Database database) {
        Database.Health health = database.health();
        ctx.status(health.ok() ? 200 : 503).json(health.ok()
                ? new HealthBody("ok", "ok") : new HealthBody("unavailable", health.detail()));
    }

    private record HealthBody(String status, String db) {
    }
}
