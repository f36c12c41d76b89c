package imagehub.api;

import io.javalin.http.Context;
import java.util.UUID;

/** A random id per API request, in {@code meta.requestId} and the {@code X-Request-Id} header, to match logs. */
public final class RequestId {
    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "imagehub.api.requestId";

    private RequestId() {
    }

    /** This request's id, assigned (and sent as a header) on first use. */
    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            id = UUID.randomUUID().toString();
            ctx.attribute(ATTRIBUTE, id);
            ctx.header(HEADER, id);
        }
        return id;
    }
}
