package imagehub.support;

import imagehub.cli.RequestSigner;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;

/**
 * Signs HTTP requests as {@code scalr-ctl} does, with one API key, so tests call the API like a client: the
 * CLI's {@link RequestSigner}, so tests and the CLI sign one way.
 */
public record ApiSigner(String keyId, String secret) {

    /** {@code method url} with {@code body} (clients send {@code {}} on GET and DELETE too), signed at {@code date}. */
    public HttpRequest request(String method, URI url, String body, Instant date) {
        return new RequestSigner(keyId, secret).request(method, url, body, date);
    }
}
