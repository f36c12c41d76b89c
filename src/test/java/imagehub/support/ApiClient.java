package imagehub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;

/** Signed JSON API calls against a {@link TestApp}, as one API key. */
public final class ApiClient {
    private static final ObjectMapper json = new ObjectMapper();
    private final TestApp app;
    private final ApiSigner signer;

    public ApiClient(TestApp app, String keyId, String secret) {
        this.app = app;
        this.signer = new ApiSigner(keyId, secret);
    }

    /** An answer: status and parsed body (null for an empty body). */
    public record Answer(int status, JsonNode body) {
        public String errorCode() {
            return body == null ? null : body.path("errors").path(0).path("code").asText(null);
        }

        public JsonNode data() {
            return body.path("data");
        }
    }

    public Answer get(String path) {
        return call("GET", path, "{}");
    }

    public Answer post(String path, String body) {
        return call("POST", path, body);
    }

    public Answer patch(String path, String body) {
        return call("PATCH", path, body);
    }

    public Answer delete(String path) {
        return call("DELETE", path, "{}");
    }

    /** Every item of a list, following {@code pagination.next} from {@code first}; each page must answer 200. */
    public java.util.List<JsonNode> walk(String first) {
        java.util.List<JsonNode> items = new java.util.ArrayList<>();
        for (String next = first; next != null; ) {
            Answer page = get(next);
            if (page.status() != 200) {
                throw new AssertionError("GET " + next + " answered " + page.status() + ": " + page.body());
            }
            page.data().forEach(items::add);
            next = page.body().path("pagination").path("next").asText(null);
        }
        return items;
    }

    public Answer call(String method, String path, String body) {
        HttpResponse<String> response = app.send(signer.request(method, URI.create(app.baseUrl() + path), body, Instant.now()));
        try {
            return new Answer(response.statusCode(), response.body().isEmpty() ? null : json.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + response.body(), e);
        }
    }
}
