package imagehub.provider;

/**
 * A cloud refused or failed a call. The kind says what happened in terms people act on; the message says which
 * call and why in plain words (naming the missing permission when the cloud says it) and never holds a secret;
 * the cause keeps the SDK error for the log.
 */
public final class ProviderException extends RuntimeException {
    public enum Kind {
        /** The credentials are wrong, expired or disabled. */
        AUTH_FAILED,
        /** The credentials work but lack a permission. */
        ACCESS_DENIED,
        NOT_FOUND,
        /** The cloud throttled us past the SDK's retries. */
        THROTTLED,
        /** The cloud did not answer in time or failed on its side. */
        UNAVAILABLE,
        /** The cloud refused the request as invalid (a wrong id, a state that does not allow it). */
        INVALID,
        /** The cloud or the endpoint does not offer this call. */
        UNSUPPORTED
    }

    private final Kind kind;

    public ProviderException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ProviderException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The API error code: {@code CloudAccessDenied}, {@code CloudNotFound}, … */
    public String code() {
        StringBuilder code = new StringBuilder("Cloud");
        for (String part : kind.name().split("_")) {
            code.append(part.charAt(0)).append(part.substring(1).toLowerCase());
        }
        return code.toString();
    }
}
