package imagehub.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imagehub.support.ApiProbe;
import imagehub.support.ApiProbe.Operation;
import imagehub.support.ApiSigner;
import imagehub.support.TestApp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every operation of the served specs, aimed at real objects an admin may change, sent each kind of bad
 * input: each answers a JSON error with a code and a message (never a 500, never HTML) and writes
 * nothing. The operations come from the specs, so a new route is walked as soon as it is declared.
 */
class BadInputTest {
    private static final String KEY = "APIKBADINPUT00000001";
    private static final String SECRET = "bad-input-secret-of-some-length";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LONG_TEXT = "x".repeat(70_000);

    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler()
            .with("IMAGEHUB_BOOTSTRAP_API_KEY", KEY + ":" + SECRET);

    private static final ApiSigner signer = new ApiSigner(KEY, SECRET);
    private static final Map<String, Map<String, String>> idsByLevel = new HashMap<>();
    private static List<Operation> operations;
    private static ApiProbe probe;
    private Map<String, Long> before;

    @BeforeAll
    static void objects() {
        probe = new ApiProbe(app);
        operations = ApiProbe.operations();
        idsByLevel.putAll(probe.objects());
    }

    @BeforeEach
    void fingerprint() {
        before = probe.fingerprint();
    }

    @AfterEach
    void nothing_was_written() {
        assertEquals(before, probe.fingerprint(), "a refused request changed a table");
    }

    @Test
    void a_body_that_is_not_a_json_object_is_400_on_every_route() {
        List<String> wrong = new ArrayList<>();
        for (Operation op : operations) {
            for (String body : List.of("{\"name\":", "not json", "[]", "[{}]", "\"text\"", "42", "null", "{\"a\": 1, \"a\": 2}")) {
                expect(wrong, op, path(op), body, Set.of(400));
            }
        }
        assertNone(wrong);
    }

    @Test
    void an_unknown_property_is_400_on_every_route() {
        List<String> wrong = new ArrayList<>();
        for (Operation op : operations) {
            expect(wrong, op, path(op), "{\"noSuchProperty\": 1}", Set.of(400));
        }
        assertNone(wrong);
    }

    @Test
    void a_property_of_the_wrong_kind_is_400_on_every_route() {
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (Operation op : operations) {
            if (!op.takesBody()) {
                continue;
            }
            Map<String, Object> definitions = ApiProbe.definitions(op.level());
            for (Map.Entry<String, Map<String, Object>> property : writable(definitions, op.body()).entrySet()) {
                for (String value : wrongKinds(definitions, property.getValue())) {
                    expect(wrong, op, path(op), "{\"" + property.getKey() + "\": " + value + "}", Set.of(400));
                    sent++;
                }
            }
        }
        assertTrue(sent > 300, "only " + sent + " bodies sent: are the specs' body schemas read?");
        assertNone(wrong);
    }

    @Test
    void a_body_of_another_media_type_is_415_on_every_route_that_takes_one() {
        List<String> wrong = new ArrayList<>();
        for (Operation op : operations) {
            if (op.takesBody()) {
                HttpRequest signed = signer.request(op.method(), URI.create(app.baseUrl() + path(op)), "{}", Instant.now());
                check(wrong, op.toString(), app.send(HttpRequest.newBuilder(signed, (name, value) -> !name.equals("Content-Type"))
                        .header("Content-Type", "application/x-www-form-urlencoded").build()), Set.of(415));
            }
        }
        assertNone(wrong);
    }

    @Test
    void a_create_without_its_required_properties_is_400() {
        List<String> wrong = new ArrayList<>();
        for (Operation op : operations) {
            if (op.method().equals("POST") && op.takesBody() && !required(op.body()).isEmpty()) {
                expect(wrong, op, path(op), "{}", Set.of(400));
            }
        }
        assertNone(wrong);
    }

    @Test
    void a_path_id_that_is_not_an_id_is_400_or_404_on_every_route() {
        List<String> wrong = new ArrayList<>();
        for (Operation op : operations) {
            for (String name : ApiProbe.placeholders(op.path())) {
                for (String bad : List.of("abc", "-1", "0", "1.5", "99999999999999999999999", "%20", "1%00")) {
                    String path = ApiProbe.fill(op.path(), ApiProbe.with(idsByLevel.get(op.level()), name, bad));
                    expect(wrong, op, path, "{}", Set.of(400, 404));
                }
            }
        }
        assertNone(wrong);
    }

    @Test
    void lists_refuse_unknown_filters_bad_paging_and_oversized_values() {
        List<String> wrong = new ArrayList<>();
        for (Operation op : operations) {
            if (!op.isList()) {
                continue;
            }
            String path = path(op);
            String filter = filterable(op).stream().findFirst().orElse("name");
            for (String query : List.of("noSuchFilter=1", "maxResults=0", "maxResults=101", "maxResults=ten",
                    "pageNum=0", "pageNum=-3", "pageNum=99999999999", "maxResults=1&maxResults=2",
                    filter + "=" + "y".repeat(2_000))) {
                expect(wrong, op, path + "?" + query, "{}", Set.of(400));
            }
        }
        assertNone(wrong);
    }

    @Test
    void a_declared_query_parameter_with_a_bad_value_is_400() {
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (Operation op : operations) {
            for (String name : op.queryParams()) {
                expect(wrong, op, path(op) + "?" + name + "=maybe", "{}", Set.of(400));
                sent++;
            }
        }
        assertTrue(sent > 0);
        assertNone(wrong);
    }

    @Test
    void an_oversized_query_value_is_400_in_json_on_every_route() {
        List<String> wrong = new ArrayList<>();
        for (Operation op : operations) {
            expect(wrong, op, path(op) + "?name=" + "q".repeat(3_000), "{}", Set.of(400));
        }
        assertNone(wrong);
    }

    /**
     * Only the headers are sent, announcing a 1.1 MB body that never comes: an answer at all proves the
     * server refused without waiting for (reading) the body.
     */
    @Test
    void a_body_over_1_mb_is_413_in_json_before_it_is_read() throws IOException {
        String big = "{\"name\": \"" + "b".repeat(1_100_000) + "\"}";
        List<String> wrong = new ArrayList<>();
        for (Operation op : operations) {
            HttpRequest signed = signer.request(op.method(), URI.create(app.baseUrl() + path(op)), big, Instant.now());
            check(wrong, op.toString(), headersOnly(signed, big.getBytes(UTF_8).length), Set.of(413));
        }
        assertNone(wrong);
    }

    @Test
    void a_chunked_body_over_1_mb_is_413_in_json() {
        byte[] big = ("{\"name\": \"" + "c".repeat(1_100_000) + "\"}").getBytes(UTF_8);
        Operation create = operations.stream().filter(op -> op.toString().equals("POST /api/v1beta0/user/{envId}/roles/"))
                .findFirst().orElseThrow();
        HttpRequest signed = signer.request("POST", URI.create(app.baseUrl() + path(create)), new String(big, UTF_8),
                Instant.now());
        HttpRequest chunked = HttpRequest.newBuilder(signed, (name, value) -> true)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .timeout(Duration.ofSeconds(20)).build();
        List<String> wrong = new ArrayList<>();
        check(wrong, "chunked " + create, app.send(chunked), Set.of(413));
        assertNone(wrong);
    }

    @Test
    void too_long_urls_and_headers_are_json_errors_under_api() {
        List<String> wrong = new ArrayList<>();
        String images = ApiProbe.fill("/api/v1beta0/user/{envId}/images/", idsByLevel.get("user"));
        check(wrong, "long url", app.send(signer.request("GET",
                URI.create(app.baseUrl() + images + "?name=" + "u".repeat(20_000)), "{}", Instant.now())), Set.of(414));
        check(wrong, "long header", app.send(HttpRequest.newBuilder(signer.request("GET",
                URI.create(app.baseUrl() + images), "{}", Instant.now()), (name, value) -> true)
                .header("X-Padding", "h".repeat(20_000)).build()), Set.of(431));
        assertNone(wrong);
    }

    @Test
    void unknown_routes_under_api_are_json_404() {
        List<String> wrong = new ArrayList<>();
        for (String path : List.of("/api/v1beta0/user/" + idsByLevel.get("user").get("envId") + "/no-such-thing/",
                "/api/v1beta0/global/images/x/y/z/", "/api/v1beta0/nowhere", "/api/v1beta0/", "/api/v2/images/",
                "/api/nothing-here.yml")) {
            for (String method : List.of("GET", "POST", "PATCH", "DELETE")) {
                check(wrong, method + " " + path, send(method, path, "{}"), Set.of(404));
            }
        }
        assertNone(wrong);
    }

    /** All that went wrong, one line each (the lists can be long: the message has them all, in order). */
    private static void assertNone(List<String> wrong) {
        assertTrue(wrong.isEmpty(), wrong.size() + " wrong answers:\n" + String.join("\n", wrong));
    }

    private static void expect(List<String> wrong, Operation op, String path, String body, Set<Integer> statuses) {
        String what = op + " " + abbreviate(path) + " " + abbreviate(body);
        try {
            check(wrong, what, send(op.method(), path, body), statuses);
        } catch (IllegalStateException noAnswer) {
            wrong.add(what + " -> no answer: " + noAnswer.getMessage());
        }
    }

    /** Adds what is wrong with {@code response} to {@code wrong}: the status, or a body that is not the error envelope. */
    private static void check(List<String> wrong, String what, HttpResponse<String> response, Set<Integer> statuses) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode error = null;
        try {
            error = JSON.readTree(response.body()).path("errors").path(0);
        } catch (IOException | RuntimeException e) {
            // not JSON: reported below
        }
        boolean envelope = type.startsWith("application/json") && error != null
                && !error.path("code").asText("").isBlank() && !error.path("message").asText("").isBlank();
        if (!statuses.contains(response.statusCode()) || !envelope) {
            wrong.add(what + " -> " + response.statusCode() + " " + type + " "
                    + (envelope ? error.path("code").asText() + ": " + abbreviate(error.path("message").asText()) : abbreviate(response.body())));
        }
    }

    /** {@code request}'s headers with {@code Content-Length: length}, and no body, on a plain socket. */
    private static HttpResponse<String> headersOnly(HttpRequest request, int length) throws IOException {
        URI url = request.uri();
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder(request.method() + " " + url.getRawPath() + " HTTP/1.1\r\n")
                    .append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n")
                    .append("Content-Length: ").append(length).append("\r\n");
            request.headers().map().forEach((name, values) -> values.forEach(value ->
                    head.append(name).append(": ").append(value).append("\r\n")));
            socket.getOutputStream().write(head.append("\r\n").toString().getBytes(UTF_8));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), UTF_8);
            return RawResponse.parse(answer, request);
        }
    }

    /** The little of {@link HttpResponse} that {@link #check} reads, parsed from a raw HTTP/1.1 answer. */
    private record RawResponse(int statusCode, HttpHeaders headers, String body, HttpRequest request)
            implements HttpResponse<String> {
        static RawResponse parse(String answer, HttpRequest request) {
            int split = answer.indexOf("\r\n\r\n");
            String[] lines = answer.substring(0, split < 0 ? answer.length() : split).split("\r\n");
            Map<String, List<String>> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
            int status = lines[0].isEmpty() ? 0 : Integer.parseInt(lines[0].split(" ")[1]);
            return new RawResponse(status, HttpHeaders.of(headers, (k, v) -> true),
                    split < 0 ? "" : answer.substring(split + 4), request);
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    private static HttpResponse<String> send(String method, String path, String body) {
        return app.send(HttpRequest.newBuilder(signer.request(method, URI.create(app.baseUrl() + path), body, Instant.now()),
                (name, value) -> true).timeout(Duration.ofSeconds(20)).build());
    }

    private static String path(Operation op) {
        return ApiProbe.fill(op.path(), idsByLevel.get(op.level()));
    }

    /** The properties a client may send in {@code schema}: all but the read-only ones. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> writable(Map<String, Object> definitions, Map<String, Object> schema) {
        Map<String, Map<String, Object>> writable = new LinkedHashMap<>();
        ((Map<String, Object>) schema.getOrDefault("properties", Map.of())).forEach((name, value) -> {
            Map<String, Object> property = (Map<String, Object>) value;
            if (!Boolean.TRUE.equals(property.get("readOnly"))) {
                writable.put(name, property);
            }
        });
        return writable;
    }

    /** JSON values no client may send for {@code property}: other kinds, unknown enum values, overlong text. */
    @SuppressWarnings("unchecked")
    private static List<String> wrongKinds(Map<String, Object> definitions, Map<String, Object> property) {
        Map<String, Object> schema = ApiProbe.resolve(definitions, property);
        String type = (String) schema.get("type");
        if (type == null && schema.containsKey("properties")) {
            type = "object";
        }
        if (type == null) {
            return List.of();
        }
        return switch (type) {
            case "string" -> schema.containsKey("enum") ? List.of("[\"x\"]", "true", "\"no-such-value\"")
                    : List.of("[\"x\"]", "true", "{}", "\"" + LONG_TEXT + "\"");
            case "integer" -> List.of("\"twelve\"", "1.5", "[1]", "{}", "99999999999999999999999");
            case "number" -> List.of("\"many\"", "[1]", "{}");
            case "boolean" -> List.of("\"yes\"", "1", "[]");
            case "array" -> {
                List<String> values = new ArrayList<>(List.of("\"x\"", "{}", "7"));
                Map<String, Object> items = (Map<String, Object>) schema.get("items");
                if (items != null) {
                    wrongKinds(definitions, items).stream().limit(1).forEach(item -> values.add("[" + item + "]"));
                }
                yield values;
            }
            case "object" -> {
                List<String> values = new ArrayList<>(List.of("\"x\"", "[1]", "12"));
                ((Map<String, Object>) schema.getOrDefault("properties", Map.of())).forEach((name, nested) -> {
                    Map<String, Object> nestedSchema = ApiProbe.resolve(definitions, (Map<String, Object>) nested);
                    if (!Boolean.TRUE.equals(nestedSchema.get("readOnly")) && !nestedSchema.containsKey("properties")) {
                        wrongKinds(definitions, nestedSchema).stream().limit(1)
                                .forEach(v -> values.add("{\"" + name + "\": " + v + "}"));
                    }
                });
                yield values;
            }
            default -> List.of();
        };
    }

    @SuppressWarnings("unchecked")
    private static List<String> required(Map<String, Object> schema) {
        return (List<String>) schema.getOrDefault("required", List.of());
    }

    @SuppressWarnings("unchecked")
    private static List<String> filterable(Operation op) {
        return (List<String>) op.item().getOrDefault("x-filterable", List.of());
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 100 ? text : text.substring(0, 100) + "…(" + text.length() + ")";
    }
}
