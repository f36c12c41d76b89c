package imagehub.api;

import java.util.Optional;

/** Finds API keys for {@link ApiAuthenticator}; implemented over the stored keys of users. */
@FunctionalInterface
public interface ApiKeyLookup {
    /** The key with {@code keyId} when it exists and is active; empty otherwise. */
    Optional<ApiCredential> findActive(String keyId);

    /** Told after {@code credential} correctly signed a request (never for a failed signature); lookups that keep no record of use ignore it. */
    default void signed(ApiCredential credential) {
    }
}
