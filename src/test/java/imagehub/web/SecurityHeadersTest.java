package imagehub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.support.TestApp;
import imagehub.support.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every answer carries the security headers, error pages and requests Jetty refuses included. */
class SecurityHeadersTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    private static void assertSecurityHeaders(HttpResponse<?> response) {
        var headers = response.headers();
        String csp = headers.firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertEquals("DENY", headers.firstValue("X-Frame-Options").orElse(null));
        assertEquals("nosniff", headers.firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("same-origin", headers.firstValue("Referrer-Policy").orElse(null));
    }

    @Test
    void pages_and_error_pages_carry_the_security_headers_and_are_not_stored() {
        HttpResponse<String> login = app.get("/login");
        assertSecurityHeaders(login);
        assertEquals("no-store", login.headers().firstValue("Cache-Control").orElse(null));

        WebClient bob = WebClient.signedIn(app, "bob@example.com");
        HttpResponse<String> missing = bob.get("/envs/999999/images");
        assertEquals(404, missing.statusCode());
        assertSecurityHeaders(missing);
        HttpResponse<String> forged = bob.post("/profile/password", Map.of("current", "x"), false);
        assertEquals(403, forged.statusCode());
        assertSecurityHeaders(forged);
        assertSecurityHeaders(app.get("/api/v1beta0/user/1/images/"));
    }

    @Test
    void the_page_that_shows_a_new_api_key_secret_is_never_cached() {
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        long aliceId = app.context().jdbi.withHandle(h -> h.createQuery("SELECT id FROM users WHERE email = 'alice@example.com'")
                .mapTo(Long.class).one());
        HttpResponse<String> created = alice.post("/users/" + aliceId + "/api-keys", Map.of("name", "laptop"));
        assertEquals(201, created.statusCode());
        assertTrue(created.body().contains("laptop"));
        assertEquals("no-store", created.headers().firstValue("Cache-Control").orElse(null));
        assertSecurityHeaders(created);
    }

    @Test
    void static_files_keep_their_caching_and_get_the_security_headers() {
        HttpResponse<String> css = app.get("/static/css/app.css");
        assertEquals(200, css.statusCode());
        assertSecurityHeaders(css);
        assertTrue(css.headers().firstValue("Cache-Control").orElse("").contains("max-age"));
    }

    @Test
    void a_nul_in_an_api_path_is_a_json_error() throws IOException {
        RawResponse response = raw("GET /api/v1beta0/user/1/images/%00/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertEquals(400, response.status(), response.text());
        assertJsonError(response);
    }

    @Test
    void an_over_long_query_is_a_json_error() throws IOException {
        String query = "name=" + "a".repeat(20_000);
        RawResponse response = raw("GET /api/v1beta0/user/1/images/?" + query
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertEquals(414, response.status(), response.text());
        assertJsonError(response);
    }

    @Test
    void a_raw_nul_byte_in_the_request_line_is_refused_with_json() throws IOException {
        RawResponse response = raw("GET /api/v1beta0/\0/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertEquals(400, response.status(), response.text());
        assertJsonError(response);
    }

    private static void assertJsonError(RawResponse response) {
        String text = response.text();
        assertTrue(text.toLowerCase().contains("content-type: application/json"), text);
        assertTrue(text.toLowerCase().contains("x-content-type-options: nosniff"), text);
        assertTrue(text.contains("\"errors\":[{\"code\":\""), text);
    }

    private record RawResponse(int status, String text) {
    }

    private static RawResponse raw(String request) throws IOException {
        URI base = URI.create(app.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            return new RawResponse(status, text);
        }
    }
}
