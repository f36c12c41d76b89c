package imagehub.web;

/** One option of a select field. */
public record Choice(String value, String label) {
}
