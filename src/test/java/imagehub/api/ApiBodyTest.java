package imagehub.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiBodyTest {
    private static final String JSON_UTF8 = "application/json; charset=utf-8";

    @Test
    void a_json_object_is_read_with_or_without_charset() {
        assertEquals("x", parse(JSON_UTF8, "{\"name\":\"x\"}").get("name").asText());
        assertEquals("x", parse("Application/JSON", "{\"name\":\"x\"}").get("name").asText());
        assertEquals("x", parse(null, "{\"name\":\"x\"}").get("name").asText());
    }

    @Test
    void an_empty_body_is_an_empty_object_whatever_its_content_type() {
        assertTrue(parse(null, "").isEmpty());
        assertTrue(parse("text/plain", " \n").isEmpty());
    }

    @Test
    void malformed_or_non_object_json_is_invalid_structure() {
        assertError(400, "InvalidStructure", JSON_UTF8, "{\"name\":");
        assertError(400, "InvalidStructure", JSON_UTF8, "{\"a\":1} trailing");
        assertError(400, "InvalidStructure", JSON_UTF8, "{\"a\":1,\"a\":2}");
        assertError(400, "InvalidStructure", JSON_UTF8, "[1,2]");
    }

    @Test
    void another_content_type_is_unsupported() {
        assertError(415, "UnsupportedMediaType", "application/x-www-form-urlencoded", "name=x");
    }

    @Test
    void unknown_and_read_only_keys_are_refused_by_name() {
        ObjectNode body = parse(JSON_UTF8, "{\"name\":\"x\",\"deprecated\":true}");
        ApiBody.requireOnly(body, Set.of("name", "deprecated"), Set.of("id"));
        ApiException unknown = assertThrows(ApiException.class,
                () -> ApiBody.requireOnly(body, Set.of("name"), Set.of("id")));
        assertEquals("InvalidStructure", unknown.code());
        assertEquals("Unexpected property 'deprecated'", unknown.getMessage());
        ApiException readOnly = assertThrows(ApiException.class, () -> ApiBody.requireOnly(
                parse(JSON_UTF8, "{\"id\":\"1\"}"), Set.of("name"), Set.of("id")));
        assertEquals("Property 'id' is read-only", readOnly.getMessage());
    }

    private static ObjectNode parse(String contentType, String body) {
        return ApiBody.parse(contentType, body.getBytes(UTF_8));
    }

    private static void assertError(int status, String code, String contentType, String body) {
        ApiException error = assertThrows(ApiException.class, () -> parse(contentType, body), body);
        assertEquals(status, error.status(), body);
        assertEquals(code, error.code(), body);
    }
}
