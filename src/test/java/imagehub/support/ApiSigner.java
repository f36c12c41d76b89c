package imagehub.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import imagehub.api.SignedRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Map;

/** Signs HTTP requests as {@code scalr-ctl} does, with one API key, so tests call the API like a client. */
public record ApiSigner(String keyId, String secret) {

    /** {@code method url} with {@code body} (clients send {@code {}} on GET and DELETE too), signed at {@code date}. */
    public HttpRequest request(String method, URI url, String body, Instant date) {
        String dateText = date.toString();
        byte[] bytes = body.getBytes(UTF_8);
        String signature = new SignedRequest(method, url.getRawPath(), url.getRawQuery(), bytes,
                Map.of(SignedRequest.DATE, dateText)).signature(secret);
        return HttpRequest.newBuilder(url)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/json; charset=utf-8")
                .header(SignedRequest.KEY_ID, keyId)
                .header(SignedRequest.DATE, dateText)
                .header(SignedRequest.SIGNATURE, signature)
                .build();
    }
}
