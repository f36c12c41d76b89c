package imagehub.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.Set;

/** Request bodies of the API: one JSON object, read on every method because clients send one even on GET. */
public final class ApiBody {
    // Immutable and thread-safe; duplicate keys and trailing garbage are refused rather than guessed at.
    private static final ObjectReader JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ApiBody() {
    }

    /** The body of {@code ctx} as a JSON object; an empty body is {@code {}}. */
    public static ObjectNode object(Context ctx) {
        return parse(ctx.contentType(), ctx.bodyAsBytes());
    }

    /**
     * The body of a request that takes no input: clients sign and send {@code {}}, or nothing; anything
     * else is 400, so a misplaced option is never silently ignored.
     */
    public static void none(Context ctx) {
        Iterator<String> names = object(ctx).fieldNames();
        if (names.hasNext()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Unexpected property '" + names.next()
                    + "': this request takes no body (send {} or nothing)");
        }
    }

    /** {@link #none} for GET, whose routes take no body; mounted once for every API route. */
    public static void noneOnRead(Context ctx) {
        if (ctx.method() == HandlerType.GET) {
            none(ctx);
        }
    }

    /**
     * @param contentType the Content-Type header, may be null; {@code application/json} with any
     *     parameters (such as {@code charset=utf-8}) is accepted
     * @throws ApiException 415 for another content type, 400 {@code InvalidStructure} for anything
     *     but a JSON object
     */
    public static ObjectNode parse(String contentType, byte[] body) {
        if (new String(body, UTF_8).isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (contentType != null && !mediaType(contentType).equals("application/json")) {
            throw new ApiException(ApiError.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json, not " + contentType);
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading bytes in memory", e);
        }
        if (!node.isObject()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "The body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** The body of {@code ctx} as a JSON object holding only {@code writable} keys; see {@link #requireOnly}. */
    public static ObjectNode object(Context ctx, Set<String> writable, Set<String> readOnly) {
        ObjectNode body = object(ctx);
        requireOnly(body, writable, readOnly);
        return body;
    }

    /**
     * Refuses keys a client may not send: {@code readOnly} ones (server-owned, such as {@code id}) and
     * any not in {@code writable}.
     *
     * @throws ApiException 400 {@code InvalidStructure} naming the first such key
     */
    public static void requireOnly(JsonNode object, Set<String> writable, Set<String> readOnly) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (readOnly.contains(name)) {
                throw new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + name + "' is read-only");
            }
            if (!writable.contains(name)) {
                throw new ApiException(ApiError.INVALID_STRUCTURE, "Unexpected property '" + name + "'");
            }
        }
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** A string property, or null when absent or null; any other JSON type is 400 InvalidStructure. */
    public static String text(ObjectNode body, String field) {
        return typed(body, field, null, JsonNode::isTextual, "a string", JsonNode::asText);
    }

    /** A boolean property, {@code fallback} when absent or null; any other JSON type is 400 InvalidStructure. */
    public static boolean bool(ObjectNode body, String field, boolean fallback) {
        return typed(body, field, fallback, JsonNode::isBoolean, "true or false", JsonNode::booleanValue);
    }

    /** A whole-number property, or null when absent or null; any other JSON type is 400 InvalidStructure. */
    public static Integer integer(ObjectNode body, String field) {
        return typed(body, field, null, JsonNode::isInt, "a whole number", JsonNode::intValue);
    }

    /** A whole-number property, {@code fallback} when absent or null; any other JSON type is 400 InvalidStructure. */
    public static int integer(ObjectNode body, String field, int fallback) {
        return typed(body, field, fallback, JsonNode::isInt, "a whole number", JsonNode::intValue);
    }

    private static <T> T typed(ObjectNode body, String field, T fallback, Predicate<JsonNode> isType, String expected,
            Function<JsonNode, T> read) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!isType.test(node)) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + field + "' must be " + expected);
        }
        return read.apply(node);
    }
}
