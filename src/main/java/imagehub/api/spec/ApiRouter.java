package imagehub.api.spec;

import imagehub.api.ApiRoutes;
import imagehub.api.ScopedApi;
import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers API routes and keeps their declarations: each {@link Route} is mounted at the levels it names and is
 * the same object the specs are generated from, so a route cannot be served without being declared or declared
 * without being served.
 */
public final class ApiRouter {
    private final JavalinDefaultRoutingApi router;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, Schema> pathParams = new LinkedHashMap<>();

    public ApiRouter(JavalinDefaultRoutingApi router) {
        this.router = router;
    }

    /** Mounts {@code handler} for {@code route}; the handler learns the scope of the URL. */
    public ApiRouter add(Route route, ScopedApi.Handler handler) {
        return add(route, (Handler) ctx -> handler.handle(ctx, ScopedApi.scope(ctx)));
    }

    public ApiRouter add(Route route, Handler handler) {
        for (Level level : route.levels()) {
            router.addHttpHandler(route.method(), level.basePath() + level.keyPrefix() + route.suffix(), handler);
        }
        routes.add(route);
        return this;
    }

    /** Declares what the path parameter {@code {name}} is, once for every route that has it. */
    public ApiRouter pathParam(String name, Schema schema) {
        Schema known = pathParams.putIfAbsent(name, schema);
        if (known != null && !known.fields().equals(schema.fields())) {
            throw new IllegalStateException("path parameter {" + name + "} is declared twice, differently");
        }
        return this;
    }

    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }

    Map<String, Schema> pathParams() {
        return Collections.unmodifiableMap(pathParams);
    }
}
