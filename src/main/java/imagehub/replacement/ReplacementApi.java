package imagehub.replacement;

import static imagehub.api.spec.Schema.array;
import static imagehub.api.spec.Schema.bool;
import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.scopeName;
import static imagehub.api.spec.Schema.string;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imagehub.access.Access;
import imagehub.access.Viewer;
import imagehub.api.ApiBody;
import imagehub.api.spec.ApiRouter;
import imagehub.api.spec.Response;
import imagehub.api.spec.Route;
import imagehub.core.Page;
import imagehub.api.ApiCaller;
import imagehub.api.ApiError;
import imagehub.api.ApiException;
import imagehub.api.ApiMessage;
import imagehub.api.ApiPaths;
import imagehub.api.Envelope;
import imagehub.api.ListQuery;
import imagehub.catalog.Platform;
import imagehub.image.ImageSchemas;
import imagehub.role.Role;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replace everywhere ({@code P/images/{imageId}/actions/replace/}), with its dry run, and the history of
 * replacements with their rollback ({@code P/replacements/…}). The service does the work and the checks.
 */
public final class ReplacementApi {
    public static final String REPLACE = "/images/{imageId}/actions/replace/";
    public static final String REPLACEMENTS = "/replacements/";
    public static final String REPLACEMENT = "/replacements/{replacementId}/";
    public static final String DEFAULT_REASON = "Replaced through the API";
    /** The old and new image ids, whether it was rolled back, and its cloud platform and location. */
    private static final Set<String> FILTERS = Set.of("oldImage", "newImage", "rolledBack", "cloudPlatform",
            "cloudLocation");
    private static final Set<String> REPLACE_KEYS = Set.of("deprecateOldImage", "newImage", "scope", "dryRun", "reason");

    private final ReplacementService replacements;
    private final Access access;
    private final ApiCaller caller;

    public ReplacementApi(ReplacementService replacements, Access access, ApiCaller caller) {
        this.replacements = replacements;
        this.access = access;
        this.caller = caller;
    }

    public record IdRef(Object id) {
    }

    public record NamedRef(Object id, String name) {
    }

    /** A role a replacement changed (or would change), as Scalr answers replace: {@code {id, scope, accountId, envId}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChangedRole(long id, String name, String scope, Long accountId, Long envId, String reason) {
    }

    /** The answer of a dry run: what would change and what would be left, with why. */
    public record Preview(boolean dryRun, IdRef oldImage, IdRef newImage, boolean deprecateOldImage,
            List<ChangedRole> roles, List<ChangedRole> skipped) {
    }

    public record ReplacementBody(long id, String scope, Long accountId, Long envId, String cloudPlatform,
            String cloudLocation, NamedRef oldImage, NamedRef newImage, boolean deprecatedOldImage, String createdBy,
            Instant added, boolean rolledBack, String rolledBackBy, Instant rolledBackAt, List<NamedRef> roles) {
        static ReplacementBody of(Replacement r, Long accountId, Long envId) {
            return new ReplacementBody(r.id(), r.scope().level().apiName(), accountId, envId, r.platform(),
                    r.cloudLocation(), new NamedRef(r.oldImageId(), r.oldImageName()),
                    new NamedRef(r.newImageId(), r.newImageName()), r.deprecatedOld(), r.createdBy(), r.createdAt(),
                    r.rolledBack(), r.rolledBackBy(), r.rolledBackAt(),
                    r.changes().stream().map(c -> new NamedRef(c.roleId(), c.roleName())).toList());
        }
    }

    public void register(ApiRouter api) {
        api.pathParam("replacementId", integer().describe("The ID of a Replacement (Imagehub)."))
                .add(Route.post(REPLACE)
                        .describe(l -> "Replace the current Image with a specified one for all Roles which use this "
                                + "Image and are visible from this " + l.word() + ". With dryRun, nothing changes and the "
                                + "answer is a preview {dryRun, oldImage, newImage, deprecateOldImage, roles, skipped}. "
                                + "Roles that cannot be changed are listed in warnings (code RoleSkipped).")
                        .answers(Response.all(ReplacementSchemas.ROLE_SCOPE_IDENTITY)
                                .describe("A list of RoleScopeIdentity objects: the Roles changed."))
                        .body("replaceImageRequest", "Replace image options.", properties()
                                .prop("deprecateOldImage", bool().defaultValue(false).describe("If the value is true the "
                                        + "old Image is marked as deprecated."))
                                .prop("newImage", ref(ImageSchemas.IMAGE_FOREIGN_KEY)
                                        .describe("The identifier of a new Image object."))
                                .prop("scope", array(scopeName())
                                        .describe("Only replace in Roles of these scopes (default: all)."))
                                .prop("dryRun", bool().defaultValue(false)
                                        .describe("Only answer what would change (Imagehub)."))
                                .prop("reason", string().describe("Why, for the audit log (Imagehub)."))
                                .required("newImage")),
                        this::replace)
                .add(Route.get(REPLACEMENTS)
                        .describe("List the replace-everywhere operations made at this scope, newest first (Imagehub). "
                                + "Filters: oldImage, newImage (Image ids), rolledBack (true or false), cloudPlatform, "
                                + "cloudLocation.")
                        .answers(Response.list(ReplacementSchemas.REPLACEMENT))
                        .filters(FILTERS),
                        (ctx, scope) -> {
                    ListQuery query = ListQuery.of(ctx, FILTERS);
                    Page<Replacement> page = replacements.page(caller.viewer(ctx), scope,
                            new ReplacementService.ReplacementFilter(query.uuid("oldImage").orElse(null),
                                    query.uuid("newImage").orElse(null), query.bool("rolledBack").orElse(null),
                                    query.choice("cloudPlatform", Platform.values(), Platform::id).orElse(null),
                                    query.text("cloudLocation").orElse(null)),
                            query.offset(), query.maxResults());
                    Envelope.list(ctx, query, page.items().stream().map(this::body).toList(), page.total());
                })
                .add(Route.get(REPLACEMENT)
                        .describe("Retrieve one replace-everywhere operation (Imagehub).")
                        .answers(Response.one(ReplacementSchemas.REPLACEMENT)),
                        (ctx, scope) -> {
                    long id = ApiPaths.id(ctx, "replacementId");
                    Envelope.ok(ctx, body(replacements.get(caller.viewer(ctx), scope, id)));
                })
                .add(Route.post(REPLACEMENT + "actions/rollback/")
                        .describe("Roll a replace-everywhere back: every Role it changed gets its old Image again "
                                + "(Imagehub). Takes no body.")
                        .answers(Response.one(ReplacementSchemas.REPLACEMENT)),
                        (ctx, scope) -> {
                    long id = ApiPaths.id(ctx, "replacementId");
                    ApiBody.requireOnly(ApiBody.object(ctx), Set.of(), Set.of());
                    Envelope.ok(ctx, body(replacements.rollback(caller.viewer(ctx), scope, id)));
                });
    }

    /**
     * {@code {deprecateOldImage, newImage: {id}, scope: [...]?, dryRun?, reason?}}: the roles changed, or with
     * {@code dryRun} the preview of those that would change and those that would be skipped.
     */
    private void replace(Context ctx, ScopeRef scope) {
        ObjectNode body = ApiBody.object(ctx, REPLACE_KEYS, Set.of());
        boolean deprecateOld = ApiBody.bool(body, "deprecateOldImage", false);
        boolean dryRun = ApiBody.bool(body, "dryRun", false);
        JsonNode newImage = body.get("newImage");
        if (newImage == null || !newImage.isObject() || !newImage.path("id").isTextual()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'newImage' is required: {\"id\": \"<image id>\"}");
        }
        ApiBody.requireOnly(newImage, Set.of("id", "name"), Set.of());
        String reason = body.hasNonNull("reason") ? body.get("reason").asText() : DEFAULT_REASON;
        ReplacementService.ReplaceEverywhere command = new ReplacementService.ReplaceEverywhere(
                ctx.pathParam("imageId"), newImage.get("id").asText(), deprecateOld, reason, levels(body.get("scope")));
        Viewer viewer = caller.viewer(ctx);
        ReplacementService.ReplacementPlan plan = replacements.preview(viewer, scope, command);
        List<ChangedRole> skipped = plan.skipped().stream().map(s -> role(s.role(), s.reason())).toList();
        if (dryRun) {
            Envelope.ok(ctx, new Preview(true, new IdRef(plan.oldImage().id()), new IdRef(plan.newImage().id()),
                    deprecateOld, plan.changes().stream().map(c -> role(c.role(), null)).toList(), skipped));
            return;
        }
        Replacement done = replacements.replace(viewer, scope, command);
        Map<Long, Role> planned = new LinkedHashMap<>();
        plan.changes().forEach(change -> planned.put(change.role().id(), change.role()));
        List<ChangedRole> changed = done.changes().stream()
                .map(c -> planned.containsKey(c.roleId()) ? role(planned.get(c.roleId()), null)
                        : new ChangedRole(c.roleId(), c.roleName(), null, null, null, null))
                .toList();
        List<ApiMessage> warnings = skipped.stream()
                .map(s -> new ApiMessage("RoleSkipped", "Role " + s.name() + " (" + s.id() + ") was not changed: " + s.reason()))
                .toList();
        Envelope.ok(ctx, changed, warnings);
    }

    private ChangedRole role(Role role, String reason) {
        Long[] ids = ids(role.scope());
        return new ChangedRole(role.id(), role.name(), role.scope().level().apiName(), ids[0], ids[1], reason);
    }

    private ReplacementBody body(Replacement replacement) {
        Long[] ids = ids(replacement.scope());
        return ReplacementBody.of(replacement, ids[0], ids[1]);
    }

    /** The account and environment ids of a scope, null where the scope has none. */
    private Long[] ids(ScopeRef scope) {
        return switch (scope.level()) {
            case GLOBAL -> new Long[] {null, null};
            case ACCOUNT -> new Long[] {scope.id(), null};
            case ENVIRONMENT -> new Long[] {access.accountOf(scope).orElse(null), scope.id()};
        };
    }

    /** Scalr's {@code scope} list ({@code environment}, {@code account}, {@code scalr}); absent or empty: all. */
    private static Set<ScopeLevel> levels(JsonNode scopes) {
        if (scopes == null || scopes.isNull()) {
            return Set.of();
        }
        if (scopes.isTextual()) {
            return Set.of(level(scopes.asText()));
        }
        if (!scopes.isArray()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'scope' must be a list of scopes");
        }
        Set<ScopeLevel> levels = EnumSet.noneOf(ScopeLevel.class);
        for (JsonNode scope : scopes) {
            if (!scope.isTextual()) {
                throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'scope' must be a list of scope names");
            }
            levels.add(level(scope.asText()));
        }
        return levels;
    }

    private static ScopeLevel level(String apiName) {
        for (ScopeLevel level : ScopeLevel.values()) {
            if (level.apiName().equals(apiName)) {
                return level;
            }
        }
        throw new ApiException(ApiError.INVALID_VALUE, "Scope is environment, account or scalr, not '" + apiName + "'");
    }

}
