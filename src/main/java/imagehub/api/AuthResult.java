package imagehub.api;

import java.util.Optional;

/** The outcome of checking a signed request: the key it was signed with, or the error to answer. */
public sealed interface AuthResult {
    /** The string that was signed, once the request got far enough to have one (for X-Scalr-Debug). */
    Optional<String> stringToSign();

    /** The credential of an authenticated request; throws the rejection otherwise. */
    ApiCredential credentialOrThrow();

    record Authenticated(ApiCredential credential, Optional<String> stringToSign) implements AuthResult {
        @Override
        public ApiCredential credentialOrThrow() {
            return credential;
        }
    }

    record Rejected(ApiException reason, Optional<String> stringToSign) implements AuthResult {
        @Override
        public ApiCredential credentialOrThrow() {
            throw reason;
        }
    }
}
