package imagehub.api;

import java.util.Objects;

/** One active API key: the user it acts for and the secret that signs its requests. */
public record ApiCredential(String keyId, long userId, String secret) {
    public ApiCredential {
        Objects.requireNonNull(keyId, "keyId");
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("an API key needs a secret");
        }
    }

    /** Leaves the secret out, so logging a credential never leaks it. */
    @Override
    public String toString() {
        return "ApiCredential[keyId=" + keyId + ", userId=" + userId + "]";
    }
}
