package imagehub.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiAuthenticatorTest {
    private static final String SECRET = "user-secret";
    private static final String KEY_ID = "APIKEY0000000001";
    private static final Instant SIGNED_AT = Instant.parse("2016-01-01T00:00:00Z");
    private static final String PATH = "/api/v1beta0/user/1/images/";
    private static final ApiCredential KEY = new ApiCredential(KEY_ID, 7, SECRET);

    private final ApiAuthenticator authenticator = at(SIGNED_AT);

    @Test
    void the_compat_test_vector_signs_and_verifies() {
        SignedRequest request = request("GET", "name=foo+bar%2Fbaz&maxResults=5&cloudPlatform=ec2", "{}",
                "2016-01-01T00:00:00.000Z", "V1-HMAC-SHA256 NEETIw69iIgOJH247VmkKqbgDn6hr6OYpsuFrFU5e/w=");
        assertEquals("V1-HMAC-SHA256 NEETIw69iIgOJH247VmkKqbgDn6hr6OYpsuFrFU5e/w=", request.signature(SECRET));
        AuthResult result = authenticator.verify(request);
        assertEquals(KEY, result.credentialOrThrow());
        assertEquals(Optional.of("GET\n2016-01-01T00:00:00.000Z\n" + PATH
                + "\ncloudPlatform=ec2&maxResults=5&name=foo%20bar%2Fbaz\n{}"), result.stringToSign());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2016-01-01T00:00:00.000Z", "2016-01-01T00:00:00Z", "2016-01-01T00:00:00+00:00",
            "2016-01-01T00:00:00.000000Z", "2016-01-01T00:00:00.123456+00:00", "2016-01-01T00:00:00Z+00:00",
            "2016-01-01T01:00:00+01:00", "2016-01-01T00:00:00"})
    void every_iso_8601_variant_clients_send_is_accepted(String date) {
        String signature = hmac("GET\n" + date + "\n" + PATH + "\n\n{}");
        assertEquals(KEY, authenticator.verify(request("GET", "", "{}", date, signature)).credentialOrThrow());
    }

    @Test
    void whitespace_in_the_date_header_is_not_signed() {
        String signature = hmac("GET\n2016-01-01T00:00:00Z\n" + PATH + "\n\n{}");
        assertEquals(KEY, authenticator.verify(request("GET", "", "{}", " 2016-01-01T00:00:00 Z ", signature))
                .credentialOrThrow());
    }

    @Test
    void an_unsorted_plus_encoded_query_is_signed_in_canonical_form() {
        String signature = hmac("GET\n2016-01-01T00:00:00Z\n" + PATH + "\na=x%20y%2Fz&b=%2A~&b=1&c=%C3%A9\n{}");
        SignedRequest request = request("GET", "c=%C3%A9&b=*~&a=x+y/z&b=1", "{}", "2016-01-01T00:00:00Z", signature);
        assertEquals(KEY, authenticator.verify(request).credentialOrThrow());
    }

    @Test
    void a_get_signs_its_json_body() {
        String date = "2016-01-01T00:00:00Z";
        assertEquals(KEY, authenticator.verify(request("GET", "", "{}", date, hmac("GET\n" + date + "\n" + PATH + "\n\n{}")))
                .credentialOrThrow());
        assertRejected(401, "Signature does not match",
                authenticator.verify(request("GET", "", "", date, hmac("GET\n" + date + "\n" + PATH + "\n\n{}"))));
    }

    @Test
    void a_date_more_than_five_minutes_away_is_expired_either_way() {
        SignedRequest request = signed("POST", "", "{\"name\":\"x\"}");
        assertEquals(KEY, at(SIGNED_AT.plusSeconds(300)).verify(request).credentialOrThrow());
        assertEquals(KEY, at(SIGNED_AT.minusSeconds(300)).verify(request).credentialOrThrow());
        assertRejected(401, "Request is expired.", at(SIGNED_AT.plusSeconds(301)).verify(request));
        assertRejected(401, "Request is expired.", at(SIGNED_AT.minusSeconds(301)).verify(request));
    }

    @Test
    void a_wrong_secret_does_not_match() {
        SignedRequest request = signed("GET", "", "{}");
        ApiAuthenticator otherSecret = new ApiAuthenticator(
                id -> Optional.of(new ApiCredential(KEY_ID, 7, "other-secret")), Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
        assertRejected(401, "Signature does not match", otherSecret.verify(request));
    }

    @Test
    void a_tampered_body_path_method_or_query_does_not_match() {
        SignedRequest original = signed("PATCH", "a=1", "{\"name\":\"good\"}");
        String signature = original.header(SignedRequest.SIGNATURE).orElseThrow();
        String date = original.header(SignedRequest.DATE).orElseThrow();
        assertEquals(KEY, authenticator.verify(original).credentialOrThrow());
        assertRejected(401, "Signature does not match",
                authenticator.verify(request("PATCH", "a=1", "{\"name\":\"evil\"}", date, signature)));
        assertRejected(401, "Signature does not match",
                authenticator.verify(request("PATCH", "a=2", "{\"name\":\"good\"}", date, signature)));
        assertRejected(401, "Signature does not match",
                authenticator.verify(request("DELETE", "a=1", "{\"name\":\"good\"}", date, signature)));
        assertRejected(401, "Signature does not match", authenticator.verify(new SignedRequest("PATCH",
                "/api/v1beta0/user/2/images/", "a=1", "{\"name\":\"good\"}".getBytes(UTF_8), original.headers())));
    }

    @Test
    void another_algorithm_does_not_match() {
        SignedRequest request = signed("GET", "", "{}");
        String digest = request.header(SignedRequest.SIGNATURE).orElseThrow().split(" ")[1];
        assertRejected(401, "Signature does not match", authenticator.verify(
                request("GET", "", "{}", "2016-01-01T00:00:00Z", "V2-HMAC-SHA256 " + digest)));
    }

    @ParameterizedTest
    @ValueSource(strings = {SignedRequest.KEY_ID, SignedRequest.DATE, SignedRequest.SIGNATURE})
    void a_request_missing_a_signing_header_is_unsigned(String header) {
        Map<String, String> headers = new HashMap<>(signed("GET", "", "{}").headers());
        headers.remove(header);
        assertRejected(401, "Unsigned request",
                authenticator.verify(new SignedRequest("GET", PATH, "", "{}".getBytes(UTF_8), headers)));
    }

    @Test
    void an_unknown_or_inactive_key_is_refused() {
        ApiAuthenticator noKeys = new ApiAuthenticator(id -> Optional.empty(), Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
        assertRejected(401, "Invalid API key", noKeys.verify(signed("GET", "", "{}")));
    }

    @Test
    void an_unparsable_date_is_a_bad_request() {
        AuthResult result = authenticator.verify(request("GET", "", "{}", "yesterday", "V1-HMAC-SHA256 x"));
        ApiException error = assertRejected(400, "Invalid X-Scalr-Date: yesterday", result);
        assertEquals("BadRequest", error.code());
    }

    @Test
    void header_names_are_case_insensitive() {
        SignedRequest signed = signed("GET", "", "{}");
        Map<String, String> lower = new HashMap<>();
        signed.headers().forEach((name, value) -> lower.put(name.toLowerCase(), value));
        assertEquals(KEY, authenticator.verify(new SignedRequest("GET", PATH, "", "{}".getBytes(UTF_8), lower))
                .credentialOrThrow());
    }

    @Test
    void debug_is_asked_for_with_x_scalr_debug_1() {
        Map<String, String> headers = new HashMap<>(signed("GET", "", "{}").headers());
        headers.put("x-scalr-debug", "1");
        assertTrue(new SignedRequest("GET", PATH, "", new byte[0], headers).debug());
        headers.put("x-scalr-debug", "0");
        assertFalse(new SignedRequest("GET", PATH, "", new byte[0], headers).debug());
    }

    private static ApiAuthenticator at(Instant now) {
        return new ApiAuthenticator(id -> id.equals(KEY_ID) ? Optional.of(KEY) : Optional.empty(),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static SignedRequest signed(String method, String query, String body) {
        SignedRequest unsigned = new SignedRequest(method, PATH, query, body.getBytes(UTF_8),
                Map.of(SignedRequest.DATE, "2016-01-01T00:00:00Z"));
        return request(method, query, body, "2016-01-01T00:00:00Z", unsigned.signature(SECRET));
    }

    private static SignedRequest request(String method, String query, String body, String date, String signature) {
        return new SignedRequest(method, PATH, query, body.getBytes(UTF_8), Map.of(
                SignedRequest.KEY_ID, KEY_ID, SignedRequest.DATE, date, SignedRequest.SIGNATURE, signature));
    }

    /** Computed here, not by SignedRequest, so these tests check the format rather than repeat the code. */
    private static String hmac(String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(UTF_8), "HmacSHA256"));
            return "V1-HMAC-SHA256 " + Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException assertRejected(int status, String message, AuthResult result) {
        ApiException error = assertInstanceOf(AuthResult.Rejected.class, result).reason();
        assertEquals(status, error.status());
        assertEquals(message, error.getMessage());
        return error;
    }
}
