package imagehub;

import imagehub.access.ForbiddenException;
import imagehub.access.Channel;
import imagehub.api.ApiAuthenticator;
import imagehub.api.ApiBody;
import imagehub.api.ApiLimits;
import imagehub.api.ApiCaller;
import imagehub.api.ApiDocs;
import imagehub.api.ApiPaths;
import imagehub.api.ApiError;
import imagehub.audit.AuditApi;
import imagehub.credentials.CredentialApi;
import imagehub.updatetask.UpdateTaskApi;
import imagehub.credentials.CredentialRoutes;
import imagehub.farm.FarmApi;
import imagehub.farm.FarmHistory;
import imagehub.image.ImageLineage;
import imagehub.updatetask.LineageRoutes;
import imagehub.updatetask.UpdateTaskRoutes;
import imagehub.farm.FarmRoutes;
import imagehub.image.ImageApi;
import imagehub.operation.OperationApi;
import imagehub.operation.OperationRoutes;
import imagehub.replacement.ReplacementApi;
import imagehub.role.RoleApi;
import imagehub.scope.ScopeApi;
import imagehub.user.UserApi;
import imagehub.usage.FleetPanel;
import imagehub.usage.UsageApi;
import imagehub.usage.FreshnessRoutes;
import imagehub.usage.UsageRoutes;
import imagehub.picker.PickerRoutes;
import imagehub.api.ApiErrors;
import imagehub.api.ApiException;
import imagehub.api.ApiRoutes;
import imagehub.api.ApiSpecs;
import imagehub.api.spec.ApiRouter;
import imagehub.access.NotFoundException;
import imagehub.audit.AuditRoutes;
import imagehub.core.ConflictException;
import imagehub.db.Database;
import imagehub.image.ImageRoutes;
import imagehub.provider.ProviderException;
import imagehub.replacement.ReplacementRoutes;
import imagehub.role.RoleRoutes;
import imagehub.core.ScopeRef;
import imagehub.scope.ScopeRoutes;
import imagehub.user.LoginRoutes;
import imagehub.user.UserRoutes;
import imagehub.scope.ScopeNames;
import imagehub.web.Auth;
import imagehub.web.ErrorPage;
import imagehub.web.Layout;
import imagehub.web.NavEntry;
import imagehub.web.SecurityHeaders;
import imagehub.web.Shell;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mounts every route of Imagehub; used by {@code main} and by every test. */
public final class WebApp {
    private static final Logger log = LoggerFactory.getLogger("imagehub.http");
    /** The navigation of every scope, in menu order; each feature names its own entry. */
    private static final List<NavEntry> NAV = List.of(ScopeRoutes.DASHBOARD_NAV, ImageRoutes.NAV, RoleRoutes.NAV,
            ReplacementRoutes.NAV, FarmRoutes.NAV, UpdateTaskRoutes.NAV, OperationRoutes.NAV, UsageRoutes.NAV, AuditRoutes.NAV,
            ScopeRoutes.SETTINGS_NAV);

    private WebApp() {
    }

    public static void configure(JavalinConfig config, AppContext app) {
        config.startup.showJavalinBanner = false;
        config.http.defaultContentType = "text/html; charset=utf-8";
        config.http.prefer405over404 = true;
        config.http.maxRequestSize = ApiLimits.MAX_BODY_BYTES;
        config.staticFiles.enableWebjars();
        config.staticFiles.add(files -> {
            files.hostedPath = "/static";
            files.directory = "/static";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "public, max-age=3600");
        });
        config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
        config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JettyErrors()));
        config.requestLogger.http((ctx, ms) -> log.info("{} {} {} {}ms",
                ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms)));

        Shell shell = new Shell(app.access, new ScopeNames(app.jdbi), NAV, app.build);
        Auth auth = new Auth(app.sessions);
        JavalinDefaultRoutingApi router = config.routes;
        router.before(ctx -> SecurityHeaders.apply(ctx.path(), ctx::header));
        ApiLimits.mount(router);
        ApiRoutes.mount(router, app.apiKeys, app.seenSignatures, app.clock);
        router.before(auth::before);
        router.get(Auth.HEALTH_PATH, ctx -> health(ctx, app.database));
        new LoginRoutes(app.sessions, app.templates, shell).register(router);
        new ScopeRoutes(app.scopeService, app.auditReader, List.of(new FleetPanel(app.usage, app.templates)),
                app.templates, shell).register(router);
        new UserRoutes(app.users, app.apiKeys, app.templates, shell).register(router);
        new AuditRoutes(app.auditReader, app.templates, shell).register(router);
        new UpdateTaskRoutes(app.updateTasks, app.farms, app.roles, app.users, app.access, app.templates, shell)
                .register(router);
        new LineageRoutes(new ImageLineage(app.jdbi, app.access, app.images), app.templates).register(router);
        new ImageRoutes(app.images, app.imageNaming, app.imageDeprecations, app.auditReader, app.templates, shell,
                app.credentials).register(router);
        new RoleRoutes(app.roles, app.roleImages, app.rolePromotion, app.templates, shell).register(router);
        new ReplacementRoutes(app.replacements, app.images, app.templates, shell).register(router);
        new OperationRoutes(app.operations, app.farms, app.templates, shell).register(router);
        new FarmRoutes(app.farms, new FarmHistory(app.jdbi, app.farms, app.clock), app.lifecycle, app.inventory, app.roles, app.clouds, app.credentials,
                app.templates, shell).register(router);
        new UsageRoutes(app.usage, app.pickers, app.templates, shell).register(router);
        new PickerRoutes(app.pickers, app.templates).register(router);
        new FreshnessRoutes(app.usage, app.farms, app.templates).register(router);
        new CredentialRoutes(app.credentials, app.clouds, app.templates, shell).register(router);

        ApiCaller caller = ApiCaller.oncePerRequest(
                ctx -> app.users.viewerOf(ApiAuthenticator.credential(ctx).userId(), Channel.API));
        // Rights before input: a scope the caller cannot enter is "not found" before any body is read.
        router.before(ApiRoutes.PREFIX + "/user/{envId}/*", ctx -> app.access.requireEnter(caller.viewer(ctx),
                ScopeRef.environment(ApiPaths.id(ctx, "envId"))));
        router.before(ApiRoutes.PREFIX + "/account/{accountId}/*", ctx -> app.access.requireReach(caller.viewer(ctx),
                ScopeRef.account(ApiPaths.id(ctx, "accountId"))));
        router.before(ApiRoutes.PREFIX + "/*", ApiBody::noneOnRead);
        ApiRouter api = new ApiRouter(router);
        new ScopeApi(app.scopeService, caller).register(api);
        new UserApi(app.users, app.apiKeys, caller).register(api);
        new AuditApi(app.auditReader, caller).register(api);
        new ImageApi(app.images, app.imageDeprecations, caller).register(api);
        new RoleApi(app.roles, app.roleImages, app.rolePromotion, caller).register(api);
        new ReplacementApi(app.replacements, app.access, caller).register(api);
        new OperationApi(app.operations, caller).register(api);
        new FarmApi(app.farms, app.lifecycle, app.inventory, caller).register(api);
        new UsageApi(app.usage, caller).register(api);
        new CredentialApi(app.credentials, caller).register(api);
        new UpdateTaskApi(app.updateTasks, caller).register(api);
        ApiSpecs.mount(router, api);
        new ApiDocs(app.templates, shell).register(router);

        router.exception(NotFoundException.class, (e, ctx) -> refuse(ctx, app, shell, ApiError.OBJECT_NOT_FOUND,
                "Not found", ApiErrors.isApi(ctx) ? e.getMessage()
                        : "There is nothing at " + ctx.path() + ", or you may not see it."));
        router.exception(ForbiddenException.class, (e, ctx) ->
                refuse(ctx, app, shell, ApiError.PERMISSION_VIOLATION, "Not allowed", e.getMessage()));
        router.exception(ForbiddenResponse.class, (e, ctx) ->
                refuse(ctx, app, shell, ApiError.PERMISSION_VIOLATION, "Not allowed", e.getMessage()));
        router.exception(imagehub.core.ValidationException.class, (e, ctx) ->
                refuse(ctx, app, shell, ApiError.INVALID_VALUE, "Not accepted", describe(e)));
        router.exception(ProviderException.class, (e, ctx) ->
                refuse(ctx, app, shell, ApiError.CLOUD_PROVIDER_ERROR, "Cloud error", e.getMessage()));
        router.exception(ConflictException.class, (e, ctx) -> {
            if (ApiErrors.isApi(ctx)) {
                ApiErrors.render(ctx, new ApiException(409, e.code(), e.getMessage()));
            } else {
                error(ctx, app, shell, 409, "Not possible", e.getMessage());
            }
        });
        router.error(404, ctx -> {
            if (!ctx.path().startsWith("/api/") && (ctx.result() == null || !ctx.result().contains("<html"))) {
                error(ctx, app, shell, 404, "Not found", "There is nothing at " + ctx.path() + ", or you may not see it.");
            }
        });
        router.error(405, ctx -> {
            if (!ApiErrors.isApi(ctx)) {
                error(ctx, app, shell, 405, "Not possible", ctx.method() + " is not used at " + ctx.path());
            }
        });
        router.exception(Exception.class, (e, ctx) -> {
            if (Database.unreachable(e)) {
                log.warn("{} {}: the database is unreachable: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.header("Retry-After", "10");
                String message = "The database is not answering right now. Please try again in a moment.";
                if (ApiErrors.isApi(ctx)) {
                    ApiErrors.render(ctx, new ApiException(ApiError.SERVICE_UNAVAILABLE, message));
                } else { // a page without the scope switcher and menus, which would ask the database again
                    ctx.status(503).html(app.templates.render(ErrorPage.TEMPLATE, new ErrorPage(
                            Layout.standalone("Database unavailable", app.build), 503, "Database unavailable", message)));
                }
                return;
            }
            if (ApiErrors.isApi(ctx)) {
                ApiErrors.unexpected(e, ctx);
                return;
            }
            log.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, app, shell, 500, "Something went wrong",
                    "The error was logged. Please try again, and tell your administrator if it persists.");
        });
    }

    /** A refused request: the JSON error envelope under /api/, the error page elsewhere. */
    private static void refuse(Context ctx, AppContext app, Shell shell, ApiError error, String heading, String message) {
        if (ApiErrors.isApi(ctx)) {
            ApiErrors.render(ctx, new ApiException(error, message));
        } else {
            error(ctx, app, shell, error.status(), heading, message);
        }
    }

    private static String describe(imagehub.core.ValidationException e) {
        return e.errors().entrySet().stream()
                .map(entry -> entry.getKey().isEmpty() ? entry.getValue() : entry.getKey() + ": " + entry.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private static void error(Context ctx, AppContext app, Shell shell, int status, String heading, String message) {
        ctx.status(status).html(app.templates.render(ErrorPage.TEMPLATE,
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
