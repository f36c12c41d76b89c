package imagehub.api.spec;

import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One API route as the spec declares it and {@link ApiRouter} registers it: method, path below the scope, the
 * levels it exists at (all three unless {@link #only}), description, body, success answer and list filters.
 */
public final class Route {
    private final HandlerType method;
    private final String suffix;
    private Set<Level> levels = Level.ALL;
    private Function<Level, String> description;
    private Response response;
    private Schema body;
    private final List<Schema> queryParams = new ArrayList<>();
    private final Set<String> filters = new TreeSet<>();

    private Route(HandlerType method, String suffix) {
        if (!suffix.startsWith("/") || !suffix.endsWith("/")) {
            throw new IllegalArgumentException("an API path starts and ends with /: " + suffix);
        }
        this.method = method;
        this.suffix = suffix;
    }

    public static Route get(String suffix) {
        return new Route(HandlerType.GET, suffix);
    }

    public static Route post(String suffix) {
        return new Route(HandlerType.POST, suffix);
    }

    public static Route patch(String suffix) {
        return new Route(HandlerType.PATCH, suffix);
    }

    public static Route delete(String suffix) {
        return new Route(HandlerType.DELETE, suffix).answers(Response.DELETED);
    }

    /** The levels the route exists at, when not all three. */
    public Route only(Level first, Level... more) {
        levels = EnumSet.of(first, more);
        return this;
    }

    public Route describe(String text) {
        return describe(level -> text);
    }

    /** A description naming the level's scope, e.g. {@code l -> "List the Images of the " + l.word() + "."}. */
    public Route describe(Function<Level, String> text) {
        description = text;
        return this;
    }

    public Route answers(Response success) {
        response = success;
        return this;
    }

    /** The JSON body (the one parameter of a POST or PATCH), named as clients fill it in. */
    public Route body(String name, String text, Schema schema) {
        return body(name, text, schema, true);
    }

    /** A body clients may leave out. */
    public Route optionalBody(String name, String text, Schema schema) {
        return body(name, text, schema, false);
    }

    private Route body(String name, String text, Schema schema, boolean required) {
        body = Schema.properties().describe(text).with("in", "body").with("name", name).with("required", required)
                .with("schema", schema);
        return this;
    }

    /**
     * An optional query parameter of a GET or DELETE, of a simple {@code type} such as {@code Schema.bool()} (list
     * filters are declared with {@link #filters}).
     */
    public Route query(String name, Schema type, String text) {
        Schema param = Schema.properties().with("name", name).with("in", "query").with("required", false);
        for (var field : type.fields().entrySet()) {
            param = param.with(field.getKey(), field.getValue());
        }
        queryParams.add(param.describe(text));
        return this;
    }

    /** The filters a list accepts, declared as {@code x-filterable} of the listed object. */
    public Route filters(Collection<String> names) {
        filters.addAll(names);
        return this;
    }

    public HandlerType method() {
        return method;
    }

    public String suffix() {
        return suffix;
    }

    public Set<Level> levels() {
        return levels;
    }

    String description(Level level) {
        return description == null ? null : description.apply(level);
    }

    Response response() {
        return response;
    }

    Schema body() {
        return body;
    }

    List<Schema> queryParams() {
        return queryParams;
    }

    Set<String> filters() {
        return filters;
    }
}
