package imagehub.access;

/** The object does not exist, or lies outside the viewer's reach: both answer the same 404. */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String what) {
        super(what + " was not found");
    }
}
