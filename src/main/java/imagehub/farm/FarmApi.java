package imagehub.farm;

import static imagehub.api.spec.Schema.bool;
import static imagehub.api.spec.Schema.emptyObject;
import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.ref;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
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
import imagehub.catalog.Platform;
import imagehub.core.Page;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Scalr APIv2 farms, farm roles and servers ({@code /api/v1beta0/user/{envId}/…}); farms live in
 * environments, so only the user API has them. The service enforces every rule, access check and audit
 * entry; this class only translates JSON to service calls and back.
 */
public final class FarmApi {
    public static final String FARMS = "/farms/";
    public static final String FARM = FARMS + "{farmId}/";
    public static final String FARM_ROLES = FARM + "farm-roles/";
    public static final String FARM_ROLE = "/farm-roles/{farmRoleId}/";
    public static final String SERVERS = "/servers/";
    public static final String SERVER = SERVERS + "{serverId}/";
    private static final Set<String> FARM_WRITABLE = Set.of("name", "description", "owner");
    private static final Set<String> FARM_READ_ONLY = Set.of("id", "status", "added", "createdBy", "environment");
    private static final Set<String> FARM_ROLE_WRITABLE = Set.of("alias", "role", "cloudPlatform", "cloudLocation",
            "scaling", "instanceType", "scalingGroup", "cloudCredentials");
    private static final Set<String> FARM_ROLE_READ_ONLY = Set.of("id", "farm", "added", "imageSync");
    private static final Set<String> SCALING = Set.of("minInstances", "maxInstances");
    /** Scalr's x-filterable Farm fields Imagehub serves; {@code owner} is the owner's user id. */
    private static final Set<String> FARM_FILTERS = Set.of("id", "name", "owner", "status");
    /** Scalr's x-filterable FarmRole fields; {@code farm} is the URL's, so another matches nothing. */
    private static final Set<String> FARM_ROLE_FILTERS = Set.of("id", "alias", "farm", "role", "cloudPlatform",
            "cloudLocation");
    /** Scalr's x-filterable Server fields Imagehub serves, and the image a server runs ({@code imageId}). */
    private static final Set<String> SERVER_FILTERS = Set.of("id", "farm", "farmRole", "status", "imageId",
            "cloudServerId", "cloudPlatform", "cloudLocation");
    private static final int DEFAULT_MIN = 1;
    private static final int DEFAULT_MAX = 2;

    private final FarmService farms;
    private final ServerLifecycle lifecycle;
    private final FarmInventory inventory;
    private final ApiCaller caller;

    public FarmApi(FarmService farms, ServerLifecycle lifecycle, FarmInventory inventory, ApiCaller caller) {
        this.farms = farms;
        this.lifecycle = lifecycle;
        this.inventory = inventory;
        this.caller = caller;
    }

    public record IdRef(long id) {
    }

    /** The image a server was launched from; {@code deleted} (only when true) once the image is gone. */
    public record ImageRef(String id, String name, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean deleted) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OwnerRef(Long id, String email) {
    }

    /** The Farm object of Scalr's spec. */
    public record FarmBody(long id, String name, String description, OwnerRef owner, String status,
            IdRef environment, String createdBy, Instant added) {
        static FarmBody of(Farm farm) {
            return new FarmBody(farm.id(), farm.name(), farm.description(),
                    farm.ownerId() == null ? null : new OwnerRef(farm.ownerId(), farm.ownerEmail()),
                    farm.status().label(), new IdRef(farm.envId()), farm.createdBy(), farm.createdAt());
        }
    }

    public record Scaling(int minInstances, int maxInstances) {
    }

    /** One farm's inventory sync: when it ran, what it found in the bound scaling groups, what failed. */
    public record FarmSyncBody(IdRef farm, Instant started, Instant finished, int instances, int added,
            int terminated, List<String> failures) {
        static FarmSyncBody of(FarmInventory.FarmSync sync) {
            return new FarmSyncBody(new IdRef(sync.farmId()), sync.startedAt(), sync.finishedAt(), sync.instances(),
                    sync.added(), sync.gone(), sync.failureLines());
        }
    }

    public record RoleRef(long id, String name) {
    }

    public record GroupRef(String id) {
    }

    /** Whether the bound scaling group carries the role's image ({@code imageId}: the cloud image id). */
    public record ImageSyncBody(String status, String message, String imageId, Instant updated) {
    }

    /**
     * The FarmRole object of Scalr's spec; a farm role on a real cloud adds the scaling group it is bound to, the
     * credentials it names, if any, and its image sync.
     */
    public record FarmRoleBody(long id, String alias, RoleRef role, IdRef farm, String cloudPlatform,
            String cloudLocation, Scaling scaling, Instant added, @JsonInclude(JsonInclude.Include.NON_NULL) GroupRef scalingGroup,
            @JsonInclude(JsonInclude.Include.NON_NULL) IdRef cloudCredentials,
            @JsonInclude(JsonInclude.Include.NON_NULL) ImageSyncBody imageSync) {
        static FarmRoleBody of(FarmRole farmRole) {
            FarmRole.ImageSync sync = farmRole.imageSync();
            return new FarmRoleBody(farmRole.id(), farmRole.alias(), new RoleRef(farmRole.roleId(), farmRole.roleName()),
                    new IdRef(farmRole.farmId()), farmRole.platform().id(), farmRole.cloudLocation(),
                    new Scaling(farmRole.minServers(), farmRole.maxServers()), farmRole.createdAt(),
                    farmRole.bound() ? new GroupRef(farmRole.scalingGroupId()) : null,
                    farmRole.cloudCredentialsId() == null ? null : new IdRef(farmRole.cloudCredentialsId()),
                    sync == null ? null : new ImageSyncBody(sync.status().label(), sync.message(), sync.cloudImageId(),
                            sync.updated()));
        }
    }

    /** The Server object of Scalr's spec, with the image it was launched from. */
    public record ServerBody(long id, String cloudServerId, IdRef farm, IdRef farmRole, ImageRef image, String status,
            Instant launched, String cloudPlatform, String cloudLocation) {
        static ServerBody of(Server server) {
            return new ServerBody(server.id(), server.cloudInstanceId(), new IdRef(server.farmId()),
                    new IdRef(server.farmRoleId()), new ImageRef(server.imageId(), server.imageName(), server.imageDeleted()),
                    server.status().label(), server.launchedAt(), server.platform().id(), server.cloudLocation());
        }
    }

    public void register(ApiRouter api) {
        api.pathParam("farmId", integer().describe("The ID of a Farm object.").references(FarmSchemas.FARM))
                .pathParam("farmRoleId", integer().describe("The ID of a FarmRole object.").references(FarmSchemas.FARM_ROLE))
                .pathParam("serverId", integer().describe("The ID of a Server object.").references(FarmSchemas.SERVER));
        route(api, Route.get(FARMS)
                .describe("List all the Farms available in this Environment. Every filter matches its field exactly: "
                        + "id, name, owner (the owner's user id), status.")
                .answers(Response.list(FarmSchemas.FARM))
                .filters(FARM_FILTERS),
                ctx -> {
            ListQuery query = ListQuery.of(ctx, FARM_FILTERS);
            FarmService.FarmFilter filter = new FarmService.FarmFilter(query.id("id").orElse(null),
                    query.text("name").orElse(null), query.id("owner").orElse(null),
                    query.choice("status", FarmStatus.values(), FarmStatus::label).orElse(null));
            list(ctx, query, farms.farms(caller.viewer(ctx), envId(ctx), filter, query.offset(), query.maxResults()),
                    FarmBody::of);
        });
        route(api, Route.post(FARMS)
                .describe("Create a new Farm in this Environment. The owner is named by owner.email (default: "
                        + "you).")
                .answers(Response.one(FarmSchemas.FARM).created())
                .body("createFarmRequestObject", "The JSON representation of a CreateFarmRequest object.",
                        ref(FarmSchemas.FARM)),
                ctx -> {
            long envId = envId(ctx);
            ObjectNode body = ApiBody.object(ctx, FARM_WRITABLE, FARM_READ_ONLY);
            Envelope.created(ctx, FarmBody.of(farms.create(caller.viewer(ctx), envId,
                    new FarmService.FarmInput(text(body, "name"), text(body, "description"), ownerEmail(body)))));
        });
        route(api, Route.get(FARM)
                .describe("Retrieve detailed information about a given Farm.")
                .answers(Response.one(FarmSchemas.FARM)),
                ctx -> Envelope.ok(ctx, FarmBody.of(farm(ctx))));
        route(api, Route.patch(FARM)
                .describe("Modify the attributes of a given Farm: name, description, owner.")
                .answers(Response.one(FarmSchemas.FARM))
                .body("farmObject", "The JSON representation of a Farm object.", ref(FarmSchemas.FARM)),
                ctx -> {
            Farm farm = farm(ctx);
            ObjectNode body = ApiBody.object(ctx, FARM_WRITABLE, FARM_READ_ONLY);
            Envelope.ok(ctx, FarmBody.of(farms.update(caller.viewer(ctx), farm.id(), new FarmService.FarmInput(
                    body.has("name") ? text(body, "name") : farm.name(),
                    body.has("description") ? text(body, "description") : farm.description(),
                    body.has("owner") ? ownerEmail(body) : null))));
        });
        route(api, Route.delete(FARM)
                .describe("Delete a terminated Farm with its Farm Roles."),
                ctx -> {
            long farmId = farm(ctx).id();
            ApiBody.none(ctx);
            farms.delete(caller.viewer(ctx), farmId);
            Envelope.deleted(ctx);
        });
        action(api, "launch", "Launch a Farm: the scaler brings every Farm Role up to its minimum.", lifecycle::launch);
        action(api, "suspend", "Suspend a Farm.", lifecycle::suspend);
        action(api, "resume", "Resume a Farm.", lifecycle::resume);
        route(api, Route.post(FARM + "actions/terminate/")
                .describe("Terminate a Farm.")
                .answers(Response.one(FarmSchemas.FARM))
                .optionalBody("terminateFarmRequest", "Terminate Farm options.", properties()
                        .prop("force", bool().describe("Skip all shutdown routines (Do not process the "
                                + "BeforeHostTerminate event)."))),
                ctx -> {
            Farm farm = farm(ctx);
            ObjectNode body = ApiBody.object(ctx, Set.of("force"), Set.of());
            flag(body, "force");
            Envelope.ok(ctx, FarmBody.of(lifecycle.terminate(caller.viewer(ctx), farm.id())));
        });
        route(api, Route.post(FARM + "actions/sync/")
                .describe("Read the instances of the Farm's bound scaling groups into its servers now; "
                        + "answers when done.")
                .answers(Response.one(FarmSchemas.FARM_SYNC))
                .optionalBody("syncFarmRequest", "No options: send {}.", emptyObject()),
                ctx -> {
            Farm farm = farm(ctx);
            ApiBody.requireOnly(ApiBody.object(ctx), Set.of(), Set.of());
            Envelope.ok(ctx, FarmSyncBody.of(inventory.syncNow(caller.viewer(ctx), farm.id())));
        });
        route(api, Route.get(FARM_ROLES)
                .describe("List the Farm Roles of a Farm. Every filter matches its field exactly: id, alias, farm (the "
                        + "Farm of the URL; another matches nothing), role (a Role id), cloudPlatform, cloudLocation.")
                .answers(Response.list(FarmSchemas.FARM_ROLE))
                .filters(FARM_ROLE_FILTERS),
                ctx -> {
            Farm farm = farm(ctx);
            ListQuery query = ListQuery.of(ctx, FARM_ROLE_FILTERS);
            FarmService.FarmRoleFilter filter = new FarmService.FarmRoleFilter(query.id("id").orElse(null),
                    query.text("alias").orElse(null), query.id("role").orElse(null), platform(query),
                    query.text("cloudLocation").orElse(null));
            if (query.id("farm").orElse(farm.id()) != farm.id()) {
                Envelope.list(ctx, query, List.of(), 0);
                return;
            }
            list(ctx, query, farms.farmRoles(caller.viewer(ctx), farm.id(), filter, query.offset(), query.maxResults()),
                    FarmRoleBody::of);
        });
        route(api, Route.post(FARM_ROLES)
                .describe("Create a new Farm Role in a Farm: a Role in one cloud location, with scaling "
                        + "{minInstances, maxInstances}.")
                .answers(Response.one(FarmSchemas.FARM_ROLE).created())
                .body("farmRoleObject", "The JSON representation of a FarmRole object.", ref(FarmSchemas.FARM_ROLE)),
                this::addFarmRole);
        route(api, Route.get(FARM_ROLE)
                .describe("Retrieve detailed information about a given Farm Role.")
                .answers(Response.one(FarmSchemas.FARM_ROLE)),
                ctx -> Envelope.ok(ctx, FarmRoleBody.of(farmRole(ctx))));
        route(api, Route.patch(FARM_ROLE)
                .describe("Modify a Farm Role: only scaling (minInstances, maxInstances).")
                .answers(Response.one(FarmSchemas.FARM_ROLE))
                .body("farmRoleObject", "The JSON representation of a FarmRole object.", ref(FarmSchemas.FARM_ROLE)),
                ctx -> {
            FarmRole farmRole = farmRole(ctx);
            ObjectNode body = ApiBody.object(ctx, Set.of("scaling"), FARM_ROLE_READ_ONLY);
            Scaling scaling = scaling(body, new Scaling(farmRole.minServers(), farmRole.maxServers()));
            Envelope.ok(ctx, FarmRoleBody.of(farms.resizeFarmRole(caller.viewer(ctx), farmRole.id(),
                    scaling.minInstances(), scaling.maxInstances())));
        });
        route(api, Route.post(FARM_ROLE + "actions/sync-image/")
                .describe("Write the Role's image for the Farm Role's location into its bound scaling group "
                        + "again (the retry after a failure); answers the Farm Role with the outcome.")
                .answers(Response.one(FarmSchemas.FARM_ROLE))
                .optionalBody("syncImageRequest", "No options: send {}.", emptyObject()),
                ctx -> {
            FarmRole farmRole = farmRole(ctx);
            ApiBody.requireOnly(ApiBody.object(ctx), Set.of(), Set.of());
            Envelope.ok(ctx, FarmRoleBody.of(farms.retryImageSync(caller.viewer(ctx), farmRole.id())));
        });
        route(api, Route.delete(FARM_ROLE)
                .describe("Delete a Farm Role that has no active servers."),
                ctx -> {
            long farmRoleId = farmRole(ctx).id();
            ApiBody.none(ctx);
            farms.removeFarmRole(caller.viewer(ctx), farmRoleId);
            Envelope.deleted(ctx);
        });
        route(api, Route.get(FARM + "servers/")
                .describe("List the active Servers of a Farm. Filters: id, farmRole, status, imageId, "
                        + "cloudServerId, cloudPlatform, cloudLocation.")
                .answers(Response.list(FarmSchemas.SERVER).describe("A list of Server objects (active servers)."))
                .filters(SERVER_FILTERS),
                ctx -> servers(ctx, farm(ctx).id(), null));
        route(api, Route.get(FARM_ROLE + "servers/")
                .describe("List the active Servers of a Farm Role.")
                .answers(Response.list(FarmSchemas.SERVER).describe("A list of Server objects (active servers)."))
                .filters(SERVER_FILTERS),
                ctx -> {
            FarmRole farmRole = farmRole(ctx);
            servers(ctx, farmRole.farmId(), farmRole.id());
        });
        route(api, Route.post(FARM_ROLE + "servers/")
                .describe("Launch a new Server for the specified Farm Role.")
                .answers(Response.one(FarmSchemas.SERVER).created()),
                ctx -> {
            FarmRole farmRole = farmRole(ctx);
            ApiBody.requireOnly(ApiBody.object(ctx), Set.of(), Set.of());
            Envelope.created(ctx, ServerBody.of(lifecycle.launchServer(caller.viewer(ctx), farmRole.id())));
        });
        route(api, Route.get(SERVERS)
                .describe("List the active Servers of this Environment. Every filter matches its field exactly: "
                        + "id, farm, farmRole, status, imageId, cloudServerId, cloudPlatform, cloudLocation.")
                .answers(Response.list(FarmSchemas.SERVER).describe("A list of Server objects (active servers)."))
                .filters(SERVER_FILTERS),
                ctx -> servers(ctx, null, null));
        route(api, Route.post(SERVERS)
                .describe("Launch a new Server for the specified Farm Role.")
                .answers(Response.one(FarmSchemas.SERVER).created())
                .body("serverLaunchRequest", "Server launch options.", properties()
                        .prop("farmRole", ref(FarmSchemas.FARM_ROLE_FOREIGN_KEY))
                        .required("farmRole")),
                ctx -> {
            long envId = envId(ctx);
            ObjectNode body = ApiBody.object(ctx, Set.of("farmRole"), Set.of());
            long farmRoleId = reference(body, "farmRole");
            FarmRole farmRole = farms.farmRole(caller.viewer(ctx), farmRoleId);
            requireEnvironment(envId, farms.get(caller.viewer(ctx), farmRole.farmId()).envId(), "Farm role " + farmRoleId);
            Envelope.created(ctx, ServerBody.of(lifecycle.launchServer(caller.viewer(ctx), farmRoleId)));
        });
        route(api, Route.get(SERVER)
                .describe("Retrieve detailed information about a given Server.")
                .answers(Response.one(FarmSchemas.SERVER)),
                ctx -> Envelope.ok(ctx, ServerBody.of(server(ctx))));
        route(api, Route.post(SERVER + "actions/terminate/")
                .describe("Terminate a Server; in a running Farm the scaler replaces it on the Role's "
                        + "current Image.")
                .answers(Response.one(FarmSchemas.SERVER))
                .optionalBody("serverTerminationOptions", "Additional options for the Server termination.",
                        properties().prop("force", bool().describe("Whether the Server should be terminated "
                                + "immediately."))),
                ctx -> {
            Server server = server(ctx);
            ObjectNode body = ApiBody.object(ctx, Set.of("force"), Set.of());
            flag(body, "force");
            Envelope.ok(ctx, ServerBody.of(lifecycle.terminateServer(caller.viewer(ctx), server.id())));
        });
    }

    @FunctionalInterface
    private interface FarmAction {
        Farm apply(Viewer viewer, long farmId);
    }

    /** Launch, suspend and resume declare no body; clients still send {@code {}}. */
    private void action(ApiRouter api, String name, String description, FarmAction action) {
        route(api, Route.post(FARM + "actions/" + name + "/").describe(description).answers(Response.one(FarmSchemas.FARM)),
                ctx -> {
            Farm farm = farm(ctx);
            ApiBody.requireOnly(ApiBody.object(ctx), Set.of(), Set.of());
            Envelope.ok(ctx, FarmBody.of(action.apply(caller.viewer(ctx), farm.id())));
        });
    }

    /** Farms live in environments: every farm route is in the user API only. */
    private static void route(ApiRouter api, Route route, io.javalin.http.Handler handler) {
        api.add(route.only(Level.USER), handler);
    }

    private void addFarmRole(Context ctx) {
        Farm farm = farm(ctx);
        ObjectNode body = ApiBody.object(ctx, FARM_ROLE_WRITABLE, FARM_ROLE_READ_ONLY);
        long roleId = reference(body, "role");
        Scaling scaling = scaling(body, new Scaling(DEFAULT_MIN, DEFAULT_MAX));
        FarmRole created = farms.addFarmRole(caller.viewer(ctx), farm.id(), new FarmService.FarmRoleInput(roleId,
                required(body, "cloudPlatform"), required(body, "cloudLocation"), scaling.minInstances(),
                scaling.maxInstances(), text(body, "alias"), scalingGroupId(body),
                body.has("cloudCredentials") && !body.get("cloudCredentials").isNull()
                        ? reference(body, "cloudCredentials") : null));
        Envelope.created(ctx, FarmRoleBody.of(created));
    }

    /**
     * The environment's active servers, of the farm and farm role of the URL when given; the query's filters narrow
     * them further (a filter naming another farm or farm role than the URL's matches nothing).
     */
    private void servers(Context ctx, Long urlFarmId, Long urlFarmRoleId) {
        ListQuery query = ListQuery.of(ctx, SERVER_FILTERS);
        Long farmId = query.id("farm").orElse(urlFarmId);
        Long farmRoleId = query.id("farmRole").orElse(urlFarmRoleId);
        FarmService.ServerFilter filter = new FarmService.ServerFilter(query.id("id").orElse(null), farmId, farmRoleId,
                query.choice("status", ServerStatus.values(), ServerStatus::label).orElse(null),
                query.uuid("imageId").orElse(null), query.text("cloudServerId").orElse(null), platform(query),
                query.text("cloudLocation").orElse(null));
        if ((urlFarmId != null && !urlFarmId.equals(farmId)) || (urlFarmRoleId != null && !urlFarmRoleId.equals(farmRoleId))) {
            Envelope.list(ctx, query, List.of(), 0);
            return;
        }
        list(ctx, query, farms.activeServers(caller.viewer(ctx), envId(ctx), filter, query.offset(), query.maxResults()),
                ServerBody::of);
    }

    private static Platform platform(ListQuery query) {
        return query.choice("cloudPlatform", Platform.values(), Platform::id).orElse(null);
    }

    /** The farm of the URL; a farm of another environment is not found there. */
    private Farm farm(Context ctx) {
        long farmId = ApiPaths.id(ctx, "farmId");
        Farm farm = farms.get(caller.viewer(ctx), farmId);
        requireEnvironment(envId(ctx), farm.envId(), "Farm " + farmId);
        return farm;
    }

    private FarmRole farmRole(Context ctx) {
        long farmRoleId = ApiPaths.id(ctx, "farmRoleId");
        FarmRole farmRole = farms.farmRole(caller.viewer(ctx), farmRoleId);
        requireEnvironment(envId(ctx), farms.get(caller.viewer(ctx), farmRole.farmId()).envId(), "Farm role " + farmRoleId);
        return farmRole;
    }

    private Server server(Context ctx) {
        long serverId = ApiPaths.id(ctx, "serverId");
        Server server = farms.server(caller.viewer(ctx), serverId);
        requireEnvironment(envId(ctx), server.envId(), "Server " + serverId);
        return server;
    }

    private static void requireEnvironment(long urlEnvId, long envId, String what) {
        if (urlEnvId != envId) {
            throw new NotFoundException(what);
        }
    }

    private static long envId(Context ctx) {
        return ApiPaths.id(ctx, "envId");
    }

    /** {@code scaling: {minInstances, maxInstances}}; a missing number keeps {@code current}'s. */
    private static Scaling scaling(ObjectNode body, Scaling current) {
        JsonNode scaling = body.get("scaling");
        if (scaling == null || scaling.isNull()) {
            return current;
        }
        if (!scaling.isObject()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'scaling' must be an object");
        }
        ApiBody.requireOnly(scaling, SCALING, Set.of());
        ObjectNode numbers = (ObjectNode) scaling;
        return new Scaling(ApiBody.integer(numbers, "minInstances", current.minInstances()),
                ApiBody.integer(numbers, "maxInstances", current.maxInstances()));
    }

    /** {@code body[field].id} as a positive number (or numeric string). */
    private static long reference(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isObject()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + field + "' is required: {\"id\": …}");
        }
        JsonNode id = node.get("id");
        if (id == null || !(id.isIntegralNumber() || id.isTextual())) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + field + ".id' must be a number");
        }
        return number(field + ".id", id.asText());
    }

    /** {@code scalingGroup: {id}}: an Auto Scaling group name or an ESS scaling group id; null when absent. */
    private static String scalingGroupId(ObjectNode body) {
        JsonNode group = body.get("scalingGroup");
        if (group == null || group.isNull()) {
            return null;
        }
        if (!group.isObject()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'scalingGroup' must be an object {\"id\": …}");
        }
        ApiBody.requireOnly(group, Set.of("id"), Set.of());
        JsonNode id = group.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank() || id.asText().length() > 255) {
            throw new ApiException(ApiError.INVALID_STRUCTURE,
                    "Property 'scalingGroup.id' must be the group's name (AWS) or id (Alibaba), at most 255 characters");
        }
        return id.asText();
    }

    /** The owner's email from {@code owner: {email}}; an owner named only by id is refused. */
    private static String ownerEmail(ObjectNode body) {
        JsonNode owner = body.get("owner");
        if (owner == null || owner.isNull()) {
            return null;
        }
        if (!owner.isObject()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'owner' must be an object {\"email\": …}");
        }
        ApiBody.requireOnly(owner, Set.of("id", "email"), Set.of());
        JsonNode email = owner.get("email");
        if (email == null || !email.isTextual()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Name the owner by 'owner.email'");
        }
        return email.asText();
    }

    private static void flag(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node != null && !node.isNull() && !node.isBoolean()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + field + "' must be true or false");
        }
    }

    private static long number(String what, String text) {
        try {
            long value = Long.parseLong(text.strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ApiError.INVALID_VALUE, what + " must be a positive number, not '" + text + "'");
    }

    private static String required(ObjectNode body, String field) {
        String value = text(body, field);
        if (value == null) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + field + "' is required");
        }
        return value;
    }

    private static String text(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + field + "' must be a string");
        }
        return node.asText();
    }

    private static <T> void list(Context ctx, ListQuery query, Page<T> page, Function<T, ?> body) {
        Envelope.list(ctx, query, page.items().stream().map(body).toList(), page.total());
    }
}
