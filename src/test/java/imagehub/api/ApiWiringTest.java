package imagehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imagehub.support.ApiSigner;
import imagehub.support.TestApp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The API plumbing as {@code WebApp.configure} mounts it in the real app (which has no API keys yet). */
class ApiWiringTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withoutScheduler();

    private static final ObjectMapper json = new ObjectMapper();

    @Test
    void an_unsigned_request_is_401_bad_authentication_in_json() throws Exception {
        HttpResponse<String> response = app.get("/api/v1beta0/user/1/images/");
        JsonNode body = assertJsonError(response, 401, "BadAuthentication");
        assertEquals("Unsigned request", body.at("/errors/0/message").asText());
    }

    @Test
    void an_unsigned_request_to_an_unknown_api_route_is_401_because_authentication_comes_first() throws Exception {
        assertJsonError(app.get("/api/v1beta0/no/such/route/"), 401, "BadAuthentication");
    }

    @Test
    void a_request_signed_with_an_unknown_key_is_401() throws Exception {
        HttpResponse<String> response = app.send(new ApiSigner("NOSUCHKEY", "secret").request("GET",
                URI.create(app.baseUrl() + "/api/v1beta0/user/1/images/"), "{}", Instant.now()));
        JsonNode body = assertJsonError(response, 401, "BadAuthentication");
        assertEquals("Invalid API key", body.at("/errors/0/message").asText());
    }

    @Test
    void an_unknown_path_under_api_is_404_object_not_found_in_json() throws Exception {
        assertJsonError(app.get("/api/no-such-thing"), 404, "ObjectNotFound");
    }

    @Test
    void other_paths_keep_their_html_404() {
        HttpResponse<String> response = imagehub.support.WebClient.signedIn(app, imagehub.support.TestApp.ADMIN).get("/no/such/page");
        assertEquals(404, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(response.body().contains("Not found"));
    }

    private static JsonNode assertJsonError(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json;charset=utf-8", response.headers().firstValue("Content-Type").orElse("").replace(" ", ""));
        JsonNode body = json.readTree(response.body());
        assertEquals(code, body.at("/errors/0/code").asText(), response.body());
        String requestId = body.at("/meta/requestId").asText();
        assertEquals(36, requestId.length(), "a UUID");
        assertEquals(requestId, response.headers().firstValue(RequestId.HEADER).orElse(""));
        return body;
    }
}
