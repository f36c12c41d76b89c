package imagehub.api;

import io.javalin.http.Context;

/** Reading ids from API paths, with the API's own error for a malformed one. */
public final class ApiPaths {
    private ApiPaths() {
    }

    /** A positive numeric path parameter; anything else is 400 InvalidValue. */
    public static long id(Context ctx, String param) {
        try {
            long id = Long.parseLong(ctx.pathParam(param));
            if (id <= 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new ApiException(ApiError.INVALID_VALUE, param + " must be a positive number, not '" + ctx.pathParam(param) + "'");
        }
    }
}
