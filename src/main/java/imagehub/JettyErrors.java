package imagehub;

import imagehub.api.ApiErrors;
import imagehub.web.SecurityHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests Jetty refuses before Imagehub sees them: a request line too long (414), a path
 * with a NUL or an ambiguous encoding (400), headers too large (431). Under {@code /api/} the answer is
 * the API's JSON error envelope; elsewhere a short plain page. Both carry {@link SecurityHeaders}.
 * A request Jetty's parser could not read (an {@link HttpException} cause; Jetty then reports the
 * placeholder path {@code /badMessage}) has no path to go by, so its answer is JSON, the form scripts read.
 */
final class JettyErrors extends ErrorHandler {
    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
            String contentType, List<Charset> charsets, int code, String message, Throwable cause) {
        String path = request.getHttpURI() == null || request.getHttpURI().getPath() == null
                ? "/" : request.getHttpURI().getPath();
        boolean json = cause instanceof HttpException || path.startsWith("/api/");
        HttpFields.Mutable headers = response.getHeaders();
        SecurityHeaders.apply(path, headers::put);
        headers.put(HttpHeader.CONTENT_TYPE, json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
        // Jetty drops the connection after refusing a request it could not parse; saying so keeps a client
        // from sending its next request down a closed connection.
        headers.put(HttpHeader.CONNECTION, "close");
        String text = message(code, message);
        byte[] body = (json ? ApiErrors.bareJson(code, text) : code + " " + text + "\n").getBytes(StandardCharsets.UTF_8);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static String message(int status, String reason) {
        String standard = HttpStatus.getMessage(status);
        return reason == null || reason.isBlank() || reason.equals(standard) ? standard : standard + ": " + reason;
    }
}
