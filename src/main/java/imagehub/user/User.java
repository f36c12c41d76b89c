package imagehub.user;

import java.time.Instant;

/** A person who logs in with a password, or a service account that only holds grants and API keys. */
public record User(long id, String email, String name, UserKind kind, boolean disabled, Instant createdAt) {
}
