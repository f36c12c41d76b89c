package imagehub.api;

/**
 * An API request that fails with an HTTP status, a Scalr error code and a message for the client.
 * Thrown anywhere under {@code /api/}; {@link ApiErrors} turns it into the JSON error envelope.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(ApiError error, String message) {
        this(error.status(), error.code(), message);
    }

    /** For statuses without an {@link ApiError} of their own (413, 503…). */
    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
