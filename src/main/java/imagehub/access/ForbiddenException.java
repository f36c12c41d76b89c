package imagehub.access;

/** The viewer may see the object but not do this to it (403). */
public final class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}
