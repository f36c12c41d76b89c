package imagehub.api;

import imagehub.access.Viewer;
import io.javalin.http.Context;

/** Who signed an API request, with their current grants. */
@FunctionalInterface
public interface ApiCaller {
    Viewer viewer(Context ctx);
}
