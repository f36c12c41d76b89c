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
import imagehub.scope.ScopeLevel;
import imagehub.scope.ScopeRef;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.time.Instant;
import java.util.List;
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
        static UserBody of(User user, List<Grant> grants) {
            return new UserBody(user.id(), user.email(), user.name(), user.kind() == UserKind.SERVICE ? "service" : "user",
                    user.disabled(), user.createdAt(), grants.stream().map(GrantBody::of).toList());
        }
    }

    public record KeyBody(String keyId, String name, Instant added, Instant lastUsed, boolean active, String secret) {
        static KeyBody of(ApiKey key, String secret) {
            return new KeyBody(key.keyId(), key.name(), key.createdAt(), key.lastUsedAt(), key.active(), secret);
        }
    }

    public void register(JavalinDefaultRouting router) {
        router.get(USERS, ctx -> page(ctx, users.visibleUsers(caller.viewer(ctx)).stream()
                .map(m -> UserBody.of(m.user(), m.grants())).toList()));
        router.post(USERS, this::create);
        router.get(USER, ctx -> Envelope.ok(ctx, user(ctx, caller.viewer(ctx), ApiPaths.id(ctx, "userId"))));
        router.patch(USER, ctx -> {
            Viewer viewer = caller.viewer(ctx);
            ObjectNode body = ApiBody.object(ctx);
            ApiBody.requireOnly(body, Set.of("disabled"), Set.of("id", "email", "name", "kind", "added", "grants"));
            if (!body.has("disabled") || !body.get("disabled").isBoolean()) {
                throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'disabled' (boolean) is required");
            }
            long userId = ApiPaths.id(ctx, "userId");
            users.setDisabled(viewer, userId, body.get("disabled").asBoolean());
            Envelope.ok(ctx, user(ctx, viewer, userId));
        });
        router.delete(USER, ctx -> {
            users.delete(caller.viewer(ctx), ApiPaths.id(ctx, "userId"));
            Envelope.deleted(ctx);
        });

        router.get(GRANTS, ctx -> page(ctx, users.grants(caller.viewer(ctx), ApiPaths.id(ctx, "userId")).stream()
                .map(GrantBody::of).toList()));
        router.post(GRANTS, ctx -> {
            Viewer viewer = caller.viewer(ctx);
            ObjectNode body = ApiBody.object(ctx);
            ApiBody.requireOnly(body, Set.of("scope", "role"), Set.of("id"));
            long userId = ApiPaths.id(ctx, "userId");
            ScopeRef scope = scope(body.get("scope"));
            users.setGrant(viewer, userId, scope, text(body, "role", "admin"));
            Grant grant = users.grants(viewer, userId).stream().filter(g -> g.scope().equals(scope)).findFirst().orElseThrow();
            Envelope.created(ctx, GrantBody.of(grant));
        });
        router.delete(GRANT, ctx -> {
            Viewer viewer = caller.viewer(ctx);
            long grantId = ApiPaths.id(ctx, "grantId");
            boolean ofThisUser = users.grants(viewer, ApiPaths.id(ctx, "userId")).stream().anyMatch(g -> g.id() == grantId);
            if (!ofThisUser) {
                throw new ApiException(ApiError.OBJECT_NOT_FOUND, "Grant " + grantId + " was not found");
            }
            users.removeGrant(viewer, grantId);
            Envelope.deleted(ctx);
        });

        router.get(KEYS, ctx -> page(ctx, apiKeys.list(caller.viewer(ctx), ApiPaths.id(ctx, "userId")).stream()
                .map(k -> KeyBody.of(k, null)).toList()));
        router.post(KEYS, ctx -> {
            ObjectNode body = ApiBody.object(ctx);
            ApiBody.requireOnly(body, Set.of("name"), Set.of("keyId", "added", "lastUsed", "active", "secret"));
            ApiKeyService.CreatedKey created = apiKeys.create(caller.viewer(ctx), ApiPaths.id(ctx, "userId"), text(body, "name", ""));
            Envelope.created(ctx, KeyBody.of(created.key(), created.secret()));
        });
        router.delete(KEY, ctx -> {
            Viewer viewer = caller.viewer(ctx);
            String keyId = ctx.pathParam("keyId");
            boolean ofThisUser = apiKeys.list(viewer, ApiPaths.id(ctx, "userId")).stream().anyMatch(k -> k.keyId().equals(keyId));
            if (!ofThisUser) {
                throw new ApiException(ApiError.OBJECT_NOT_FOUND, "API key " + keyId + " was not found");
            }
            apiKeys.revoke(viewer, keyId);
            Envelope.deleted(ctx);
        });
    }

    /**
     * Creates a person ({@code kind} "user": email, name, password) or a service account ({@code kind}
     * "service": name), with its first grant ({@code scope}, {@code role}).
     */
    private void create(Context ctx) {
        Viewer viewer = caller.viewer(ctx);
        ObjectNode body = ApiBody.object(ctx);
        ApiBody.requireOnly(body, Set.of("email", "name", "password", "kind", "scope", "role"),
                Set.of("id", "disabled", "added", "grants"));
        ScopeRef scope = scope(body.get("scope"));
        String role = text(body, "role", "admin");
        User created = "service".equals(text(body, "kind", "user"))
                ? users.createServiceAccount(viewer, scope, text(body, "name", ""), role)
                : users.addMember(viewer, scope, new UserService.NewMember(text(body, "email", ""),
                        text(body, "name", ""), text(body, "password", ""), role));
        Envelope.created(ctx, UserBody.of(created, users.grants(viewer, created.id())));
    }

    /** One page of {@code all} as a list envelope with pagination, like every other list of the API. */
    private static void page(Context ctx, List<?> all) {
        ListQuery query = ListQuery.of(ctx, Set.of());
        int from = (int) Math.min(all.size(), query.offset());
        Envelope.list(ctx, query, all.subList(from, Math.min(all.size(), from + query.maxResults())), all.size());
    }

    private UserBody user(Context ctx, Viewer viewer, long userId) {
        return UserBody.of(users.find(viewer, userId), users.grants(viewer, userId));
    }

    private static ScopeRef scope(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("level").isTextual()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE,
                    "Property 'scope' must look like {\"level\": \"scalr|account|environment\", \"id\": 7}");
        }
        String level = node.get("level").asText();
        for (ScopeLevel candidate : ScopeLevel.values()) {
            if (candidate.apiName().equals(level)) {
                try {
                    return new ScopeRef(candidate, candidate == ScopeLevel.GLOBAL ? 0 : node.path("id").asLong());
                } catch (IllegalArgumentException e) {
                    throw new ApiException(ApiError.INVALID_VALUE, "scope.id must be the id of the " + level);
                }
            }
        }
        throw new ApiException(ApiError.INVALID_VALUE, "scope.level must be scalr, account or environment");
    }

    private static String text(ObjectNode body, String field, String fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + field + "' must be a string");
        }
        return node.asText();
    }

}
