package imagehub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.util.List;

/**
 * Writes API responses in Scalr's envelopes: {@code meta}, then {@code data} or {@code errors}, then
 * {@code pagination} for lists and {@code warnings}. Clients tell success only by the absence of
 * {@code errors}, so every API answer goes through here.
 */
public final class Envelope {
    public static final String CONTENT_TYPE = "application/json; charset=utf-8";

    // Immutable and thread-safe; dates as ISO-8601 text like Scalr's, never epoch numbers.
    private static final ObjectWriter JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build()
            .writer();

    private Envelope() {
    }

    record Meta(String requestId, @JsonInclude(JsonInclude.Include.NON_NULL) String stringToSign) {
    }

    record One(Meta meta, Object data, List<ApiMessage> warnings) {
    }

    record Many(Meta meta, List<?> data, Pagination pagination, List<ApiMessage> warnings) {
    }

    record Errors(Meta meta, List<ApiMessage> errors) {
    }

    /** 200 with one object (or the plain list an action returns) as {@code data}. */
    public static void ok(Context ctx, Object data) {
        ok(ctx, data, List.of());
    }

    /** 200 with {@code data} and warnings such as "the image is still used by 2 roles". */
    public static void ok(Context ctx, Object data, List<ApiMessage> warnings) {
        write(ctx, 200, new One(meta(ctx), data, List.copyOf(warnings)));
    }

    /** 201 with the object just created. */
    public static void created(Context ctx, Object data) {
        write(ctx, 201, new One(meta(ctx), data, List.of()));
    }

    /** 202 with the object of work just started (a run to poll). */
    public static void accepted(Context ctx, Object data) {
        write(ctx, 202, new One(meta(ctx), data, List.of()));
    }

    /** 200 with one page of a list of {@code total} items, and links to the other pages. */
    public static void list(Context ctx, ListQuery query, List<?> page, long total) {
        write(ctx, 200, new Many(meta(ctx), page, query.pagination(ctx.path(), total), List.of()));
    }

    /** 204 with an empty body: how a successful DELETE answers. */
    public static void deleted(Context ctx) {
        ctx.status(204);
    }

    static void error(Context ctx, ApiException error) {
        write(ctx, error.status(), new Errors(meta(ctx), List.of(new ApiMessage(error.code(), error.getMessage()))));
    }

    /** The error envelope as text, for an answer written outside Javalin (a request Jetty refused). */
    static String errorText(ApiException error, String requestId) {
        try {
            return JSON.writeValueAsString(new Errors(new Meta(requestId, null),
                    List.of(new ApiMessage(error.code(), error.getMessage()))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the error as JSON", e);
        }
    }

    private static Meta meta(Context ctx) {
        return new Meta(RequestId.of(ctx), ApiAuthenticator.debugStringToSign(ctx).orElse(null));
    }

    private static void write(Context ctx, int status, Object envelope) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the response as JSON", e);
        }
        ctx.status(status).contentType(CONTENT_TYPE).result(json);
    }
}
