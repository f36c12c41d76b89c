package imagehub.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The parts of an HTTP request that a Scalr APIv2 signature covers, free of any web framework so the
 * signature can be checked (and computed, by clients and tests) without a server.
 *
 * @param rawPath the path as received, still percent-encoded, without the query
 * @param rawQuery the query as received (may be null or empty)
 * @param body the body bytes as received; clients sign {@code {}} on GET and DELETE too
 * @param headers request headers; names are matched case-insensitively
 */
public record SignedRequest(String method, String rawPath, String rawQuery, byte[] body, Map<String, String> headers) {
    public static final String KEY_ID = "X-Scalr-Key-Id";
    public static final String DATE = "X-Scalr-Date";
    public static final String SIGNATURE = "X-Scalr-Signature";
    public static final String DEBUG = "X-Scalr-Debug";
    public static final String ALGORITHM = "V1-HMAC-SHA256";

    public SignedRequest {
        rawQuery = rawQuery == null ? "" : rawQuery;
        body = body == null ? new byte[0] : body.clone();
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        headers = Collections.unmodifiableMap(byName);
    }

    /** The header's value, stripped; empty when absent or blank. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /** {@code X-Scalr-Debug: 1} asks for the signed string to be echoed in {@code meta.stringToSign}. */
    public boolean debug() {
        return header(DEBUG).filter("1"::equals).isPresent();
    }

    /** The signature header; whitespace between algorithm and digest is not part of the signature. */
    public Optional<String> normalizedSignature() {
        return header(SIGNATURE).map(signature -> signature.replaceAll("\\s+", " "));
    }

    /** The date as signed: the header text with all whitespace removed. */
    public Optional<String> signedDate() {
        return header(DATE).map(date -> date.replaceAll("\\s", ""));
    }

    /**
     * {@code METHOD \n DATE \n PATH \n CANONICAL_QUERY \n BODY}, as bytes because the body is signed
     * exactly as received. Needs the date header.
     */
    public byte[] stringToSign() {
        String date = signedDate().orElseThrow(() -> new IllegalStateException(DATE + " is missing"));
        String head = method + "\n" + date + "\n" + rawPath + "\n" + QueryStrings.canonical(rawQuery) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The {@code X-Scalr-Signature} value this request carries when signed with {@code secret}. */
    public String signature(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            return ALGORITHM + " " + Base64.getEncoder().encodeToString(mac.doFinal(stringToSign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
