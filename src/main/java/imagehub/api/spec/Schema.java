package imagehub.api.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Swagger 2.0 schema, built by chaining: {@code Schema.string().describe("…").ro()}. Every step answers a new
 * schema, so a shared one is never changed by its users. References to {@link Definition}s stay objects until the
 * generator writes them, which lets it collect every definition a spec reaches.
 */
public final class Schema {
    private final Map<String, Object> fields;

    private Schema(Map<String, Object> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** A schema with no type, only what is added to it (a definition with properties). */
    public static Schema properties() {
        return new Schema(new LinkedHashMap<>());
    }

    public static Schema string() {
        return properties().with("type", "string");
    }

    public static Schema integer() {
        return properties().with("type", "integer");
    }

    public static Schema bool() {
        return properties().with("type", "boolean");
    }

    public static Schema number() {
        return properties().with("type", "number");
    }

    public static Schema object() {
        return properties().with("type", "object");
    }

    /** An object without properties: the body of an action that takes no options ({@code {}}). */
    public static Schema emptyObject() {
        return object().with("properties", Map.of());
    }

    public static Schema dateTime() {
        return string().format("date-time");
    }

    public static Schema array(Schema items) {
        return properties().with("items", items).with("type", "array");
    }

    public static Schema ref(Definition definition) {
        return properties().with("$ref", definition);
    }

    /** Image ids: UUID text. */
    public static Schema uuid() {
        return properties().with("maxLength", 36).with("minLength", 36)
                .with("pattern", "[A-Fa-f0-9]{8}-([A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}").with("type", "string");
    }

    /** The name of a scope as objects carry it. */
    public static Schema scopeName() {
        return string().enumOf("scalr", "account", "environment");
    }

    public Schema describe(String description) {
        return with("description", description);
    }

    /** Server-owned: clients read it and never send it. */
    public Schema ro() {
        return with("readOnly", true);
    }

    public Schema format(String format) {
        return with("format", format);
    }

    public Schema pattern(String pattern) {
        return with("pattern", pattern);
    }

    public Schema enumOf(String... values) {
        return with("enum", List.of(values));
    }

    public Schema defaultValue(Object value) {
        return with("default", value);
    }

    public Schema nullable() {
        return with("x-nullable", true);
    }

    public Schema additionalProperties(Schema values) {
        return with("additionalProperties", values);
    }

    public Schema prop(String name, Schema schema) {
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = fields.get("properties") instanceof Map<?, ?> existing
                ? new LinkedHashMap<>((Map<String, Object>) existing) : new LinkedHashMap<>();
        properties.put(name, schema);
        return with("properties", Collections.unmodifiableMap(properties));
    }

    public Schema required(String... names) {
        return append("required", names);
    }

    /** Properties a client sets on create only. */
    public Schema createOnly(String... names) {
        return append("x-createOnly", names);
    }

    /** The definition an id or foreign key points to. */
    public Schema references(Definition definition) {
        return with("x-references", ref(definition));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Schema schema && schema.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    Map<String, Object> fields() {
        return fields;
    }

    Schema with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.put(key, value);
        return new Schema(copy);
    }

    private Schema append(String key, String... names) {
        List<Object> values = new ArrayList<>();
        if (fields.get(key) instanceof List<?> existing) {
            values.addAll(existing);
        }
        values.addAll(List.of(names));
        return with(key, List.copyOf(values));
    }
}
