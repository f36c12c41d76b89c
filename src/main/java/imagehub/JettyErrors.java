package imagehub;

import imagehub.api.ApiErrors;
import imagehub.web.SecurityHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Answers the requests Jetty refuses before Imagehub sees them: a request line too long (414), a path
 * with a NUL or an ambiguous encoding (400), headers too large (431). Under {@code /api/} the answer is
 * the API's JSON error envelope; elsewhere a short plain page. Both carry {@link SecurityHeaders}.
 * A request line Jetty could not read has no path to go by, so its answer is JSON, the form scripts read.
 */
final class JettyErrors extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        SecurityHeaders.apply("/", fields::put);
        fields.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        return ByteBuffer.wrap(ApiErrors.bareJson(status, message(status, reason)).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
            HttpServletResponse response, int code, String message) throws IOException {
        String path = baseRequest.getHttpURI() == null || baseRequest.getHttpURI().getPath() == null
                ? "/" : baseRequest.getHttpURI().getPath();
        SecurityHeaders.apply(path, response::setHeader);
        boolean api = path.startsWith("/api/");
        response.setContentType(api ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
        String text = message(code, message);
        byte[] body = (api ? ApiErrors.bareJson(code, text) : code + " " + text + "\n").getBytes(StandardCharsets.UTF_8);
        response.getOutputStream().write(body);
        baseRequest.setHandled(true);
    }

    private static String message(int status, String reason) {
        String standard = HttpStatus.getMessage(status);
        return reason == null || reason.isBlank() || reason.equals(standard) ? standard : standard + ": " + reason;
    }
}
