package imagehub.web;

import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a form was filled with and what was wrong with it, for re-rendering it with field errors. */
public record Form(Map<String, String> values, Map<String, String> errors) {
    public static final Form EMPTY = new Form(Map.of(), Map.of());

    public static Form of(Context ctx, List<String> fields) {
        Map<String, String> values = new HashMap<>();
        for (String field : fields) {
            String value = ctx.formParam(field);
            if (value != null) {
                values.put(field, value);
            }
        }
        return new Form(values, Map.of());
    }

    /** The non-blank query parameters among {@code names}, stripped, in that order: a list page's filters. */
    public static java.util.Map<String, String> query(Context ctx, List<String> names) {
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String name : names) {
            String value = ctx.queryParam(name);
            if (value != null && !value.isBlank()) {
                values.put(name, value.strip());
            }
        }
        return values;
    }

    public Form withErrors(Map<String, String> fieldErrors) {
        return new Form(values, fieldErrors);
    }

    /** The form again with the messages of a refused change next to the fields they concern. */
    public Form withError(RuntimeException refusal) {
        if (refusal instanceof ValidationException invalid) {
            return withErrors(invalid.errors());
        }
        if (refusal instanceof ConflictException conflict) {
            return withErrors(Map.of(conflict.field(), conflict.getMessage()));
        }
        throw refusal;
    }

    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    public String error(String field) {
        return errors.get(field);
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    /** Messages that belong to no single field. */
    public String formError() {
        return errors.get("");
    }

    public boolean failed() {
        return !errors.isEmpty();
    }
}
