package imagehub.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imagehub.access.Grant;
import imagehub.access.Viewer;
import imagehub.api.ApiBody;
import imagehub.api.ApiCaller;
import imagehub.api.ApiError;
import imagehub.api.ApiPaths;
import imagehub.api.ApiException;
import imagehub.api.ApiRoutes;
import imagehub.api.Envelope;
import imagehub.api.ListQuery;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Users, service accounts, grants and API keys under {@code /api/v1beta0/global/users/}. Who may see
 * and change what is decided by the same services as the portal.
 */
public final class UserApi {
    public static final String USERS = ApiRoutes.PREFIX + "/global/users/";
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
    public void register(JavalinDefaultRoutingApi router) {
        router.get(USERS, ctx -> {
            ListQuery query = ListQuery.of(ctx, Set.of());
            UserService.Page<UserService.Member> page = users.page(caller.viewer(ctx), query.offset(), query.maxResults());
            Envelope.list(ctx, query, page.items().stream().map(UserBody::of).toList(), page.total());
        });
        router.post(USERS, this::create);
        router.get(USER, ctx -> Envelope.ok(ctx, UserBody.of(users.member(caller.viewer(ctx), ApiPaths.id(ctx, "userId")))));
        router.patch(USER, this::update);
        router.delete(USER, ctx -> {
            long userId = users.find(caller.viewer(ctx), ApiPaths.id(ctx, "userId")).id();
            ApiBody.none(ctx);
            users.delete(caller.viewer(ctx), userId);
            Envelope.deleted(ctx);
        });

        router.get(GRANTS, ctx -> {
            Viewer viewer = caller.viewer(ctx);
            long userId = ApiPaths.id(ctx, "userId");
            ListQuery query = ListQuery.of(ctx, Set.of());
            UserService.Page<Grant> page = users.grants(viewer, userId, query.offset(), query.maxResults());
            Envelope.list(ctx, query, page.items().stream().map(GrantBody::of).toList(), page.total());
        });
        router.post(GRANTS, ctx -> {
            Viewer viewer = caller.viewer(ctx);
            long userId = ApiPaths.id(ctx, "userId");
            users.find(viewer, userId);
            ObjectNode body = ApiBody.object(ctx);
            ApiBody.requireOnly(body, Set.of("scope", "role"), Set.of("id"));
            ScopeRef scope = scope(body.get("scope"));
            Envelope.created(ctx, GrantBody.of(users.setGrant(viewer, userId, scope, required(body, "role"))));
        });
        router.delete(GRANT, ctx -> {
            long userId = users.find(caller.viewer(ctx), ApiPaths.id(ctx, "userId")).id();
            ApiBody.none(ctx);
            users.removeGrant(caller.viewer(ctx), userId, ApiPaths.id(ctx, "grantId"));
            Envelope.deleted(ctx);
        });

        router.get(KEYS, ctx -> {
            Viewer viewer = caller.viewer(ctx);
            long userId = ApiPaths.id(ctx, "userId");
            ListQuery query = ListQuery.of(ctx, Set.of());
            UserService.Page<ApiKey> page = apiKeys.list(viewer, userId, query.offset(), query.maxResults());
            Envelope.list(ctx, query, page.items().stream().map(k -> KeyBody.of(k, null)).toList(), page.total());
        });
        router.post(KEYS, ctx -> {
            Viewer viewer = caller.viewer(ctx);
            long userId = ApiPaths.id(ctx, "userId");
            apiKeys.requireKeyAccess(viewer, userId);
            ObjectNode body = ApiBody.object(ctx);
            ApiBody.requireOnly(body, Set.of("name"), Set.of("keyId", "added", "lastUsed", "active", "secret"));
            ApiKeyService.CreatedKey created = apiKeys.create(viewer, userId, required(body, "name"));
            Envelope.created(ctx, KeyBody.of(created.key(), created.secret()));
        });
        router.delete(KEY, ctx -> {
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
        ObjectNode body = ApiBody.object(ctx);
        ApiBody.requireOnly(body, Set.of("disabled", "password"), Set.of("id", "email", "name", "kind", "added", "grants"));
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
