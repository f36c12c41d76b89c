package imagehub.picker;

/** One object a picker offers: the value its field takes (the id), the name people know it by, and a hint. */
public record PickOption(String value, String name, String detail) {
}
