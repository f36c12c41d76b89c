package imagehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imagehub.support.ApiSigner;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ApiRoutes} on a bare Javalin with test-only routes and a known key: what signed clients see.
 * The server is configured like {@code WebApp.configure} (405 over 404, catch-all handed to
 * {@link ApiErrors#unexpected}).
 */
class ApiRoutesTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final ApiCredential KEY = new ApiCredential("APIKEY0000000001", 42, "s3cret");
    private static final ApiSigner client = new ApiSigner(KEY.keyId(), KEY.secret());
    private static final String ITEMS = ApiRoutes.PREFIX + "/test/items/";
    private static final ObjectMapper json = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Javalin server;

    @BeforeAll
    static void start() {
        ApiKeyLookup keys = keyId -> keyId.equals(KEY.keyId()) ? Optional.of(KEY) : Optional.empty();
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.prefer405over404 = true;
            {
                var router = config.routes;
                ApiRoutes.mount(router, keys, (keyId, signature, until) -> true, Clock.fixed(NOW, ZoneOffset.UTC));
                router.get(ApiRoutes.PREFIX + "/test/whoami/", ctx -> Envelope.ok(ctx,
                        Map.of("userId", ApiAuthenticator.credential(ctx).userId(), "at", NOW)));
                router.get(ITEMS, ctx -> {
                    ListQuery query = ListQuery.of(ctx, Set.of("name"));
                    List<Long> page = LongStream.rangeClosed(1, 7).skip(query.offset()).limit(query.maxResults())
                            .boxed().toList();
                    Envelope.list(ctx, query, page, 7);
                });
                router.post(ITEMS, ctx -> {
                    var body = ApiBody.object(ctx);
                    ApiBody.requireOnly(body, Set.of("name"), Set.of("id"));
                    Envelope.created(ctx, body);
                });
                router.delete(ITEMS + "{id}/", Envelope::deleted);
                router.get(ApiRoutes.PREFIX + "/test/number/{n}/", ctx -> Envelope.ok(ctx,
                        ctx.pathParamAsClass("n", Integer.class).get()));
                router.get(ApiRoutes.PREFIX + "/test/in-use/", ctx -> {
                    throw new ApiException(ApiError.OBJECT_IN_USE, "Image is used by 2 roles");
                });
                router.get(ApiRoutes.PREFIX + "/test/boom/", ctx -> {
                    throw new IllegalStateException("a bug");
                });
                router.exception(Exception.class, ApiErrors::unexpected);
            }
        }).start(0);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void a_signed_request_reaches_its_handler_with_the_credential() throws Exception {
        HttpResponse<String> response = signed("GET", ApiRoutes.PREFIX + "/test/whoami/", "{}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json.readTree(response.body());
        assertEquals(42, body.at("/data/userId").asLong());
        assertEquals("2024-05-01T12:00:00Z", body.at("/data/at").asText());
        assertEquals(response.headers().firstValue(RequestId.HEADER).orElseThrow(), body.at("/meta/requestId").asText());
        assertTrue(body.get("warnings").isArray() && body.get("warnings").isEmpty());
        assertFalse(body.has("errors"));
        assertFalse(body.get("meta").has("stringToSign"));
    }

    @Test
    void x_scalr_debug_echoes_the_signed_string_even_on_failure() throws Exception {
        HttpRequest good = client.request("GET", uri(ApiRoutes.PREFIX + "/test/whoami/?b=1&a=x+y"), "{}", NOW);
        JsonNode body = json.readTree(send(HttpRequest.newBuilder(good, (name, value) -> true)
                .header(SignedRequest.DEBUG, "1").build()).body());
        assertEquals("GET\n2024-05-01T12:00:00Z\n" + ApiRoutes.PREFIX + "/test/whoami/\na=x%20y&b=1\n{}",
                body.at("/meta/stringToSign").asText());

        HttpRequest tampered = HttpRequest.newBuilder(good, (name, value) -> true)
                .header(SignedRequest.DEBUG, "1")
                .method("GET", HttpRequest.BodyPublishers.ofString("{\"x\":1}")).build();
        HttpResponse<String> response = send(tampered);
        assertEquals(401, response.statusCode());
        assertTrue(json.readTree(response.body()).at("/meta/stringToSign").asText().endsWith("\n{\"x\":1}"));
    }

    @Test
    void a_signed_request_to_an_unknown_api_route_is_404_object_not_found() throws Exception {
        assertError(signed("GET", ApiRoutes.PREFIX + "/user/1/nothing-here/", "{}"), 404, "ObjectNotFound");
    }

    @Test
    void a_known_route_with_another_method_is_405_in_json() throws Exception {
        assertError(signed("PUT", ITEMS, "{}"), 405, "MethodNotAllowed");
    }

    @Test
    void an_expired_signature_is_401() throws Exception {
        HttpResponse<String> response = send(client.request("GET", uri(ITEMS), "{}", NOW.minusSeconds(301)));
        assertEquals("Request is expired.", assertError(response, 401, "BadAuthentication").at("/errors/0/message").asText());
    }

    @Test
    void a_list_has_data_pagination_and_warnings() throws Exception {
        HttpResponse<String> response = signed("GET", ITEMS + "?pageNum=2&name=a+b&maxResults=3", "{}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json.readTree(response.body());
        assertEquals("[4,5,6]", body.get("data").toString());
        assertEquals(ITEMS + "?name=a%20b&maxResults=3&pageNum=1", body.at("/pagination/first").asText());
        assertEquals(ITEMS + "?name=a%20b&maxResults=3&pageNum=3", body.at("/pagination/last").asText());
        assertEquals(ITEMS + "?name=a%20b&maxResults=3&pageNum=3", body.at("/pagination/next").asText());
        assertEquals(ITEMS + "?name=a%20b&maxResults=3&pageNum=1", body.at("/pagination/prev").asText());
        assertEquals("[]", body.get("warnings").toString());
    }

    @Test
    void a_list_refuses_an_unknown_filter_by_name() throws Exception {
        JsonNode body = assertError(signed("GET", ITEMS + "?colour=red", "{}"), 400, "InvalidStructure");
        assertTrue(body.at("/errors/0/message").asText().contains("colour"));
    }

    @Test
    void a_post_with_charset_content_type_creates() throws Exception {
        HttpResponse<String> response = signed("POST", ITEMS, "{\"name\":\"golden\"}");
        assertEquals(201, response.statusCode(), response.body());
        assertEquals("golden", json.readTree(response.body()).at("/data/name").asText());
    }

    @Test
    void malformed_json_and_unknown_keys_are_400_invalid_structure() throws Exception {
        assertError(signed("POST", ITEMS, "{\"name\":"), 400, "InvalidStructure");
        JsonNode body = assertError(signed("POST", ITEMS, "{\"id\":\"1\",\"name\":\"x\"}"), 400, "InvalidStructure");
        assertEquals("Property 'id' is read-only", body.at("/errors/0/message").asText());
    }

    @Test
    void a_delete_signed_with_a_body_answers_204_empty() throws Exception {
        HttpResponse<String> response = signed("DELETE", ITEMS + "12/", "{}");
        assertEquals(204, response.statusCode());
        assertEquals("", response.body());
    }

    @Test
    void service_errors_and_bad_path_values_keep_their_codes() throws Exception {
        assertError(signed("GET", ApiRoutes.PREFIX + "/test/in-use/", "{}"), 409, "ObjectInUse");
        assertError(signed("GET", ApiRoutes.PREFIX + "/test/number/abc/", "{}"), 400, "InvalidValue");
    }

    @Test
    void an_unexpected_exception_is_500_internal_error_in_json() throws Exception {
        JsonNode body = assertError(signed("GET", ApiRoutes.PREFIX + "/test/boom/", "{}"), 500, "InternalError");
        assertFalse(body.at("/errors/0/message").asText().contains("a bug"), "internals stay in the log");
    }

    @Test
    void a_client_that_cannot_take_json_is_406() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(client.request("GET", uri(ApiRoutes.PREFIX + "/test/whoami/"), "{}", NOW),
                (name, value) -> true).header("Accept", "text/html").build();
        assertError(send(request), 406, "NotAcceptable");
    }

    private static HttpResponse<String> signed(String method, String pathAndQuery, String body) {
        return send(client.request(method, uri(pathAndQuery), body, NOW));
    }

    private static URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + server.port() + pathAndQuery);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json;charset=utf-8", response.headers().firstValue("Content-Type").orElse("").replace(" ", ""));
        JsonNode body = json.readTree(response.body());
        assertEquals(code, body.at("/errors/0/code").asText(), response.body());
        assertEquals(response.headers().firstValue(RequestId.HEADER).orElseThrow(), body.at("/meta/requestId").asText());
        return body;
    }
}
