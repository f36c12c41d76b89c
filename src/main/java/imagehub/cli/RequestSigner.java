package imagehub.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import imagehub.api.SignedRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Signs HTTP requests with one API key as Scalr APIv2 clients do (API-COMPAT.md, "Signed requests"): the
 * string to sign comes from {@link SignedRequest}, the same code the server checks signatures with.
 */
public record RequestSigner(String keyId, String secret) {

    /** {@code method url} carrying {@code body} (clients send {@code {}} on GET and DELETE too), signed at {@code date}. */
    public HttpRequest request(String method, URI url, String body, Instant date) {
        return builder(method, url, body, date).build();
    }

    private HttpRequest.Builder builder(String method, URI url, String body, Instant date) {
        String dateText = date.toString();
        byte[] bytes = body.getBytes(UTF_8);
        String signature = new SignedRequest(method, url.getRawPath(), url.getRawQuery(), bytes,
                Map.of(SignedRequest.DATE, dateText)).signature(secret);
        return HttpRequest.newBuilder(url)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/json; charset=utf-8")
                .header(SignedRequest.KEY_ID, keyId)
                .header(SignedRequest.DATE, dateText)
                .header(SignedRequest.SIGNATURE, signature);
    }

    /** A request that takes at most {@code timeout} to answer. */
    public HttpRequest request(String method, URI url, String body, Instant date, Duration timeout) {
        return builder(method, url, body, date).timeout(timeout).build();
    }
}
