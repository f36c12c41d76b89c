package imagehub.api.spec;

import io.javalin.http.HandlerType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes the Swagger 2.0 spec of one level from the declared routes: their paths with path parameters, operations
 * with body, query parameters, success and error answers, and every definition those reach. Filters of the list
 * routes become {@code x-filterable} of the listed object. The rules clients depend on are in API-COMPAT.md "Specs".
 */
public final class SpecGenerator {
    private static final List<HandlerType> METHOD_ORDER = List.of(HandlerType.GET, HandlerType.POST, HandlerType.PATCH,
            HandlerType.DELETE);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    private final Level level;
    private final Map<String, Schema> pathParams;
    private final Map<String, Set<String>> filters = new HashMap<>();
    private final Map<String, Definition> reached = new TreeMap<>();
    private final Deque<Definition> pending = new ArrayDeque<>();

    private SpecGenerator(Level level, Map<String, Schema> pathParams) {
        this.level = level;
        this.pathParams = pathParams;
    }

    /** The spec of {@code level} as YAML text. */
    public static String yaml(ApiRouter api, Level level) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(110);
        options.setIndent(2);
        return "# Generated from the API route declarations (imagehub.api.spec); see ApiSpecGoldenTest.\n"
                + new Yaml(options).dump(spec(api, level));
    }

    /** The spec of {@code level} as plain maps and lists. */
    public static Map<String, Object> spec(ApiRouter api, Level level) {
        return new SpecGenerator(level, api.pathParams()).build(api.routes());
    }

    private Map<String, Object> build(List<Route> routes) {
        Map<String, Map<HandlerType, Route>> byKey = new TreeMap<>();
        for (Route route : routes) {
            if (route.levels().contains(level)) {
                // Javalin refuses a second handler for a method and path, so each key and method comes once.
                byKey.computeIfAbsent(level.keyPrefix() + route.suffix(), k -> new HashMap<>()).put(route.method(), route);
                if (route.response() != null && route.response().isList() && !route.filters().isEmpty()) {
                    filters.computeIfAbsent(route.response().item().name(), k -> new TreeSet<>()).addAll(route.filters());
                }
            }
        }
        Map<String, Object> paths = new LinkedHashMap<>();
        byKey.forEach((key, methods) -> {
            Map<String, Object> path = new LinkedHashMap<>();
            path.put("parameters", pathParameters(key));
            for (HandlerType method : METHOD_ORDER) {
                if (methods.containsKey(method)) {
                    path.put(method.name().toLowerCase(), operation(methods.get(method)));
                }
            }
            paths.put(key, path);
        });
        render(Envelopes.ERROR);
        Map<String, Object> definitions = new TreeMap<>();
        while (!pending.isEmpty()) {
            Definition definition = pending.pop();
            definitions.put(definition.name(), definition(definition));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("swagger", "2.0");
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("title", "Imagehub " + Character.toUpperCase(level.id().charAt(0)) + level.id().substring(1) + " API");
        info.put("version", "v1beta0");
        info.put("description", "Scalr APIv2 (v1beta0) compatible API of Imagehub, " + level.id() + " scope. Requests "
                + "are signed with X-Scalr-Key-Id, X-Scalr-Date and X-Scalr-Signature.");
        spec.put("info", info);
        spec.put("basePath", level.basePath());
        spec.put("schemes", List.of("https", "http"));
        spec.put("consumes", List.of("application/json"));
        spec.put("produces", List.of("application/json"));
        spec.put("paths", paths);
        spec.put("definitions", definitions);
        return spec;
    }

    private List<Object> pathParameters(String key) {
        List<Object> parameters = new ArrayList<>();
        Matcher placeholders = PLACEHOLDER.matcher(key);
        Set<String> seen = new TreeSet<>();
        while (placeholders.find()) {
            String name = placeholders.group(1);
            if (!seen.add(name)) {
                continue;
            }
            Schema schema = name.equals(level.param()) ? level.pathParam() : pathParams.get(name);
            if (schema == null) {
                throw new IllegalStateException("path parameter {" + name + "} of " + key + " is not declared");
            }
            parameters.add(render(schema.with("name", name).with("in", "path").with("required", true)));
        }
        return parameters;
    }

    private Map<String, Object> operation(Route route) {
        String where = route.method() + " " + level.keyPrefix() + route.suffix();
        String description = route.description(level);
        if (description == null || route.response() == null) {
            throw new IllegalStateException(where + " needs a description and a success response");
        }
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("description", description);
        List<Object> parameters = new ArrayList<>();
        if (route.body() != null) {
            parameters.add(render(route.body()));
        }
        route.queryParams().forEach(param -> parameters.add(render(param)));
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        Response success = route.response();
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("description", success.description());
        if (success.envelope() != null) {
            ok.put("schema", render(Schema.ref(success.envelope())));
        }
        responses.put(success.status(), ok);
        Envelopes.errors().forEach((status, error) -> responses.put(status, render(error)));
        operation.put("responses", responses);
        return operation;
    }

    private Object definition(Definition definition) {
        Object rendered = render(definition.schema());
        Set<String> filterable = filters.get(definition.name());
        if (filterable != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> withFilters = (Map<String, Object>) rendered;
            withFilters.put("x-filterable", List.copyOf(filterable));
        }
        return rendered;
    }

    /** Plain maps and lists; a definition becomes its {@code #/definitions/…} text and joins the spec. */
    private Object render(Object value) {
        if (value instanceof Schema schema) {
            Map<String, Object> map = new LinkedHashMap<>();
            schema.fields().forEach((key, field) -> map.put(key, render(field)));
            return map;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, field) -> copy.put((String) key, render(field)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::render).toList();
        }
        if (value instanceof Definition definition) {
            Definition known = reached.putIfAbsent(definition.name(), definition);
            if (known == null) {
                pending.add(definition);
            } else if (known != definition && !known.schema().equals(definition.schema())) {
                throw new IllegalStateException("two different definitions are named " + definition.name());
            }
            return definition.toString();
        }
        return value;
    }
}
