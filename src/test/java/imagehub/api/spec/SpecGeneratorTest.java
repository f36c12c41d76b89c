package imagehub.api.spec;

import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The generator on routes made up for the test: what a declaration becomes in each level's spec, and what it refuses. */
class SpecGeneratorTest {
    static final Definition THING = Definition.of("Thing", () -> properties()
            .prop("id", integer().ro())
            .prop("name", string())
            .prop("parent", ref(SpecGeneratorTest.THING_KEY)));
    static final Definition THING_KEY = Definition.of("ThingForeignKey", () -> properties()
            .prop("id", integer()).required("id").references(THING));
    static final Definition UNUSED = Definition.of("Unused", () -> properties().prop("id", integer()));

    private final AtomicReference<Javalin> javalin = new AtomicReference<>();

    private ApiRouter routes(Consumer<ApiRouter> declare) {
        AtomicReference<ApiRouter> api = new AtomicReference<>();
        javalin.set(Javalin.create(config -> {
            api.set(new ApiRouter(config.routes));
            declare.accept(api.get());
        }));
        return api.get();
    }

    @Test
    void a_route_is_mounted_and_declared_at_its_levels_only() {
        ApiRouter api = routes(r -> r
                .add(Route.get("/things/").only(Level.USER, Level.GLOBAL).describe(l -> "Things of the " + l.word() + ".")
                        .answers(Response.list(THING)), ctx -> ctx.result("[]")));
        Set<String> mounted = new TreeSet<>();
        javalin.get().unsafe.internalRouter.allHttpHandlers().forEach(h -> mounted.add(h.endpoint.method + " " + h.endpoint.path));
        assertEquals(Set.of("GET /api/v1beta0/user/{envId}/things/", "GET /api/v1beta0/global/things/"), mounted);

        Map<String, Object> user = SpecGenerator.spec(api, Level.USER);
        Map<String, Object> list = map(map(map(user, "paths"), "/{envId}/things/"), "get");
        assertEquals("Things of the Environment.", list.get("description"));
        assertEquals(List.of(Map.of("type", "integer", "description", "The ID of the Environment scoping this request.",
                "name", "envId", "in", "path", "required", true)), map(map(user, "paths"), "/{envId}/things/").get("parameters"));
        assertEquals("Things of the Scalr (Global) scope.",
                map(map(map(SpecGenerator.spec(api, Level.GLOBAL), "paths"), "/things/"), "get").get("description"));
        assertTrue(map(SpecGenerator.spec(api, Level.ACCOUNT), "paths").isEmpty());
    }

    @Test
    void the_definitions_are_those_the_routes_reach_with_list_filters_sorted_as_x_filterable() {
        ApiRouter api = routes(r -> r
                .add(Route.get("/things/").describe("Things.").answers(Response.list(THING)).filters(Set.of("name", "id")),
                        ctx -> ctx.result("[]")));
        Map<String, Object> definitions = map(SpecGenerator.spec(api, Level.ACCOUNT), "definitions");
        assertEquals(new TreeSet<>(List.of("ApiErrorResponse", "ApiMessage", "ApiMetaContainer", "ApiPagination", "Thing",
                "ThingForeignKey", "ThingListResponse")), new TreeSet<>(definitions.keySet()));
        assertEquals(List.of("id", "name"), map(definitions, "Thing").get("x-filterable"));
        assertFalse(map(definitions, "ThingForeignKey").containsKey("x-filterable"));
        assertEquals(Map.of("$ref", "#/definitions/Thing"), map(definitions, "ThingForeignKey").get("x-references"));
    }

    @Test
    void a_path_parameter_nobody_declared_stops_the_generator() {
        ApiRouter api = routes(r -> r.add(Route.get("/things/{thingId}/").describe("One thing.")
                .answers(Response.one(THING)), ctx -> ctx.result("{}")));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> SpecGenerator.spec(api, Level.USER));
        assertTrue(refused.getMessage().contains("{thingId}"), refused.getMessage());
    }

    @Test
    void a_route_declared_twice_is_refused_and_one_without_a_description_stops_the_generator() {
        assertThrows(IllegalArgumentException.class, () -> routes(r -> r
                .add(Route.get("/things/").describe("Things.").answers(Response.list(THING)), ctx -> ctx.result("[]"))
                .add(Route.get("/things/").describe("Things again.").answers(Response.list(THING)).only(Level.USER),
                        ctx -> ctx.result("[]"))));
        ApiRouter undescribed = routes(r -> r.add(Route.get("/things/").answers(Response.list(THING)), ctx -> ctx.result("[]")));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SpecGenerator.spec(undescribed, Level.USER));
        assertTrue(refused.getMessage().contains("GET /{envId}/things/"), refused.getMessage());
    }

    @Test
    void two_different_definitions_of_one_name_stop_the_generator() {
        Definition other = Definition.of("Thing", () -> properties().prop("id", string()));
        ApiRouter api = routes(r -> r
                .add(Route.get("/things/").describe("Things.").answers(Response.list(THING)), ctx -> ctx.result("[]"))
                .add(Route.get("/others/").describe("Others.").answers(Response.list(other)), ctx -> ctx.result("[]")));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> SpecGenerator.spec(api, Level.USER));
        assertTrue(refused.getMessage().contains("Thing"), refused.getMessage());
    }

    @Test
    void a_path_parameter_declared_twice_differently_is_refused() {
        assertThrows(IllegalStateException.class, () -> routes(r -> r
                .pathParam("thingId", integer().describe("A thing."))
                .pathParam("thingId", string().describe("A thing."))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof Map, key + " in " + parent.keySet());
        return (Map<String, Object>) value;
    }
}
