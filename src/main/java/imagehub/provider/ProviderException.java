package imagehub.provider;

/** A cloud refused or failed a call; the message says which call and why, the cause keeps the SDK error. */
public final class ProviderException extends RuntimeException {
    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
