package imagehub.role;

import static imagehub.api.spec.Schema.bool;
import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.scopeName;
import static imagehub.api.spec.Schema.string;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imagehub.access.Viewer;
import imagehub.api.ApiBody;
import imagehub.api.ApiCaller;
import imagehub.api.ApiError;
import imagehub.api.ApiException;
import imagehub.api.ApiPaths;
import imagehub.api.Envelope;
import imagehub.api.ListQuery;
import imagehub.api.spec.ApiRouter;
import imagehub.api.spec.Response;
import imagehub.api.spec.Route;
import imagehub.api.spec.Schema;
import imagehub.catalog.OperatingSystem;
import imagehub.core.Page;
import imagehub.core.ValidationException;
import imagehub.image.Image;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Scalr APIv2 roles and role images at every scope ({@code P/roles/…}). The service enforces every rule,
 * access check and audit entry; this class only translates JSON to service calls and back.
 */
public final class RoleApi {
    public static final String ROLES = "/roles/";
    public static final String ROLE = "/roles/{roleId}/";
    public static final String ROLE_IMAGES = ROLE + "images/";
    public static final String ROLE_IMAGE = ROLE_IMAGES + "{imageId}/";
    /** Scalr's x-filterable Role fields Imagehub serves (and {@code deprecated}), each matched exactly. */
    private static final Set<String> FILTERS = Set.of("id", "name", "os", "category", "scope", "deprecated");
    /** Scalr's x-filterable RoleImage fields: the role (the URL's, so another matches nothing) and the image. */
    private static final Set<String> ROLE_IMAGE_FILTERS = Set.of("role", "image");
    private static final Set<String> CREATABLE = Set.of("name", "os", "category", "description");
    private static final Set<String> EDITABLE = Set.of("name", "description", "category", "deprecated");
    private static final Set<String> READ_ONLY = Set.of("id", "scope", "added", "createdBy", "deprecation", "accountId",
            "envId");

    private final RoleService roles;
    private final RoleImages roleImages;
    private final RolePromotion promotion;
    private final ApiCaller caller;

    public RoleApi(RoleService roles, RoleImages roleImages, RolePromotion promotion, ApiCaller caller) {
        this.roles = roles;
        this.roleImages = roleImages;
        this.promotion = promotion;
        this.caller = caller;
    }

    public record IdRef(Object id) {
    }

    public record OsRef(String id, String family) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeprecationBody(Instant since, IdRef replacement) {
    }

    /** The Role object of Scalr's spec; {@code deprecated} is a plain boolean, its details in {@code deprecation}. */
    public record RoleBody(long id, String name, String description, String category, OsRef os, String scope,
            boolean deprecated, DeprecationBody deprecation, String createdBy, Instant added) {
        public static RoleBody of(Role role) {
            DeprecationBody deprecation = role.deprecated() ? new DeprecationBody(role.deprecatedAt(),
                    role.replacementRoleId() == null ? null : new IdRef(role.replacementRoleId())) : null;
            return new RoleBody(role.id(), role.name(), role.description(), role.category(),
                    new OsRef(role.osFamily(), role.osFamily()), role.scope().level().apiName(), role.deprecated(),
                    deprecation, role.createdBy(), role.createdAt());
        }
    }

    /** The RoleImage object of Scalr's spec, with the platform and location the image fills in the role. */
    public record RoleImageBody(IdRef role, IdRef image, String name, String cloudPlatform, String cloudLocation,
            String cloudImageId, String scope) {
        static RoleImageBody of(RoleImage roleImage) {
            Image image = roleImage.image();
            return new RoleImageBody(new IdRef(roleImage.roleId()), new IdRef(image.id()), image.name(),
                    image.platform().id(), image.cloudLocation(), image.cloudImageId(), image.scope().level().apiName());
        }
    }

    public void register(ApiRouter api) {
        api.pathParam("roleId", integer().describe("The ID of a Role object.").references(RoleSchemas.ROLE))
                .add(Route.get(ROLES)
                        .describe(l -> "List all the Roles available in this " + l.word() + ". Every filter matches its field "
                                + "exactly: id, name, os (an OS id or family), category, scope (scalr, account or "
                                + "environment), deprecated.")
                        .answers(Response.list(RoleSchemas.ROLE))
                        .filters(FILTERS), this::list)
                .add(Route.post(ROLES)
                        .describe(l -> "Create a new Role in this " + l.word() + ".")
                        .answers(Response.one(RoleSchemas.ROLE).created())
                        .body("roleObject", "The JSON representation of a Role object.", Schema.ref(RoleSchemas.ROLE)),
                        this::create)
                .add(Route.get(ROLE)
                        .describe("Retrieve detailed information about a given Role.")
                        .answers(Response.one(RoleSchemas.ROLE)),
                        (ctx, scope) -> Envelope.ok(ctx, RoleBody.of(roles.get(caller.viewer(ctx), scope, roleId(ctx)))))
                .add(Route.patch(ROLE)
                        .describe("Modify the attributes of a given Role: name, description, category and deprecated.")
                        .answers(Response.one(RoleSchemas.ROLE))
                        .body("roleObject", "The JSON representation of a Role object.", Schema.ref(RoleSchemas.ROLE)),
                        this::update)
                .add(Route.delete(ROLE)
                        .describe(l -> "Delete a Role from this " + l.word() + "."),
                        (ctx, scope) -> {
                    long roleId = roleId(ctx);
                    roles.get(caller.viewer(ctx), scope, roleId);
                    ApiBody.none(ctx);
                    roles.delete(caller.viewer(ctx), scope, roleId);
                    Envelope.deleted(ctx);
                })
                .add(Route.post(ROLE + "actions/deprecate/")
                        .describe("Deprecate a Role and set another Role to replace it.")
                        .answers(Response.one(RoleSchemas.ROLE))
                        .optionalBody("deprecateRoleRequest", "Deprecate Role options.", properties()
                                .prop("deprecate", bool().defaultValue(true).describe("By default deprecate Role. If the "
                                        + "value is false clears the deprecation of the Role."))
                                .prop("replacement", Schema.ref(RoleSchemas.ROLE_FOREIGN_KEY).describe("The suggested "
                                        + "replacement Role foreign key for the current Role."))),
                        this::deprecate)
                .add(Route.post(ROLE + "actions/promote/")
                        .describe("Promote Role to the scope above its own (environment to account), with its Images. "
                                + "Takes no body.")
                        .answers(Response.one(RoleSchemas.ROLE)),
                        (ctx, scope) -> {
                    long roleId = roleId(ctx);
                    ApiBody.requireOnly(ApiBody.object(ctx), Set.of(), Set.of());
                    Envelope.ok(ctx, RoleBody.of(promotion.promote(caller.viewer(ctx), scope, roleId)));
                })
                .add(Route.post(ROLE + "actions/clone/")
                        .describe("Make a copy of an existing Role, with its Images, by cloning it.")
                        .answers(Response.one(RoleSchemas.ROLE).created())
                        .body("cloneRoleRequest", "Role cloning options.", properties()
                                .prop("name", string().describe("The name of the new Role."))
                                .prop("scope", scopeName().describe("The scope of the new Role; only the scope of the "
                                        + "request URL is accepted."))
                                .required("name")),
                        this::cloneRole)
                .add(Route.get(ROLE_IMAGES)
                        .describe("List all Images associated with a given Role. Filters: role (the Role of the URL; "
                                + "another matches nothing), image (an Image id).")
                        .answers(Response.list(RoleSchemas.ROLE_IMAGE))
                        .filters(ROLE_IMAGE_FILTERS), this::listImages)
                .add(Route.post(ROLE_IMAGES)
                        .describe("Associates a new Image with a given Role. This will fail if an Image associated to "
                                + "the Role is in the same location than the Image you are trying to add.")
                        .answers(Response.one(RoleSchemas.ROLE_IMAGE).created())
                        .body("roleImageObject", "The JSON representation of a RoleImage object.",
                                Schema.ref(RoleSchemas.ROLE_IMAGE)),
                        this::addImage)
                .add(Route.get(ROLE_IMAGE)
                        .describe("Retrieve the Image a Role uses in one cloud location.")
                        .answers(Response.one(RoleSchemas.ROLE_IMAGE)),
                        (ctx, scope) -> {
                    long roleId = roleId(ctx);
                    Envelope.ok(ctx, RoleImageBody.of(roleImages.roleImage(caller.viewer(ctx), scope, roleId, imageId(ctx))));
                })
                .add(Route.delete(ROLE_IMAGE)
                        .describe("Dis-associates an Image from a given Role."),
                        (ctx, scope) -> {
                    long roleId = roleId(ctx);
                    roleImages.roleImage(caller.viewer(ctx), scope, roleId, imageId(ctx));
                    ApiBody.none(ctx);
                    roleImages.removeImage(caller.viewer(ctx), scope, roleId, imageId(ctx));
                    Envelope.deleted(ctx);
                })
                .add(Route.post(ROLE_IMAGE + "actions/replace/")
                        .describe("Replace an Image in-place in a given Role. The Image of the URL is the old one, the "
                                + "Image of the body the new one; both must be of the same platform and location.")
                        .answers(Response.one(RoleSchemas.ROLE_IMAGE))
                        .body("roleImageObject", "The JSON representation of a RoleImage object.",
                                Schema.ref(RoleSchemas.ROLE_IMAGE)),
                        (ctx, scope) -> {
                    long roleId = roleId(ctx);
                    ObjectNode body = ApiBody.object(ctx, Set.of("role", "image"), Set.of());
                    checkRole(body, roleId);
                    String newImageId = ref(body, "image", true);
                    Envelope.ok(ctx, RoleImageBody.of(roleImages.replaceImage(caller.viewer(ctx), scope, roleId,
                            imageId(ctx), newImageId)));
                });
    }

    private void list(Context ctx, ScopeRef scope) {
        ListQuery query = ListQuery.of(ctx, FILTERS);
        RoleFilter filter;
        try {
            filter = RoleFilter.of(null, query.text("os").map(RoleApi::family).orElse(null),
                    query.bool("deprecated").map(String::valueOf).orElse(null));
        } catch (ValidationException invalid) {
            throw new ApiException(ApiError.INVALID_VALUE, invalid.getMessage());
        }
        filter = filter.exactly(query.id("id").orElse(null), query.text("name").orElse(null),
                query.text("category").orElse(null), query.scope("scope", scope).orElse(null));
        Page<Role> page = roles.page(caller.viewer(ctx), scope, filter, query.offset(), query.maxResults());
        Envelope.list(ctx, query, page.items().stream().map(RoleBody::of).toList(), page.total());
    }

    private void listImages(Context ctx, ScopeRef scope) {
        long roleId = roleId(ctx);
        ListQuery query = ListQuery.of(ctx, ROLE_IMAGE_FILTERS);
        String imageId = query.uuid("image").orElse(null);
        if (query.id("role").orElse(roleId) != roleId) {
            roles.get(caller.viewer(ctx), scope, roleId); // another's role is 404 whatever the filter
            Envelope.list(ctx, query, List.of(), 0);
            return;
        }
        Page<RoleImage> page = roles.images(caller.viewer(ctx), scope, roleId, imageId, query.offset(), query.maxResults());
        Envelope.list(ctx, query, page.items().stream().map(RoleImageBody::of).toList(), page.total());
    }

    private void create(Context ctx, ScopeRef scope) {
        ObjectNode body = ApiBody.object(ctx, CREATABLE, READ_ONLY);
        Role created = roles.create(caller.viewer(ctx), scope, new RoleService.RoleInput(ApiBody.text(body, "name"), os(body),
                category(body), ApiBody.text(body, "description")));
        Envelope.created(ctx, RoleBody.of(created));
    }

    /** PATCH takes {@code name}, {@code description}, {@code category} and {@code deprecated}. */
    private void update(Context ctx, ScopeRef scope) {
        long roleId = roleId(ctx);
        ObjectNode body = ApiBody.object(ctx, EDITABLE, READ_ONLY);
        JsonNode deprecated = body.get("deprecated");
        if (deprecated != null && !deprecated.isBoolean()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'deprecated' must be true or false");
        }
        Viewer viewer = caller.viewer(ctx);
        Role role = roles.get(viewer, scope, roleId);
        RoleService.RoleInput edit = body.has("name") || body.has("description") || body.has("category")
                ? new RoleService.RoleInput(body.has("name") ? ApiBody.text(body, "name") : role.name(), role.osFamily(),
                        body.has("category") ? category(body) : role.category(),
                        body.has("description") ? ApiBody.text(body, "description") : role.description())
                : null;
        Envelope.ok(ctx, RoleBody.of(roles.patch(viewer, scope, roleId, edit,
                deprecated == null ? null : deprecated.asBoolean())));
    }

    /** {@code {deprecate: bool, replacement: {id}}}: deprecate (optionally naming the replacement) or undeprecate. */
    private void deprecate(Context ctx, ScopeRef scope) {
        long roleId = roleId(ctx);
        ObjectNode body = ApiBody.object(ctx, Set.of("deprecate", "replacement"), Set.of());
        JsonNode deprecate = body.get("deprecate");
        if (deprecate != null && !deprecate.isBoolean()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'deprecate' must be true or false");
        }
        Viewer viewer = caller.viewer(ctx);
        Role role;
        if (deprecate == null || deprecate.asBoolean()) {
            String replacement = ref(body, "replacement", false);
            role = roles.deprecate(viewer, scope, roleId,
                    new RoleService.RoleDeprecation(replacement == null ? null : number("replacement.id", replacement)));
        } else {
            if (body.hasNonNull("replacement")) {
                throw new ApiException(ApiError.INVALID_STRUCTURE, "A replacement only goes with \"deprecate\": true");
            }
            role = roles.undeprecate(viewer, scope, roleId);
        }
        Envelope.ok(ctx, RoleBody.of(role));
    }

    /** {@code {name, scope?}}: scope is {@code environment}, {@code account} or {@code scalr}, or the request's. */
    private void cloneRole(Context ctx, ScopeRef scope) {
        long roleId = roleId(ctx);
        ObjectNode body = ApiBody.object(ctx, Set.of("name", "scope"), Set.of());
        String target = ApiBody.text(body, "scope");
        ScopeRef into = null;
        if (target != null) {
            ScopeLevel level = level(target);
            if (level != scope.level()) {
                throw new ApiException(ApiError.INVALID_VALUE, "A clone is made at the scope of the request URL ("
                        + scope.level().apiName() + "), not " + target);
            }
            into = scope;
        }
        Envelope.created(ctx, RoleBody.of(promotion.cloneRole(caller.viewer(ctx), scope, roleId,
                new RolePromotion.RoleClone(ApiBody.text(body, "name"), into))));
    }

    private void addImage(Context ctx, ScopeRef scope) {
        long roleId = roleId(ctx);
        ObjectNode body = ApiBody.object(ctx, Set.of("role", "image"), Set.of());
        checkRole(body, roleId);
        String imageId = ref(body, "image", true);
        Envelope.created(ctx, RoleImageBody.of(roleImages.addImage(caller.viewer(ctx), scope, roleId, imageId)));
    }

    /** {@code role.id}, when given, is a number or a numeric string naming the role of the path. */
    private static void checkRole(ObjectNode body, long roleId) {
        String given = ref(body, "role", false);
        if (given != null && number("role.id", given) != roleId) {
            throw new ApiException(ApiError.INVALID_VALUE, "role.id " + given + " is not the role of the URL (" + roleId + ")");
        }
    }

    /** {@code body[field].id} as text; a missing object is null unless required. */
    static String ref(ObjectNode body, String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + field + "' is required: {\"id\": …}");
            }
            return null;
        }
        if (!node.isObject()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + field + "' must be an object {\"id\": …}");
        }
        ApiBody.requireOnly(node, Set.of("id"), Set.of());
        JsonNode id = node.get("id");
        if (id == null || id.isNull()) {
            if (required) {
                throw new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + field + ".id' is required");
            }
            return null;
        }
        if (!id.isTextual() && !id.isIntegralNumber()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + field + ".id' must be a string or a number");
        }
        return id.asText();
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

    /** {@code os: {id}} (an OS id or an OS family) or {@code os: {family}}, as the role's OS family. */
    private static String os(ObjectNode body) {
        JsonNode os = body.get("os");
        if (os == null || os.isNull()) {
            return null;
        }
        if (os.isTextual()) {
            return family(os.asText());
        }
        if (!os.isObject()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'os' must be an object {\"id\": …}");
        }
        ApiBody.requireOnly(os, Set.of("id", "family", "name", "version"), Set.of());
        String family = os.path("family").asText(null);
        return family != null ? family.strip() : family(os.path("id").asText(null));
    }

    /** An OS family, or the family of an OS id from the catalog. */
    static String family(String text) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        return RoleService.OS_FAMILIES.contains(value) ? value
                : OperatingSystem.find(value).map(OperatingSystem::family).orElse(value);
    }

    /** A category as text, or Scalr's category reference {@code {id}} / {@code {name}}. */
    private static String category(ObjectNode body) {
        JsonNode category = body.get("category");
        if (category == null || category.isNull()) {
            return null;
        }
        JsonNode name = !category.isObject() ? category
                : category.hasNonNull("name") ? category.get("name") : category.get("id");
        if (name == null || !(name.isTextual() || category.isObject() && name.isIntegralNumber())) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'category' must be a string or {\"name\": <string>}");
        }
        return name.asText();
    }

    static ScopeLevel level(String apiName) {
        for (ScopeLevel level : ScopeLevel.values()) {
            if (level.apiName().equals(apiName)) {
                return level;
            }
        }
        throw new ApiException(ApiError.INVALID_VALUE, "Scope is environment, account or scalr, not '" + apiName + "'");
    }

    private static long roleId(Context ctx) {
        return ApiPaths.id(ctx, "roleId");
    }

    private static String imageId(Context ctx) {
        return ctx.pathParam("imageId");
    }
}
