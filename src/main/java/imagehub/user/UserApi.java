package imagehub.user;

import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imagehub.access.Grant;
import imagehub.access.Viewer;
import imagehub.api.ApiBody;
import imagehub.api.ApiCaller;
import imagehub.api.ApiError;
import imagehub.api.ApiPaths;
import imagehub.api.ApiException;
import imagehub.api.Envelope;
import imagehub.api.ListQuery;
import imagehub.api.spec.ApiRouter;
import imagehub.api.spec.Level;
import imagehub.api.spec.Response;
import imagehub.api.spec.Route;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Users, service accounts, grants and API keys under {@code /api/v1beta0/global/users/}. Who may see
 * and change what is decided by the same services as the portal.
 */
public final class UserApi {
    public static final String USERS = "/users/";
    public static final String USER = USERS + "{userId}/";
    public static final String GRANTS = USER + "grants/";
    public static final String GRANT = GRANTS + "{grantId}/";
    public static final String KEYS = USER + "api-keys/";
    public static final String KEY = KEYS + "{keyId}/";

    private final UserService users;
    private final ApiKeyService apiKeys;
    private final ApiCaller caller;

    public UserApi(UserService users, ApiKeyService apiKeys, ApiCaller caller) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.caller = caller;
    }

    public record ScopeBody(String level, long id) {
        static ScopeBody of(ScopeRef scope) {
            return new ScopeBody(scope.level().apiName(), scope.id());
        }
    }

    public record GrantBody(long id, ScopeBody scope, String role) {
        static GrantBody of(Grant grant) {
            return new GrantBody(grant.id(), ScopeBody.of(grant.scope()), grant.role().label());
        }
    }

    public record UserBody(long id, String email, String name, String kind, boolean disabled, Instant added,
            List<GrantBody> grants) {
        static UserBody of(UserService.Member member) {
            User user = member.user();
            return new UserBody(user.id(), user.email(), user.name(), user.kind() == UserKind.SERVICE ? "service" : "user",
                    user.disabled(), user.createdAt(), member.grants().stream().map(GrantBody::of).toList());
        }
    }

    public record KeyBody(String keyId, String name, Instant added, Instant lastUsed, boolean active, String secret) {
        static KeyBody of(ApiKey key, String secret) {
            return new KeyBody(key.keyId(), key.name(), key.createdAt(), key.lastUsedAt(), key.active(), secret);
        }
    }

    /**
     * Every handler checks the caller's rights on the user before it reads the body: a caller without
     * them gets the same 404 whatever they send.
     */
    public void register(ApiRouter api) {
        api.pathParam("userId", integer().describe("The ID of a User."))
                .pathParam("grantId", integer().describe("The ID of a Grant of the User."))
                .pathParam("keyId", string().describe("The ID of an API key of the User."));
        api.add(Route.get(USERS).only(Level.GLOBAL)
                .describe("List the Users and service accounts you may see, with the grants you may see.")
                .answers(Response.list(UserSchemas.USER)),
                ctx -> {
            ListQuery query = ListQuery.of(ctx, Set.of());
            UserService.Page<UserService.Member> page = users.page(caller.viewer(ctx), query.offset(), query.maxResults());
            Envelope.list(ctx, query, page.items().stream().map(UserBody::of).toList(), page.total());
        });
        api.add(Route.post(USERS).only(Level.GLOBAL)
                .describe("Create a person (kind user: email, name, password) or a service account (kind "
                        + "service: name), with a first grant (scope, role).")
                .answers(Response.one(UserSchemas.USER).created())
                .body("userObject", "The JSON representation of a User object.", ref(UserSchemas.USER)),
                this::create);
        api.add(Route.get(USER).only(Level.GLOBAL)
                .describe("Retrieve a User with its grants.")
                .answers(Response.one(UserSchemas.USER)),
                ctx -> Envelope.ok(ctx, UserBody.of(users.member(caller.viewer(ctx), ApiPaths.id(ctx, "userId")))));
        api.add(Route.patch(USER).only(Level.GLOBAL)
                .describe("Disable or enable a User (property disabled), or set a new password for a "
                        + "person (property password); only for an admin of every scope the User holds a grant in.")
                .answers(Response.one(UserSchemas.USER))
                .body("userObject", "The JSON representation of a User object.", ref(UserSchemas.USER)),
                this::update);
        api.add(Route.delete(USER).only(Level.GLOBAL)
                .describe("Delete a User."),
                ctx -> {
            long userId = users.find(caller.viewer(ctx), ApiPaths.id(ctx, "userId")).id();
            ApiBody.none(ctx);
            users.delete(caller.viewer(ctx), userId);
            Envelope.deleted(ctx);
        });

        api.add(Route.get(GRANTS).only(Level.GLOBAL)
                .describe("List the grants of a User.")
                .answers(Response.list(UserSchemas.GRANT)),
                ctx -> {
            Viewer viewer = caller.viewer(ctx);
            long userId = ApiPaths.id(ctx, "userId");
            ListQuery query = ListQuery.of(ctx, Set.of());
            UserService.Page<Grant> page = users.grants(viewer, userId, query.offset(), query.maxResults());
            Envelope.list(ctx, query, page.items().stream().map(GrantBody::of).toList(), page.total());
        });
        api.add(Route.post(GRANTS).only(Level.GLOBAL)
                .describe("Grant a User a role at a scope (replacing the role it had there).")
                .answers(Response.one(UserSchemas.GRANT).created())
                .body("grantObject", "The JSON representation of a Grant object.", ref(UserSchemas.GRANT)),
                ctx -> {
            Viewer viewer = caller.viewer(ctx);
            long userId = ApiPaths.id(ctx, "userId");
            users.find(viewer, userId);
            ObjectNode body = ApiBody.object(ctx, Set.of("scope", "role"), Set.of("id"));
            ScopeRef scope = scope(body.get("scope"));
            Envelope.created(ctx, GrantBody.of(users.setGrant(viewer, userId, scope, required(body, "role"))));
        });
        api.add(Route.delete(GRANT).only(Level.GLOBAL)
                .describe("Remove a grant from a User."),
                ctx -> {
            long userId = users.find(caller.viewer(ctx), ApiPaths.id(ctx, "userId")).id();
            ApiBody.none(ctx);
            users.removeGrant(caller.viewer(ctx), userId, ApiPaths.id(ctx, "grantId"));
            Envelope.deleted(ctx);
        });

        api.add(Route.get(KEYS).only(Level.GLOBAL)
                .describe("List the API keys of a User (never with their secrets).")
                .answers(Response.list(UserSchemas.API_KEY)),
                ctx -> {
            Viewer viewer = caller.viewer(ctx);
            long userId = ApiPaths.id(ctx, "userId");
            ListQuery query = ListQuery.of(ctx, Set.of());
            UserService.Page<ApiKey> page = apiKeys.list(viewer, userId, query.offset(), query.maxResults());
            Envelope.list(ctx, query, page.items().stream().map(k -> KeyBody.of(k, null)).toList(), page.total());
        });
        api.add(Route.post(KEYS).only(Level.GLOBAL)
                .describe("Create an API key for a User; the answer holds its secret, shown only this once.")
                .answers(Response.one(UserSchemas.API_KEY).created())
                .body("apiKeyObject", "The JSON representation of a ApiKey object.", ref(UserSchemas.API_KEY)),
                ctx -> {
            Viewer viewer = caller.viewer(ctx);
            long userId = ApiPaths.id(ctx, "userId");
            apiKeys.requireKeyAccess(viewer, userId);
            ObjectNode body = ApiBody.object(ctx, Set.of("name"),
                    Set.of("keyId", "added", "lastUsed", "active", "secret"));
            ApiKeyService.CreatedKey created = apiKeys.create(viewer, userId, required(body, "name"));
            Envelope.created(ctx, KeyBody.of(created.key(), created.secret()));
        });
        api.add(Route.delete(KEY).only(Level.GLOBAL)
                .describe("Revoke an API key of a User."),
                ctx -> {
            long userId = ApiPaths.id(ctx, "userId");
            apiKeys.requireKeyAccess(caller.viewer(ctx), userId);
            ApiBody.none(ctx);
            apiKeys.revoke(caller.viewer(ctx), userId, ctx.pathParam("keyId"));
            Envelope.deleted(ctx);
        });
    }

    /**
     * Creates a person ({@code kind} "user", the default: email, name, password) or a service account
     * ({@code kind} "service": name), with its first grant ({@code scope}, {@code role}). An email in use
     * is 409: an existing person gets access through {@link #GRANTS}.
     */
    private void create(Context ctx) {
        Viewer viewer = caller.viewer(ctx);
        users.requireUserAdmin(viewer);
        ObjectNode body = ApiBody.object(ctx);
        ApiBody.requireOnly(body, Set.of("email", "name", "password", "kind", "scope", "role"),
                Set.of("id", "disabled", "added", "grants"));
        String kind = Optional.ofNullable(ApiBody.text(body, "kind")).orElse("user");
        if (!kind.equals("user") && !kind.equals("service")) {
            throw new ApiException(ApiError.INVALID_VALUE, "Property 'kind' must be user or service");
        }
        ScopeRef scope = scope(body.get("scope"));
        String role = required(body, "role");
        User created;
        if (kind.equals("service")) {
            for (String field : List.of("email", "password")) {
                if (body.has(field)) {
                    throw new ApiException(ApiError.INVALID_STRUCTURE, "A service account has no " + field);
                }
            }
            created = users.createServiceAccount(viewer, scope, required(body, "name"), role);
        } else {
            created = users.createUser(viewer, scope, new UserService.NewMember(required(body, "email"),
                    ApiBody.text(body, "name"), required(body, "password"), role));
        }
        Envelope.created(ctx, UserBody.of(users.member(viewer, created.id())));
    }

    /** Disables or enables a user, or sets a new password for a person: only for whoever manages the user. */
    private void update(Context ctx) {
        Viewer viewer = caller.viewer(ctx);
        long userId = ApiPaths.id(ctx, "userId");
        users.requireManages(viewer, userId);
        ObjectNode body = ApiBody.object(ctx, Set.of("disabled", "password"),
                Set.of("id", "email", "name", "kind", "added", "grants"));
        JsonNode disabled = body.get("disabled");
        if (disabled != null && !disabled.isBoolean()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'disabled' must be a boolean");
        }
        String password = ApiBody.text(body, "password");
        if ((disabled == null) == (password == null)) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Send either 'disabled' (boolean) or 'password' (string)");
        }
        if (password != null) {
            users.resetPassword(viewer, userId, password);
        } else {
            users.setDisabled(viewer, userId, disabled.asBoolean());
        }
        Envelope.ok(ctx, UserBody.of(users.member(viewer, userId)));
    }

    private static ScopeRef scope(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("level").isTextual()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE,
                    "Property 'scope' must look like {\"level\": \"scalr|account|environment\", \"id\": 7}");
        }
        String level = node.get("level").asText();
        for (ScopeLevel candidate : ScopeLevel.values()) {
            if (candidate.apiName().equals(level)) {
                JsonNode id = node.get("id");
                if (candidate != ScopeLevel.GLOBAL && (id == null || !id.canConvertToLong() || !id.isIntegralNumber())) {
                    throw new ApiException(ApiError.INVALID_STRUCTURE, "scope.id must be the id (an integer) of the " + level);
                }
                try {
                    return new ScopeRef(candidate, candidate == ScopeLevel.GLOBAL ? 0 : id.asLong());
                } catch (IllegalArgumentException e) {
                    throw new ApiException(ApiError.INVALID_VALUE, "scope.id must be the id of the " + level);
                }
            }
        }
        throw new ApiException(ApiError.INVALID_VALUE, "scope.level must be scalr, account or environment");
    }

    /** A string property that must be there; absent, null or another JSON type is 400. */
    private static String required(ObjectNode body, String field) {
        String value = ApiBody.text(body, field);
        if (value == null) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + field + "' (string) is required");
        }
        return value;
    }
}
