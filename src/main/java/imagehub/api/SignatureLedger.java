package imagehub.api;

import java.time.Instant;

/** Remembers the signatures of requests that changed something, so each is accepted once. */
@FunctionalInterface
public interface SignatureLedger {
    /**
     * Records {@code signature} of {@code keyId}, remembered at least until {@code until}; false when it
     * was recorded before (the request is a replay).
     */
    boolean firstUse(String keyId, String signature, Instant until);
}
