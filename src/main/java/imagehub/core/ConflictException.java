package imagehub.core;

/** The request is valid but clashes with what exists (409); {@code code} is the API error code. */
public final class ConflictException extends RuntimeException {
    private final String code;
    private final String field;

    public ConflictException(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public static ConflictException unicity(String field, String message) {
        return new ConflictException("UnicityViolation", field, message);
    }

    public static ConflictException inUse(String message) {
        return new ConflictException("ObjectInUse", "", message);
    }

    public String code() {
        return code;
    }

    /** The form field the clash is about, or {@code ""}. */
    public String field() {
        return field;
    }
}
