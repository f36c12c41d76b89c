package imagehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import imagehub.support.ApiClient;
import imagehub.support.TestApp;
import imagehub.WebApp;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

/**
 * The Swagger specs scalr-ctl builds its commands from: served without auth, shaped as API-COMPAT.md
 * requires (checked over every path and operation), and declaring exactly the API routes the app has.
 */
class ApiSpecsTest {
    static final String BOOTSTRAP_KEY = "APIKBOOTSTRAP0000002";
    static final String BOOTSTRAP_SECRET = "bootstrap-secret-for-spec-tests";
    private static final Set<String> METHODS = Set.of("get", "post", "patch", "delete");
    private static final Set<String> PATH_PARAMS = Set.of("envId", "accountId", "imageId", "roleId", "replacementId",
            "userId", "grantId", "keyId", "operationId", "farmId", "farmRoleId", "serverId", "credentialsId",
            "taskId", "executionId");
    /** Actions that take no input declare no body parameter at all, as Scalr's role promote does. */
    private static final Set<String> NO_BODY = Set.of("actions/promote/", "actions/rollback/", "actions/cancel/",
            "actions/launch/", "actions/suspend/", "actions/resume/", "{farmRoleId}/servers/", "actions/run/",
            "actions/pause/");
    private static final Set<String> SERVER_OWNED = Set.of("id", "scope", "source", "status", "statusError", "added",
            "lastUsed", "createdBy", "deprecation", "grants", "keyId", "secret");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    @RegisterExtension
    static final TestApp app = new TestApp().with("IMAGEHUB_BOOTSTRAP_API_KEY", BOOTSTRAP_KEY + ":" + BOOTSTRAP_SECRET);

    private static final Map<String, Map<String, Object>> specs = new HashMap<>();

    @BeforeAll
    static void load() {
        for (String level : ApiSpecs.LEVELS) {
            HttpResponse<String> response = app.get(ApiSpecs.path(level));
            assertEquals(200, response.statusCode(), level);
            assertTrue(response.headers().firstValue("Content-Type").orElse("").contains("yaml"), level);
            specs.put(level, new Yaml().load(response.body()));
        }
    }

    @Test
    void specs_are_served_without_auth_as_swagger_2_with_our_base_paths() {
        for (String level : ApiSpecs.LEVELS) {
            Map<String, Object> spec = specs.get(level);
            assertEquals("2.0", spec.get("swagger"));
            assertEquals("/api/v1beta0/" + level, spec.get("basePath"));
            assertFalse(map(spec, "paths").isEmpty());
        }
        assertEquals(404, app.get("/api/admin.v1beta0.yml").statusCode());
    }

    @Test
    void every_route_and_operation_follows_the_client_rules() {
        List<String> problems = new ArrayList<>();
        for (String level : ApiSpecs.LEVELS) {
            Map<String, Object> spec = specs.get(level);
            checkRefs(spec, spec, level, problems);
            for (Map.Entry<String, Object> route : map(spec, "paths").entrySet()) {
                checkRoute(spec, level, route.getKey(), asMap(route.getValue()), problems);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void body_parameters_carry_the_names_clients_fill_in() {
        Map<String, Object> user = map(specs.get("user"), "paths");
        assertEquals("imageObject", bodyName(user, "/{envId}/images/", "post"));
        assertEquals("image", bodyName(user, "/{envId}/images/{imageId}/", "patch"));
        assertEquals("roleObject", bodyName(user, "/{envId}/roles/", "post"));
        assertEquals("roleObject", bodyName(user, "/{envId}/roles/{roleId}/", "patch"));
        assertEquals("roleImageObject", bodyName(user, "/{envId}/roles/{roleId}/images/", "post"));
        assertEquals("roleImageObject", bodyName(user, "/{envId}/roles/{roleId}/images/{imageId}/actions/replace/", "post"));
        assertEquals("replaceImageRequest", bodyName(user, "/{envId}/images/{imageId}/actions/replace/", "post"));
        assertEquals("cloneRoleRequest", bodyName(user, "/{envId}/roles/{roleId}/actions/clone/", "post"));
        assertEquals("deprecateRoleRequest", bodyName(user, "/{envId}/roles/{roleId}/actions/deprecate/", "post"));
        assertEquals("terminateFarmRequest", bodyName(user, "/{envId}/farms/{farmId}/actions/terminate/", "post"));
        assertEquals("serverLaunchRequest", bodyName(user, "/{envId}/servers/", "post"));
        assertEquals("serverTerminationOptions", bodyName(user, "/{envId}/servers/{serverId}/actions/terminate/", "post"));
        assertEquals("farmRoleObject", bodyName(user, "/{envId}/farm-roles/{farmRoleId}/", "patch"));
        assertEquals("imageObject", bodyName(map(specs.get("account"), "paths"), "/{accountId}/images/", "post"));
        assertEquals("image", bodyName(map(specs.get("global"), "paths"), "/images/{imageId}/", "patch"));
    }

    @Test
    void deprecated_is_writable_and_filters_match_the_handlers() {
        for (String level : ApiSpecs.LEVELS) {
            Map<String, Object> definitions = map(specs.get(level), "definitions");
            for (String item : List.of("Image", "Role")) {
                Map<String, Object> deprecated = asMap(map(asMap(definitions.get(item)), "properties").get("deprecated"));
                assertEquals("boolean", deprecated.get("type"), level + " " + item);
                assertNotEquals(Boolean.TRUE, deprecated.get("readOnly"), level + " " + item + ".deprecated is writable");
            }
            assertEquals(Set.of("id", "name", "scope", "cloudPlatform", "cloudLocation", "cloudImageId", "architecture",
                    "source", "status", "deprecated", "os", "scalrAgentInstalled", "cloudInitInstalled"),
                    Set.copyOf(list(asMap(definitions.get("Image")), "x-filterable")), level);
            assertEquals(Set.of("id", "name", "os", "category", "scope", "deprecated"),
                    Set.copyOf(list(asMap(definitions.get("Role")), "x-filterable")), level);
            assertEquals(Set.of("family"), Set.copyOf(list(asMap(definitions.get("Os")), "x-filterable")), level);
            assertEquals(Set.of("user", "object", "action", "from", "to"),
                    Set.copyOf(list(asMap(definitions.get("AuditLogEntry")), "x-filterable")), level);
        }
    }

    /** Every declared route and method reaches a handler: a signed call answers anything but a routing miss. */
    @Test
    void every_declared_operation_is_routed() {
        ApiClient admin = new ApiClient(app, BOOTSTRAP_KEY, BOOTSTRAP_SECRET);
        List<String> misses = new ArrayList<>();
        for (String operation : declaredOperations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = PLACEHOLDER.matcher(operation.substring(method.length() + 1)).replaceAll(m ->
                    m.group(1).equals("imageId") ? "0b1c2d3e-0000-4000-8000-000000000999" : "999999");
            ApiClient.Answer answer = admin.call(method, path, "{}");
            String message = answer.body() == null ? "" : answer.body().path("errors").path(0).path("message").asText("");
            if (answer.status() == 405 || (answer.status() == 404 && message.startsWith("There is no API endpoint"))) {
                misses.add(operation + " -> " + answer.status() + " " + message);
            }
        }
        assertTrue(misses.isEmpty(), String.join("\n", misses));
    }

    /** The specs declare exactly the API routes the app registers, no more and no fewer. */
    @Test
    void the_specs_declare_exactly_the_routes_of_the_app() {
        Javalin unstarted = Javalin.create(config -> WebApp.configure(config, app.context()));
        Set<String> routed = new TreeSet<>();
        unstarted.unsafe.internalRouter.allHttpHandlers().forEach(parsed -> {
            HandlerType method = parsed.endpoint.method;
            String path = parsed.endpoint.path;
            if (path.startsWith(ApiRoutes.PREFIX + "/") && METHODS.contains(method.name().toLowerCase())) {
                routed.add(method.name() + " " + path);
            }
        });
        Set<String> declared = declaredOperations();
        Set<String> undeclared = new TreeSet<>(routed);
        undeclared.removeAll(declared);
        Set<String> unrouted = new TreeSet<>(declared);
        unrouted.removeAll(routed);
        assertTrue(undeclared.isEmpty(), "routed but not in a spec: " + undeclared);
        assertTrue(unrouted.isEmpty(), "in a spec but not routed: " + unrouted);
        assertTrue(declared.contains("POST /api/v1beta0/user/{envId}/roles/{roleId}/images/{imageId}/actions/replace/"));
    }

    private static Set<String> declaredOperations() {
        Set<String> operations = new TreeSet<>();
        for (String level : ApiSpecs.LEVELS) {
            Map<String, Object> spec = specs.get(level);
            for (Map.Entry<String, Object> route : map(spec, "paths").entrySet()) {
                for (String method : asMap(route.getValue()).keySet()) {
                    if (METHODS.contains(method)) {
                        operations.add(method.toUpperCase() + " " + spec.get("basePath") + route.getKey());
                    }
                }
            }
        }
        return operations;
    }

    private static void checkRoute(Map<String, Object> spec, String level, String key, Map<String, Object> route,
            List<String> problems) {
        String where = level + " " + key;
        String scopeParam = switch (level) {
            case "user" -> "{envId}";
            case "account" -> "{accountId}";
            default -> null;
        };
        if (!key.endsWith("/")) {
            problems.add(where + ": no trailing /");
        }
        if (scopeParam != null ? !key.startsWith("/" + scopeParam + "/") : key.startsWith("/{")) {
            problems.add(where + ": must start with the scope parameter of the " + level + " API");
        }
        // Path-level parameters: exactly the placeholders of the key, each fully described.
        List<String> placeholders = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(key);
        while (matcher.find()) {
            placeholders.add(matcher.group(1));
        }
        List<String> declared = new ArrayList<>();
        for (Object raw : route.containsKey("parameters") ? list(route, "parameters") : List.of()) {
            Map<String, Object> param = asMap(raw);
            declared.add(String.valueOf(param.get("name")));
            if (!"path".equals(param.get("in")) || !Boolean.TRUE.equals(param.get("required")) || param.get("type") == null
                    || blank(param.get("description")) || !PATH_PARAMS.contains(String.valueOf(param.get("name")))) {
                problems.add(where + ": path parameter " + param + " needs name, in: path, required, type, description");
            }
        }
        if (!declared.equals(placeholders)) {
            problems.add(where + ": path parameters " + declared + " are not " + placeholders);
        }
        Set<String> methods = new TreeSet<>(route.keySet());
        methods.remove("parameters");
        if (!METHODS.containsAll(methods) || methods.isEmpty()) {
            problems.add(where + ": methods " + methods);
        }
        if (methods.contains("patch") && !methods.contains("get")) {
            problems.add(where + ": PATCH without GET");
        }
        for (String method : methods) {
            checkOperation(spec, where + " " + method.toUpperCase(), key, method, asMap(route.get(method)), problems);
        }
    }

    private static void checkOperation(Map<String, Object> spec, String where, String key, String method,
            Map<String, Object> operation, List<String> problems) {
        if (blank(operation.get("description"))) {
            problems.add(where + ": no description");
        }
        List<Object> params = operation.containsKey("parameters") ? list(operation, "parameters") : List.of();
        Map<String, Object> responses = map(operation, "responses");
        switch (method) {
            case "post", "patch" -> {
                boolean noBody = method.equals("post") && NO_BODY.stream().anyMatch(key::endsWith);
                if (noBody ? !params.isEmpty() : params.size() != 1) {
                    problems.add(where + ": must have " + (noBody ? "no parameter" : "exactly one parameter, the body"));
                } else if (!noBody) {
                    Map<String, Object> body = asMap(params.get(0));
                    if (!"body".equals(body.get("in")) || blank(body.get("name")) || blank(body.get("description"))
                            || !(body.get("schema") instanceof Map<?, ?> schema) || schema.isEmpty()) {
                        problems.add(where + ": the parameter must be in: body with a name, description and schema");
                    } else if (asMap(body.get("schema")).get("$ref") instanceof String ref && !hasProperties(spec, ref)) {
                        problems.add(where + ": body schema " + ref + " has no properties");
                    }
                }
                if (responses.keySet().stream().noneMatch(code -> code.startsWith("2"))) {
                    problems.add(where + ": no 2xx response");
                }
            }
            case "get", "delete" -> {
                for (Object raw : params) {
                    Map<String, Object> param = asMap(raw);
                    if (blank(param.get("name")) || blank(param.get("in")) || !param.containsKey("required")
                            || blank(param.get("description"))) {
                        problems.add(where + ": parameter " + param + " needs name, in, required, description");
                    }
                }
                if (method.equals("delete") && !responses.containsKey("204")) {
                    problems.add(where + ": DELETE must answer 204");
                }
                if (method.equals("get")) {
                    checkGetResponse(spec, where, responses, problems);
                }
            }
            default -> problems.add(where + ": unexpected method");
        }
    }

    private static void checkGetResponse(Map<String, Object> spec, String where, Map<String, Object> responses,
            List<String> problems) {
        Object ok = responses.get("200");
        Object ref = ok instanceof Map<?, ?> response && response.get("schema") instanceof Map<?, ?> schema
                ? schema.get("$ref") : null;
        if (!(ref instanceof String responseRef) || lookup(spec, responseRef) == null) {
            problems.add(where + ": 200.schema.$ref must name a definition");
            return;
        }
        Map<String, Object> envelope = lookup(spec, responseRef);
        Map<String, Object> data = envelope.get("properties") instanceof Map<?, ?> properties
                && properties.get("data") instanceof Map<?, ?> d ? asMap(d) : null;
        if (data == null) {
            problems.add(where + ": " + responseRef + " has no properties.data");
            return;
        }
        String itemRef;
        if ("array".equals(data.get("type"))) {
            itemRef = data.get("items") instanceof Map<?, ?> items ? (String) items.get("$ref") : null;
            if (!map(envelope, "properties").containsKey("pagination")) {
                problems.add(where + ": list response " + responseRef + " has no pagination");
            }
        } else {
            itemRef = (String) data.get("$ref");
        }
        if (itemRef == null || !hasProperties(spec, itemRef)) {
            problems.add(where + ": data of " + responseRef + " must be a $ref to a definition with properties");
            return;
        }
        Map<String, Object> properties = map(lookup(spec, itemRef), "properties");
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            boolean readOnly = Boolean.TRUE.equals(asMap(property.getValue()).get("readOnly"));
            // A scope given by reference ({level, id} of a grant) is input; the object's own scope is a name.
            boolean input = property.getKey().equals("scope") && asMap(property.getValue()).containsKey("$ref");
            if (SERVER_OWNED.contains(property.getKey()) && !readOnly && !input) {
                problems.add(where + ": " + itemRef + "." + property.getKey() + " must be readOnly");
            }
            if (property.getKey().equals("deprecated") && readOnly) {
                problems.add(where + ": " + itemRef + ".deprecated must not be readOnly");
            }
        }
    }

    /** Every {@code $ref} anywhere in the document resolves. */
    private static void checkRefs(Map<String, Object> spec, Object node, String level, List<String> problems) {
        if (node instanceof Map<?, ?> object) {
            if (object.get("$ref") instanceof String ref && lookup(spec, ref) == null) {
                problems.add(level + ": unresolved " + ref);
            }
            object.values().forEach(value -> checkRefs(spec, value, level, problems));
        } else if (node instanceof List<?> items) {
            items.forEach(item -> checkRefs(spec, item, level, problems));
        }
    }

    private static boolean hasProperties(Map<String, Object> spec, String ref) {
        Map<String, Object> definition = lookup(spec, ref);
        return definition != null && definition.get("properties") instanceof Map<?, ?> properties && !properties.isEmpty();
    }

    private static Map<String, Object> lookup(Map<String, Object> spec, String ref) {
        if (!ref.startsWith("#/definitions/")) {
            return null;
        }
        Object definition = map(spec, "definitions").get(ref.substring("#/definitions/".length()));
        return definition instanceof Map<?, ?> ? asMap(definition) : null;
    }

    private static String bodyName(Map<String, Object> paths, String key, String method) {
        Map<String, Object> route = asMap(paths.get(key));
        assertNotNull(route, key);
        Map<String, Object> operation = asMap(route.get(method));
        assertNotNull(operation, key + " " + method);
        List<Object> params = list(operation, "parameters");
        assertEquals(1, params.size(), key + " " + method);
        assertEquals("body", asMap(params.get(0)).get("in"));
        return String.valueOf(asMap(params.get(0)).get("name"));
    }

    private static boolean blank(Object text) {
        return !(text instanceof String s) || s.isBlank();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        if (value != null && !(value instanceof Map)) {
            fail("not a mapping: " + value);
        }
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Map<String, Object> value = asMap(parent.get(key));
        assertNotNull(value, "missing " + key);
        return value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof List, key + " is not a list: " + value);
        return (List<Object>) value;
    }
}
