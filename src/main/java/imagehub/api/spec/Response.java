package imagehub.api.spec;

/**
 * The success answer of a route: its status, description and envelope, e.g. {@code Response.list(IMAGE)} for
 * {@code {meta, data: [Image…], pagination, warnings}}. {@code item} is the object the envelope carries.
 */
public record Response(String status, String description, Definition envelope, Definition item) {
    public static final Response DELETED = new Response("204", "Successful deletion.", null, null);

    /** One object: {@code {meta, data, warnings}}. */
    public static Response one(Definition item) {
        return new Response("200", "The JSON representation of a " + item.name() + " object.", Envelopes.details(item), item);
    }

    /** A page of objects with pagination links. */
    public static Response list(Definition item) {
        return new Response("200", "A list of " + item.name() + " objects.", Envelopes.list(item, true), item);
    }

    /** All the objects at once, without pagination. */
    public static Response all(Definition item) {
        return new Response("200", "A list of " + item.name() + " objects.", Envelopes.list(item, false), item);
    }

    public Response created() {
        return new Response("201", description, envelope, item);
    }

    public Response accepted() {
        return new Response("202", description, envelope, item);
    }

    public Response describe(String text) {
        return new Response(status, text, envelope, item);
    }

    boolean isList() {
        return envelope != null && envelope.name().endsWith("ListResponse");
    }
}
