package imagehub.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import imagehub.api.ApiAuthenticator;
import imagehub.api.ApiCredential;
import imagehub.api.AuthResult;
import imagehub.api.SignedRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CLI's signatures are the ones the server's authenticator accepts, and only those. */
class RequestSignerTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:15:30.123456Z");
    private static final ApiCredential KEY = new ApiCredential("APIKCLITEST000000001", 7, "user-secret");
    private static final ApiAuthenticator server = new ApiAuthenticator(
            id -> Optional.of(KEY).filter(key -> key.keyId().equals(id)), Clock.fixed(NOW, ZoneOffset.UTC));

    private static AuthResult received(HttpRequest request, String method, String body) {
        Map<String, String> headers = Map.of(
                SignedRequest.KEY_ID, request.headers().firstValue(SignedRequest.KEY_ID).orElseThrow(),
                SignedRequest.DATE, request.headers().firstValue(SignedRequest.DATE).orElseThrow(),
                SignedRequest.SIGNATURE, request.headers().firstValue(SignedRequest.SIGNATURE).orElseThrow());
        return server.verify(new SignedRequest(method, request.uri().getRawPath(), request.uri().getRawQuery(),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers));
    }

    @Test
    void a_request_with_an_unsorted_plus_encoded_query_verifies_on_the_server() {
        URI url = URI.create("http://localhost/api/v1beta0/user/1/images/?name=foo+bar%2Fbaz&maxResults=5&cloudPlatform=ec2");
        HttpRequest request = new RequestSigner(KEY.keyId(), KEY.secret()).request("GET", url, "{}", NOW);
        assertEquals("application/json; charset=utf-8", request.headers().firstValue("Content-Type").orElseThrow());
        assertInstanceOf(AuthResult.Authenticated.class, received(request, "GET", "{}"));
    }

    @Test
    void another_body_method_or_secret_does_not_verify() {
        URI url = URI.create("http://localhost/api/v1beta0/global/roles/");
        HttpRequest post = new RequestSigner(KEY.keyId(), KEY.secret()).request("POST", url, "{\"name\":\"a\"}", NOW);
        assertInstanceOf(AuthResult.Authenticated.class, received(post, "POST", "{\"name\":\"a\"}"));
        assertInstanceOf(AuthResult.Rejected.class, received(post, "POST", "{\"name\":\"b\"}"));
        assertInstanceOf(AuthResult.Rejected.class, received(post, "PATCH", "{\"name\":\"a\"}"));
        HttpRequest wrong = new RequestSigner(KEY.keyId(), "other-secret").request("POST", url, "{\"name\":\"a\"}", NOW);
        assertInstanceOf(AuthResult.Rejected.class, received(wrong, "POST", "{\"name\":\"a\"}"));
    }
}
