package imagehub.api;

/** Scalr's {@code ApiMessage}: the shape of every entry in {@code errors} and {@code warnings}. */
public record ApiMessage(String code, String message) {
}
