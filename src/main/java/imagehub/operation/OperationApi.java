package imagehub.operation;

import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.ref;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imagehub.api.ApiBody;
import imagehub.api.ApiCaller;
import imagehub.api.ApiError;
import imagehub.api.ApiException;
import imagehub.api.ApiPaths;
import imagehub.api.Envelope;
import imagehub.api.ListQuery;
import imagehub.api.spec.ApiRouter;
import imagehub.api.spec.Level;
import imagehub.api.spec.Response;
import imagehub.api.spec.Route;
import imagehub.operation.ServerOperationService.ReplaceRequest;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Replace servers through the API (environment scope only): start one for a farm, a farm role or an old
 * image, list them, follow one's progress, cancel it. The service does the work and the checks.
 */
public final class OperationApi {
    public static final String REPLACE_SERVERS = "/usage/actions/replace-servers/";
    public static final String OPERATIONS = "/operations/";
    public static final String OPERATION = OPERATIONS + "{operationId}/";
    public static final String CANCEL = OPERATION + "actions/cancel/";
    private static final List<String> TARGETS = List.of("farm", "farmRole", "image");
    /** An operation's status ({@code running}, {@code completed}…) and kind ({@code replace-servers}). */
    private static final Set<String> FILTERS = Set.of("status", "kind");
    private static final Set<String> WRITABLE = Set.of("farm", "farmRole", "image", "batchSize", "pauseSeconds",
            "minHealthyPercent");
    private static final Set<String> READ_ONLY = Set.of("id", "kind", "status", "total", "replaced", "progress", "target",
            "message", "createdBy", "created", "updated", "finished");

    private final ServerOperationService operations;
    private final ApiCaller caller;

    public OperationApi(ServerOperationService operations, ApiCaller caller) {
        this.operations = operations;
        this.caller = caller;
    }

    public record TargetBody(String type, String id, String name) {
    }

    /**
     * A server operation: {@code progress} is the share of its servers replaced, in percent; servers of bound
     * scaling groups are replaced by the cloud keeping {@code minHealthyPercent} of each group in service.
     */
    public record OperationBody(long id, String kind, String status, int total, int replaced, int progress,
            TargetBody target, int batchSize, int pauseSeconds, int minHealthyPercent, String message,
            String createdBy, Instant created, Instant updated, Instant finished) {
        static OperationBody of(ServerOperation op) {
            return new OperationBody(op.id(), op.kind(), op.status().label(), op.total(), op.replaced(), op.progress(),
                    new TargetBody(op.target().kind(), op.target().id(), op.targetName()), op.batchSize(),
                    op.pauseSeconds(), op.minHealthyPercent(), op.message(), op.createdBy(), op.createdAt(),
                    op.updatedAt(), op.finishedAt());
        }
    }

    public void register(ApiRouter api) {
        api.pathParam("operationId", integer().describe("The ID of a server Operation (Imagehub)."));
        api.add(Route.post(REPLACE_SERVERS).only(Level.USER)
                .describe("Start replacing the stale servers (not on their role's current Image) of one Farm, "
                        + "Farm Role or old Image, in batches; the scaler relaunches them on the current Image (Imagehub).")
                .answers(Response.one(OperationSchemas.OPERATION).created()
                        .describe("The JSON representation of an Operation object."))
                .body("replaceServersRequest", "The target, batch size and pause.",
                        ref(OperationSchemas.REPLACE_SERVERS_REQUEST)),
                ctx -> {
            ObjectNode body = ApiBody.object(ctx, WRITABLE, READ_ONLY);
            ServerOperation started = operations.startReplaceServers(caller.viewer(ctx), envId(ctx),
                    new ReplaceRequest(target(body), ApiBody.integer(body, "batchSize", 1),
                            ApiBody.integer(body, "pauseSeconds", 0),
                            ApiBody.integer(body, "minHealthyPercent", ReplaceRequest.DEFAULT_MIN_HEALTHY)));
            Envelope.created(ctx, OperationBody.of(started));
        });
        api.add(Route.get(OPERATIONS).only(Level.USER)
                .describe("List the server Operations of this Environment, newest first (Imagehub). Filters: status, "
                        + "kind.")
                .answers(Response.list(OperationSchemas.OPERATION))
                .filters(FILTERS),
                ctx -> {
            ListQuery query = ListQuery.of(ctx, FILTERS);
            ServerOperationService.OperationPage page = operations.page(caller.viewer(ctx), envId(ctx),
                    query.choice("status", OperationStatus.values(), OperationStatus::label).orElse(null),
                    query.text("kind").orElse(null), query.offset(), query.maxResults());
            Envelope.list(ctx, query, page.operations().stream().map(OperationBody::of).toList(), page.total());
        });
        api.add(Route.get(OPERATION).only(Level.USER)
                .describe("Retrieve a server Operation with its progress (Imagehub).")
                .answers(Response.one(OperationSchemas.OPERATION).describe("The JSON representation of an Operation object.")),
                ctx -> Envelope.ok(ctx,
                OperationBody.of(operations.get(caller.viewer(ctx), envId(ctx), ApiPaths.id(ctx, "operationId")))));
        api.add(Route.post(CANCEL).only(Level.USER)
                .describe("Cancel a running Operation: no server is terminated after this (Imagehub). Takes "
                        + "no body.")
                .answers(Response.one(OperationSchemas.OPERATION).describe("The JSON representation of an Operation object.")),
                ctx -> {
            ApiBody.requireOnly(ApiBody.object(ctx), Set.of(), Set.of());
            Envelope.ok(ctx, OperationBody.of(operations.cancel(caller.viewer(ctx), envId(ctx),
                    ApiPaths.id(ctx, "operationId"))));
        });
    }

    /** Exactly one of {@code farm: {id}}, {@code farmRole: {id}}, {@code image: {id}}. */
    private static ReplaceTarget target(ObjectNode body) {
        List<String> given = TARGETS.stream().filter(body::has).toList();
        if (given.size() != 1) {
            throw new ApiException(ApiError.INVALID_STRUCTURE,
                    "Give exactly one target: farm, farmRole or image, each as {\"id\": …}");
        }
        String kind = given.get(0);
        JsonNode id = body.get(kind).path("id");
        if (kind.equals("image")) {
            if (!id.isTextual() || id.asText().isBlank()) {
                throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'image.id' must be a string");
            }
            return new ReplaceTarget.OldImage(id.asText());
        }
        if (!id.canConvertToLong() || id.asLong() <= 0) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + kind + ".id' must be a positive integer");
        }
        return kind.equals("farm") ? new ReplaceTarget.WholeFarm(id.asLong()) : new ReplaceTarget.OneFarmRole(id.asLong());
    }

    private static long envId(Context ctx) {
        return ApiPaths.id(ctx, "envId");
    }
}
