package imagehub.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imagehub.access.Viewer;
import imagehub.api.ApiBody;
import imagehub.api.ApiCaller;
import imagehub.api.ApiError;
import imagehub.api.ApiException;
import imagehub.api.ApiPaths;
import imagehub.api.ApiRoutes;
import imagehub.api.Envelope;
import imagehub.api.ListQuery;
import imagehub.api.ScopedApi;
import imagehub.core.ScopeRef;
import imagehub.credentials.CredentialService.ConnectionTest;
import imagehub.credentials.CredentialService.CredentialInput;
import imagehub.provider.CloudProvider.ConnectionCheck;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cloud credentials in the account and user APIs ({@code …/cloud-credentials/}). Secrets are write-only: answers
 * show {@code ****} and the last 4 characters. Each handler checks the caller's rights on the object before it
 * reads the body, so another tenant's credentials are not found whatever the body holds.
 */
public final class CredentialApi {
    public static final String CREDENTIALS = "/cloud-credentials/";
    public static final String CREDENTIAL = CREDENTIALS + "{credentialsId}/";
    public static final String TEST = CREDENTIAL + "actions/test/";
    private static final String[] PREFIXES = {ApiRoutes.PREFIX + "/user/{envId}", ApiRoutes.PREFIX + "/account/{accountId}"};
    private static final Set<String> WRITABLE = Set.of("name", "cloudPlatform", "accessKeyId", "secretAccessKey", "roleArn",
            "endpoint", "defaultRegions");
    private static final Set<String> READ_ONLY = Set.of("id", "scope", "createdBy", "added", "lastModified");

    private final CredentialService credentials;
    private final ApiCaller caller;

    public CredentialApi(CredentialService credentials, ApiCaller caller) {
        this.credentials = credentials;
        this.caller = caller;
    }

    /** The CloudCredentials object; {@code scope} says where they are defined (an environment lists its account's). */
    public record CredentialBody(long id, String name, String cloudPlatform, String accessKeyId, String secretAccessKey,
            String roleArn, String endpoint, List<String> defaultRegions, String scope, String createdBy, Instant added,
            Instant lastModified) {
        static CredentialBody of(Credential c) {
            return new CredentialBody(c.id(), c.name(), c.platform().id(), c.accessKeyId(), c.maskedSecret(), c.roleArn(),
                    c.endpoint(), c.defaultRegions(), c.scope().level().apiName(), c.createdBy(), c.createdAt(),
                    c.updatedAt());
        }
    }

    public record TestBody(boolean ok, String cloudLocation, List<ConnectionCheck> checks) {
        static TestBody of(ConnectionTest test) {
            return new TestBody(test.ok(), test.region(), test.checks());
        }
    }

    @FunctionalInterface
    private interface Handler {
        void handle(Context ctx, Viewer viewer, ScopeRef scope);
    }

    public void register(JavalinDefaultRoutingApi router) {
        add(router, HandlerType.GET, CREDENTIALS, (ctx, viewer, scope) -> {
            ListQuery query = ListQuery.of(ctx, Set.of());
            List<CredentialBody> all = credentials.list(viewer, scope).stream().map(CredentialBody::of).toList();
            int from = (int) Math.min(all.size(), query.offset());
            Envelope.list(ctx, query, all.subList(from, Math.min(all.size(), from + query.maxResults())), all.size());
        });
        add(router, HandlerType.POST, CREDENTIALS, (ctx, viewer, scope) -> {
            credentials.requireManage(viewer, scope);
            Envelope.created(ctx, CredentialBody.of(credentials.create(viewer, scope, input(body(ctx), null))));
        });
        add(router, HandlerType.GET, CREDENTIAL, (ctx, viewer, scope) ->
                Envelope.ok(ctx, CredentialBody.of(credentials.get(viewer, scope, id(ctx)))));
        add(router, HandlerType.PATCH, CREDENTIAL, (ctx, viewer, scope) -> {
            Credential current = credentials.getForChange(viewer, scope, id(ctx));
            CredentialInput input = input(body(ctx), current);
            Envelope.ok(ctx, CredentialBody.of(credentials.update(viewer, scope, current.id(), input)));
        });
        add(router, HandlerType.DELETE, CREDENTIAL, (ctx, viewer, scope) -> {
            credentials.get(viewer, scope, id(ctx));
            ApiBody.none(ctx);
            credentials.delete(viewer, scope, id(ctx));
            Envelope.deleted(ctx);
        });
        add(router, HandlerType.POST, TEST, (ctx, viewer, scope) -> {
            Credential credential = credentials.get(viewer, scope, id(ctx));
            ObjectNode body = ApiBody.object(ctx);
            ApiBody.requireOnly(body, Set.of("cloudLocation"), Set.of());
            Envelope.ok(ctx, TestBody.of(credentials.test(viewer, scope, credential.id(), ApiBody.text(body, "cloudLocation"))));
        });
    }

    private void add(JavalinDefaultRoutingApi router, HandlerType method, String suffix, Handler handler) {
        for (String prefix : PREFIXES) {
            router.addHttpHandler(method, prefix + suffix, ctx -> handler.handle(ctx, caller.viewer(ctx), ScopedApi.scope(ctx)));
        }
    }

    private static ObjectNode body(Context ctx) {
        ObjectNode body = ApiBody.object(ctx);
        ApiBody.requireOnly(body, WRITABLE, READ_ONLY);
        return body;
    }

    /** The body as input; on PATCH ({@code current} given) what the body leaves out stays as it is. */
    private static CredentialInput input(ObjectNode body, Credential current) {
        boolean patch = current != null;
        return new CredentialInput(
                text(body, "name", patch ? current.name() : null),
                ApiBody.text(body, "cloudPlatform"),
                text(body, "accessKeyId", patch ? current.accessKeyId() : null),
                secret(body, current),
                text(body, "roleArn", patch ? current.roleArn() : null),
                text(body, "endpoint", patch ? current.endpoint() : null),
                body.has("defaultRegions") || !patch ? regions(body) : current.defaultRegions());
    }

    /** The secret sent; on PATCH its masked form, as a GET answers it, keeps the stored one: clients send back what they read. */
    private static String secret(ObjectNode body, Credential current) {
        String secret = ApiBody.text(body, "secretAccessKey");
        return current != null && current.maskedSecret().equals(secret) ? null : secret;
    }

    /** A string property; {@code kept} when absent (a PATCH leaving it as it is); explicit null clears it. */
    private static String text(ObjectNode body, String field, String kept) {
        return body.has(field) ? ApiBody.text(body, field) : kept;
    }

    private static List<String> regions(ObjectNode body) {
        JsonNode node = body.get("defaultRegions");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'defaultRegions' must be an array of region names");
        }
        List<String> regions = new ArrayList<>();
        for (JsonNode region : node) {
            if (!region.isTextual()) {
                throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'defaultRegions' must be an array of region names");
            }
            regions.add(region.asText());
        }
        return regions;
    }

    private static long id(Context ctx) {
        return ApiPaths.id(ctx, "credentialsId");
    }
}
