package imagehub.user;

import java.time.Instant;

/** An API key as listed: never its secret. */
public record ApiKey(String keyId, long userId, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    public boolean active() {
        return revokedAt == null;
    }
}
