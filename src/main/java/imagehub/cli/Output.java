package imagehub.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints answers: JSON as the API gives {@code data}, or aligned tables and key/value listings for people. */
final class Output {
    private static final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String GAP = "  ";

    private Output() {
    }

    static void json(PrintStream out, JsonNode data) {
        try {
            out.println(json.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always writes", e);
        }
    }

    /** Items as a table with {@code columns} (dotted paths); with none declared, every scalar field of the items. */
    static void table(PrintStream out, List<JsonNode> items, List<String> columns) {
        List<String> heads = columns.isEmpty() ? fieldsOf(items) : columns;
        List<List<String>> rows = new ArrayList<>();
        rows.add(heads);
        for (JsonNode item : items) {
            Map<String, String> flat = flatten(item);
            rows.add(heads.stream().map(head -> flat.getOrDefault(head, "")).toList());
        }
        int[] widths = new int[heads.size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i]) + GAP);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** One object as aligned {@code field  value} lines, nested fields as dotted paths. */
    static void object(PrintStream out, JsonNode data) {
        Map<String, String> flat = flatten(data);
        int width = flat.keySet().stream().mapToInt(String::length).max().orElse(0);
        flat.forEach((key, value) -> out.println((pad(key, width) + GAP + value).stripTrailing()));
    }

    /** Scalars by dotted path; arrays of scalars joined with commas, arrays of objects by index. */
    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", node, flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), flat);
            }
        } else if (node.isArray() && allScalars(node)) {
            List<String> values = new ArrayList<>();
            node.forEach(value -> values.add(value.asText()));
            flat.put(prefix, String.join(",", values));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), flat);
            }
        } else {
            flat.put(prefix, node.isNull() ? "" : node.asText());
        }
    }

    private static boolean allScalars(JsonNode array) {
        for (JsonNode value : array) {
            if (value.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> fieldsOf(List<JsonNode> items) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        items.forEach(item -> flatten(item).keySet().forEach(key -> seen.put(key, true)));
        return List.copyOf(seen.keySet());
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
