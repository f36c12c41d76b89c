package imagehub.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import imagehub.api.AuthResult.Authenticated;
import imagehub.api.AuthResult.Rejected;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;
import java.util.Set;

/** Checks Scalr APIv2 signed requests (see API-COMPAT.md, "Signed requests"). */
public final class ApiAuthenticator {
    /** How far the signed date may be from our clock, either way: limits replay of a captured request. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(300);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private static final String CREDENTIAL_ATTRIBUTE = "imagehub.api.credential";
    private static final String STRING_TO_SIGN_ATTRIBUTE = "imagehub.api.stringToSign";

    private final ApiKeyLookup keys;
    private final Clock clock;

    public ApiAuthenticator(ApiKeyLookup keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Checks {@code request}; a pure function of the request, the stored keys and the clock. */
    public AuthResult verify(SignedRequest request) {
        Optional<String> keyId = request.header(SignedRequest.KEY_ID);
        Optional<String> date = request.signedDate();
        Optional<String> signature = request.header(SignedRequest.SIGNATURE);
        if (keyId.isEmpty() || date.isEmpty() || signature.isEmpty()) {
            return reject(ApiError.BAD_AUTHENTICATION, "Unsigned request", Optional.empty());
        }
        Optional<Instant> signedAt = parseDate(date.get());
        if (signedAt.isEmpty()) {
            return reject(ApiError.BAD_REQUEST, "Invalid " + SignedRequest.DATE + ": " + date.get(), Optional.empty());
        }
        byte[] signed;
        try {
            signed = request.stringToSign();
        } catch (ApiException malformedQuery) {
            return new Rejected(malformedQuery, Optional.empty());
        }
        Optional<String> stringToSign = Optional.of(new String(signed, UTF_8));
        Optional<ApiCredential> credential = keys.findActive(keyId.get());
        if (credential.isEmpty()) {
            return reject(ApiError.BAD_AUTHENTICATION, "Invalid API key", stringToSign);
        }
        if (Duration.between(signedAt.get(), clock.instant()).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
            return reject(ApiError.BAD_AUTHENTICATION, "Request is expired.", stringToSign);
        }
        byte[] given = request.normalizedSignature().orElseThrow().getBytes(UTF_8);
        byte[] expected = request.signature(credential.get().secret()).getBytes(UTF_8);
        if (!MessageDigest.isEqual(expected, given)) { // constant time: no timing oracle on the digest
            return reject(ApiError.BAD_AUTHENTICATION, "Signature does not match", stringToSign);
        }
        return new Authenticated(credential.get(), stringToSign);
    }

    /**
     * Authenticates the request in {@code ctx}, remembers its credential for {@link #credential} and,
     * with {@code X-Scalr-Debug: 1}, the signed string for the response meta. A request that may change
     * something is accepted once: its signature again, within the window its date is valid in, is a
     * captured request played back. Reads may repeat.
     *
     * @throws ApiException when the request is not properly signed, or is a replay
     */
    public ApiCredential authenticate(Context ctx, SignatureLedger ledger) {
        SignedRequest request = new SignedRequest(ctx.method().name(), ctx.path(), ctx.queryString(),
                ctx.bodyAsBytes(), ctx.headerMap());
        AuthResult result = verify(request);
        if (request.debug()) {
            result.stringToSign().ifPresent(text -> ctx.attribute(STRING_TO_SIGN_ATTRIBUTE, text));
        }
        ApiCredential credential = result.credentialOrThrow();
        if (!READS.contains(request.method())) {
            Instant signedAt = request.signedDate().flatMap(ApiAuthenticator::parseDate).orElseThrow();
            if (!ledger.firstUse(credential.keyId(), request.normalizedSignature().orElseThrow(),
                    signedAt.plus(MAX_CLOCK_SKEW))) {
                throw new ApiException(ApiError.BAD_AUTHENTICATION,
                        "This signed request was used before; sign every request that changes something anew");
            }
        }
        ctx.attribute(CREDENTIAL_ATTRIBUTE, credential);
        return credential;
    }

    /** The key that signed this request; available in every handler under {@link ApiRoutes#PREFIX}. */
    public static ApiCredential credential(Context ctx) {
        ApiCredential credential = ctx.attribute(CREDENTIAL_ATTRIBUTE);
        if (credential == null) {
            throw new IllegalStateException(ctx.path() + " is not under " + ApiRoutes.PREFIX + ", so it has no API key");
        }
        return credential;
    }

    /** The signed string to echo as {@code meta.stringToSign}, when the client asked for it. */
    static Optional<String> debugStringToSign(Context ctx) {
        return Optional.ofNullable(ctx.attribute(STRING_TO_SIGN_ATTRIBUTE));
    }

    /**
     * ISO-8601 in the variants clients send: {@code …00.000Z}, {@code Z}, {@code +00:00}, microseconds,
     * and {@code Z+00:00} (a "Z" appended to an offset it already had). No offset means UTC.
     */
    static Optional<Instant> parseDate(String text) {
        String normalized = text.endsWith("Z+00:00") ? text.substring(0, text.length() - "+00:00".length()) : text;
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(normalized,
                    ZonedDateTime::from, LocalDateTime::from);
            return Optional.of(parsed instanceof ZonedDateTime zoned
                    ? zoned.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static AuthResult reject(ApiError error, String message, Optional<String> stringToSign) {
        return new Rejected(new ApiException(error, message), stringToSign);
    }
}
