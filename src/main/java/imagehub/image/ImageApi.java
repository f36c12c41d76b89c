package imagehub.image;

import static imagehub.api.spec.Schema.bool;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.uuid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imagehub.access.Viewer;
import imagehub.api.ApiBody;
import imagehub.api.ApiCaller;
import imagehub.api.ApiError;
import imagehub.api.ApiException;
import imagehub.api.Envelope;
import imagehub.api.ListQuery;
import imagehub.api.spec.ApiRouter;
import imagehub.api.spec.Response;
import imagehub.api.spec.Route;
import imagehub.catalog.OperatingSystem;
import imagehub.core.ScopeRef;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Scalr APIv2 images at every scope ({@code P/images/…}) and the OS catalog ({@code P/os/}). */
public final class ImageApi {
    public static final String IMAGES = "/images/";
    public static final String IMAGE = "/images/{imageId}/";
    /** Scalr's x-filterable Image fields, each matched exactly as Scalr does. */
    private static final Set<String> FILTERS = Set.of("id", "name", "scope", "cloudPlatform", "cloudLocation",
            "cloudImageId", "architecture", "source", "status", "deprecated", "os", "scalrAgentInstalled",
            "cloudInitInstalled");
    private static final Set<String> OS_FILTERS = Set.of("family");
    private static final Set<String> CREATABLE = Set.of("name", "description", "cloudPlatform", "cloudLocation",
            "cloudImageId", "architecture", "os", "scalrAgentInstalled", "size", "deprecated", "type", "cloudInitInstalled",
            "cloudCredentials");
    private static final List<String> REQUIRED = List.of("name", "cloudPlatform", "cloudImageId", "architecture", "os");
    private static final Set<String> READ_ONLY = Set.of("id", "scope", "source", "status", "statusError", "added",
            "lastUsed", "cloudFeatures", "deprecation", "cloudCreated", "cloudOwnerId", "copiedFrom", "missingInCloud",
            "missingInCloudSince", "cloudDeprecation");

    private final ImageService images;
    private final ImageDeprecations deprecations;
    private final ApiCaller caller;

    public ImageApi(ImageService images, ImageDeprecations deprecations, ApiCaller caller) {
        this.images = images;
        this.deprecations = deprecations;
        this.caller = caller;
    }

    public record OsRef(String id) {
    }

    public record DeprecationBody(String reason, Instant since, Instant due, String replacementImageId) {
    }

    /** Stored cloud credentials by id, as a body names them. */
    public record CredentialsRef(long id) {
    }

    public record ImageRef(String id) {
    }

    /**
     * The Image object of Scalr's spec, plus Imagehub's deprecation details and description, and what the cloud says:
     * {@code status} pending while the cloud makes it (a copy), failed with {@code statusError}, else active;
     * {@code missingInCloud} once the cloud no longer holds it; {@code cloudDeprecation} how mirroring the deprecation
     * into the cloud went.
     */
    public record ImageBody(String id, String name, String description, String cloudPlatform, String cloudLocation,
            String cloudImageId, String architecture, OsRef os, boolean scalrAgentInstalled, Integer size, String scope,
            String source, String status, String statusError, boolean deprecated, DeprecationBody deprecation,
            Instant added, Instant lastUsed, CredentialsRef cloudCredentials, Instant cloudCreated, String cloudOwnerId,
            ImageRef copiedFrom, boolean missingInCloud, Instant missingInCloudSince, String cloudDeprecation,
            boolean cloudInitInstalled) {
        static ImageBody of(Image image) {
            DeprecationBody deprecation = image.deprecated() || image.deprecationScheduled()
                    ? new DeprecationBody(image.deprecationReason(), image.deprecatedAt(), image.deprecationDueAt(),
                            image.replacementImageId())
                    : null;
            CloudFacts cloud = image.cloud();
            return new ImageBody(image.id(), image.name(), image.description(), image.platform().id(),
                    image.cloudLocation(), image.cloudImageId(), image.architecture().id(), new OsRef(image.osId()),
                    image.agentInstalled(), image.sizeGb(), image.scope().level().apiName(), image.source().id(),
                    status(cloud.state()), cloud.stateMessage(),
                    image.deprecated(), deprecation, image.createdAt(), image.lastUsedAt(),
                    cloud.credentialsId() == null ? null : new CredentialsRef(cloud.credentialsId()), cloud.createdAt(),
                    cloud.ownerId(), cloud.copiedFromImageId() == null ? null : new ImageRef(cloud.copiedFromImageId()),
                    cloud.missing(), cloud.missingSince(), cloud.deprecationNote(), image.cloudInitInstalled());
        }

        /** Scalr's name for an image the cloud holds ready is {@code active}. */
        static String status(CloudState state) {
            return state == CloudState.AVAILABLE ? "active" : state.id();
        }
    }

    public record UseBody(String type, String id, String name, String scope, long scopeId) {
    }

    /**
     * {@code usedBy} names the uses in scopes the caller can see; {@code hiddenCount} counts the others, per type
     * in {@code hiddenByType} (e.g. {@code {"farm": 1, "role": 2}}). {@code inUse} counts both.
     */
    public record UsageBody(ImageBody image, boolean inUse, List<UseBody> usedBy, int hiddenCount,
            Map<String, Integer> hiddenByType) {
    }

    public void register(ApiRouter api) {
        api.pathParam("imageId", uuid().describe("The ID of a Image object.").references(ImageSchemas.IMAGE))
                .add(Route.get(IMAGES)
                        .describe(l -> "List all the Images available in the " + l.word() + ". Every filter matches "
                                + "its field exactly, as Scalr's do: id, name, scope (scalr, account or environment, as "
                                + "far down as the URL's scope), cloudPlatform, cloudLocation, cloudImageId, "
                                + "architecture, source, status, deprecated, os (an OS id), scalrAgentInstalled, "
                                + "cloudInitInstalled (booleans are true or false).")
                        .answers(Response.list(ImageSchemas.IMAGE))
                        .filters(FILTERS), this::list)
                .add(Route.post(IMAGES)
                        .describe(l -> "Register a new Image in this " + l.word() + ". Its scope is set from the URL.")
                        .answers(Response.one(ImageSchemas.IMAGE).created())
                        .body("imageObject", "The JSON representation of a Image object.", ref(ImageSchemas.IMAGE)),
                        this::create)
                .add(Route.get(IMAGE)
                        .describe("Retrieve detailed information about an Image.")
                        .answers(Response.one(ImageSchemas.IMAGE)),
                        (ctx, scope) -> Envelope.ok(ctx, ImageBody.of(images.get(caller.viewer(ctx), scope, id(ctx)))))
                .add(Route.patch(IMAGE)
                        .describe("Modify the attributes of an Image: name, description and deprecated (true deprecates "
                                + "it, false undeprecates it). Other properties are refused.")
                        .answers(Response.one(ImageSchemas.IMAGE))
                        .body("image", "The updated definition.", ref(ImageSchemas.IMAGE)), this::update)
                .add(Route.delete(IMAGE)
                        .describe(l -> "Remove an Image from the " + l.word() + ". An Image a Role still uses is refused "
                                + "(409 ObjectInUse).")
                        .query("deregister", bool(), "Also deregister the image in the cloud (an AMI and its snapshots; "
                                + "an Alibaba image) after it leaves the catalog; a failed call is retried and audited."),
                        (ctx, scope) -> {
                    images.get(caller.viewer(ctx), scope, id(ctx));
                    ApiBody.none(ctx);
                    images.delete(caller.viewer(ctx), scope, id(ctx), deregister(ctx));
                    Envelope.deleted(ctx);
                })
                .add(Route.post(IMAGE + "actions/copy/")
                        .describe("Copy an Image into another region of its cloud and register the copy at the same "
                                + "scope (Imagehub). The answer is the new Image, status pending until the cloud has made it.")
                        .answers(Response.one(ImageSchemas.IMAGE).created())
                        .body("imageCopyRequest", "The region to copy to.", ref(ImageSchemas.IMAGE_COPY_REQUEST)),
                        (ctx, scope) -> {
                    images.get(caller.viewer(ctx), scope, id(ctx)); // rights before input: another's image is 404
                    ObjectNode body = ApiBody.object(ctx, Set.of("cloudLocation"), Set.of());
                    String location = ApiBody.text(body, "cloudLocation");
                    if (location == null) {
                        throw new ApiException(ApiError.INVALID_VALUE, "cloudLocation: Name the region to copy to");
                    }
                    Envelope.created(ctx, ImageBody.of(images.copy(caller.viewer(ctx), scope, id(ctx), location)));
                })
                .add(Route.get(IMAGE + "usage/")
                        .describe("List the Roles and Images that use an Image (Imagehub).")
                        .answers(Response.one(ImageSchemas.IMAGE_USAGE).describe("Where the Image is used.")),
                        (ctx, scope) -> {
                    ImageService.UsageReport report = images.usage(caller.viewer(ctx), scope, id(ctx));
                    Envelope.ok(ctx, new UsageBody(ImageBody.of(report.image()), report.inUse(), report.uses().stream()
                            .map(u -> new UseBody(u.kind(), u.id(), u.name(), u.scope().level().apiName(), u.scope().id()))
                            .toList(), report.hidden().total(), report.hidden().byKind()));
                })
                .add(Route.post(IMAGE + "actions/promote/")
                        .describe("Promote an Image to the scope above its own (Imagehub). Takes no body.")
                        .answers(Response.one(ImageSchemas.IMAGE)),
                        (ctx, scope) -> {
                    ApiBody.requireOnly(ApiBody.object(ctx), Set.of(), Set.of());
                    Envelope.ok(ctx, ImageBody.of(images.promote(caller.viewer(ctx), scope, id(ctx))));
                })
                .add(Route.get("/os/")
                        .describe("List the Operating Systems Imagehub knows.")
                        .answers(Response.list(ImageSchemas.OS))
                        .filters(OS_FILTERS),
                        (ctx, scope) -> {
                    ListQuery query = ListQuery.of(ctx, OS_FILTERS);
                    List<OperatingSystem> all = OperatingSystem.CATALOG.stream()
                            .filter(os -> query.filter("family").map(os.family()::equals).orElse(true)).toList();
                    int from = (int) Math.min(all.size(), query.offset());
                    Envelope.list(ctx, query, all.subList(from, Math.min(all.size(), from + query.maxResults())), all.size());
                });
    }

    private void list(Context ctx, ScopeRef scope) {
        ListQuery query = ListQuery.of(ctx, FILTERS);
        String os = query.text("os").orElse(null);
        if (os != null && OperatingSystem.find(os).isEmpty()) {
            throw new ApiException(ApiError.INVALID_VALUE, "Filter 'os' must be an OS id of GET …/os/, not '" + os + "'");
        }
        ImageFilter filter;
        try {
            filter = ImageFilter.of(query.filter("cloudPlatform").orElse(null), query.text("cloudLocation").orElse(null),
                    os, query.filter("architecture").orElse(null),
                    query.bool("deprecated").map(String::valueOf).orElse(null), null, null, null);
        } catch (imagehub.core.ValidationException invalid) {
            throw new ApiException(ApiError.INVALID_VALUE, invalid.getMessage());
        }
        filter = filter.with(new ImageFilter.Exact(query.uuid("id").orElse(null), query.text("name").orElse(null),
                query.scope("scope", scope).orElse(null), query.text("cloudImageId").orElse(null),
                query.choice("source", ImageSource.values(), ImageSource::id).orElse(null),
                query.choice("status", CloudState.values(), ImageBody::status).orElse(null),
                query.bool("scalrAgentInstalled").orElse(null), query.bool("cloudInitInstalled").orElse(null)));
        ImageList page = images.list(caller.viewer(ctx), scope, filter, query.pageNum(), query.maxResults());
        Envelope.list(ctx, query, page.images().stream().map(ImageBody::of).toList(), page.total());
    }

    private void create(Context ctx, ScopeRef scope) {
        ObjectNode body = ApiBody.object(ctx, CREATABLE, READ_ONLY);
        // Scalr clients send this and Imagehub ignores it, but only in the type Scalr's spec gives it.
        ApiBody.text(body, "type");
        // Scalr's spec requires these; only the portal's form leaves them to the cloud.
        for (String required : REQUIRED) {
            JsonNode value = body.get(required);
            if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()
                    || value.isObject() && !value.hasNonNull("id")) {
                throw new ApiException(ApiError.INVALID_VALUE, required + ": is required");
            }
        }
        Viewer viewer = caller.viewer(ctx);
        Image created = images.register(viewer, scope, new ImageService.NewImage(
                ApiBody.text(body, "cloudPlatform"), ApiBody.text(body, "cloudLocation"), ApiBody.text(body, "cloudImageId"),
                ApiBody.text(body, "name"), ApiBody.text(body, "description"), osId(body),
                ApiBody.text(body, "architecture"), ApiBody.bool(body, "scalrAgentInstalled", false),
                ApiBody.integer(body, "size"), credentialsId(body), ApiBody.bool(body, "cloudInitInstalled", false)));
        if (ApiBody.bool(body, "deprecated", false)) {
            created = deprecations.deprecate(viewer, scope, created.id(),
                    new ImageDeprecations.Deprecation("Registered as deprecated through the API", null, null));
        }
        Envelope.created(ctx, ImageBody.of(created));
    }

    /** PATCH takes {@code name}, {@code description} and {@code deprecated}, as Scalr's does. */
    private void update(Context ctx, ScopeRef scope) {
        ObjectNode body = ApiBody.object(ctx, Set.of("name", "description", "deprecated"), READ_ONLY);
        Viewer viewer = caller.viewer(ctx);
        String imageId = id(ctx);
        Image image = images.get(viewer, scope, imageId);
        ImageService.ImageEdit edit = body.has("name") || body.has("description") ? new ImageService.ImageEdit(
                body.has("name") ? ApiBody.text(body, "name") : image.name(),
                body.has("description") ? ApiBody.text(body, "description") : image.description()) : null;
        JsonNode deprecated = body.get("deprecated");
        if (deprecated != null && !deprecated.isBoolean()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'deprecated' must be true or false");
        }
        Envelope.ok(ctx, ImageBody.of(images.patch(viewer, scope, imageId, edit,
                deprecated == null ? null : deprecated.asBoolean(), "Deprecated through the API")));
    }

    /** {@code os: {id}}; null when absent. */
    private static String osId(ObjectNode body) {
        JsonNode os = body.get("os");
        if (os == null || os.isNull()) {
            return null;
        }
        if (!os.isObject()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'os' must be an object {\"id\": …}");
        }
        JsonNode id = os.get("id");
        if (id != null && !id.isNull() && !id.isTextual()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'os.id' must be a string");
        }
        return id == null || id.isNull() ? null : id.asText();
    }

    /** {@code cloudCredentials: {id}}; null when absent. */
    private static Long credentialsId(ObjectNode body) {
        JsonNode credentials = body.get("cloudCredentials");
        if (credentials == null || credentials.isNull()) {
            return null;
        }
        JsonNode id = credentials.isObject() ? credentials.get("id") : null;
        if (id == null || !id.canConvertToLong() || !id.isIntegralNumber()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE,
                    "Property 'cloudCredentials' must be an object {\"id\": <credentials id>}");
        }
        return id.longValue();
    }

    /** {@code ?deregister=true} also deregisters the image in the cloud; only true or false are accepted. */
    private static boolean deregister(Context ctx) {
        String value = ctx.queryParam("deregister");
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new ApiException(ApiError.INVALID_VALUE, "deregister: true or false");
    }

    private static String id(Context ctx) {
        return ctx.pathParam("imageId");
    }
}
