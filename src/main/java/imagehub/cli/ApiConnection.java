package imagehub.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Signed calls to one Imagehub's JSON API; an answer carrying {@code errors} becomes a {@link CliException}. */
final class ApiConnection {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Some actions answer when the cloud has (farm sync, connection tests); each of those calls is bounded too. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper json = new ObjectMapper();

    private final URI origin;
    private final RequestSigner signer;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    ApiConnection(Profile profile, Clock clock) {
        this.origin = profile.url();
        this.signer = new RequestSigner(profile.keyId(), profile.secret());
        this.clock = clock;
    }

    /** The answer of a successful call: its body (null after a 204) and the warnings it carried. */
    record Answer(JsonNode body, List<String> warnings) {
        JsonNode data() {
            return body == null ? null : body.path("data");
        }

        /** The path and query of the next page, if there is one. */
        String next() {
            return body == null ? null : body.path("pagination").path("next").asText(null);
        }
    }

    /** {@code method pathAndQuery} (a path from {@code /api/}, with its query) with a JSON {@code body}. */
    Answer call(String method, String pathAndQuery, String body) {
        URI url = URI.create(origin.getScheme() + "://" + origin.getRawAuthority() + pathAndQuery);
        HttpResponse<String> response;
        try {
            response = http.send(signer.request(method, url, body, clock.instant(), ANSWER_TIMEOUT),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException(CliException.UNREACHABLE, "No answer from " + origin + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.UNREACHABLE, "Interrupted while waiting for " + origin);
        }
        if (response.body().isEmpty()) {
            if (response.statusCode() / 100 != 2) {
                throw new CliException(CliException.UNREACHABLE, origin + " answered HTTP " + response.statusCode()
                        + " with no body: is it an Imagehub?");
            }
            return new Answer(null, List.of());
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new CliException(CliException.UNREACHABLE, origin + " answered HTTP " + response.statusCode()
                    + " with something other than the API's JSON: is it an Imagehub?");
        }
        // Scalr clients decide success by the absence of errors, whatever the status.
        JsonNode errors = answer.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            List<String> messages = new ArrayList<>();
            errors.forEach(error -> messages.add(error.path("code").asText("Error") + ": " + error.path("message").asText()));
            throw new CliException(CliException.API_ERROR, String.join("\n", messages));
        }
        List<String> warnings = new ArrayList<>();
        answer.path("warnings").forEach(w -> warnings.add(w.path("code").asText("Warning") + ": " + w.path("message").asText()));
        return new Answer(answer, warnings);
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "cannot connect (is the url right and the server up?)";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
