package imagehub.credentials;

import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.string;

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
import imagehub.api.spec.Level;
import imagehub.api.spec.Response;
import imagehub.api.spec.Route;
import imagehub.catalog.Platform;
import imagehub.core.Page;
import imagehub.core.ScopeRef;
import imagehub.credentials.CredentialService.ConnectionTest;
import imagehub.credentials.CredentialService.CredentialInput;
import imagehub.provider.CloudProvider.ConnectionCheck;
import io.javalin.http.Context;
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
    private static final Set<String> WRITABLE = Set.of("name", "cloudPlatform", "accessKeyId", "secretAccessKey", "roleArn",
            "endpoint", "defaultRegions");
    /** Scalr's x-filterable CloudCredentials fields Imagehub serves (its cloudPlatform for their provider and type). */
    private static final Set<String> FILTERS = Set.of("id", "name", "cloudPlatform", "scope");
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

    public void register(ApiRouter api) {
        api.pathParam("credentialsId", integer().describe("The ID of stored Cloud Credentials (Imagehub).")
                .references(CredentialSchemas.CLOUD_CREDENTIALS));
        add(api, Route.get(CREDENTIALS)
                .describe(l -> "List the Cloud Credentials of the " + l.word()
                        + (l == Level.USER ? ", then its Account's (usable here)" : "")
                        + ". Admins only; secrets are never returned. Filters: id, name, cloudPlatform, scope (account "
                        + "or environment).")
                .answers(Response.list(CredentialSchemas.CLOUD_CREDENTIALS))
                .filters(FILTERS),
                (ctx, viewer, scope) -> {
            ListQuery query = ListQuery.of(ctx, FILTERS);
            Page<Credential> page = credentials.page(viewer, scope, new CredentialService.CredentialFilter(
                    query.id("id").orElse(null), query.text("name").orElse(null),
                    query.choice("cloudPlatform", Platform.values(), Platform::id).orElse(null),
                    query.scope("scope", scope).orElse(null)), query.offset(), query.maxResults());
            Envelope.list(ctx, query, page.items().stream().map(CredentialBody::of).toList(), page.total());
        });
        add(api, Route.post(CREDENTIALS)
                .describe(l -> "Store Cloud Credentials in the " + l.word() + "; the secret is sealed with the "
                        + "server key.")
                .answers(Response.one(CredentialSchemas.CLOUD_CREDENTIALS).created())
                .body("cloudCredentialsObject", "The JSON representation of a CloudCredentials object.",
                        ref(CredentialSchemas.CLOUD_CREDENTIALS)),
                (ctx, viewer, scope) -> {
            credentials.requireManage(viewer, scope);
            CredentialInput input = input(ApiBody.object(ctx, WRITABLE, READ_ONLY), null);
            Envelope.created(ctx, CredentialBody.of(credentials.create(viewer, scope, input)));
        });
        add(api, Route.get(CREDENTIAL)
                .describe("Retrieve the given Cloud Credentials (secret masked).")
                .answers(Response.one(CredentialSchemas.CLOUD_CREDENTIALS)),
                (ctx, viewer, scope) ->
                Envelope.ok(ctx, CredentialBody.of(credentials.get(viewer, scope, id(ctx)))));
        add(api, Route.patch(CREDENTIAL)
                .describe("Modify the given Cloud Credentials; a missing or blank secretAccessKey keeps the "
                        + "stored secret, and cloudPlatform does not change.")
                .answers(Response.one(CredentialSchemas.CLOUD_CREDENTIALS))
                .body("cloudCredentialsObject", "The JSON representation of a CloudCredentials object.",
                        ref(CredentialSchemas.CLOUD_CREDENTIALS)),
                (ctx, viewer, scope) -> {
            Credential current = credentials.getForChange(viewer, scope, id(ctx));
            CredentialInput input = input(ApiBody.object(ctx, WRITABLE, READ_ONLY), current);
            Envelope.ok(ctx, CredentialBody.of(credentials.update(viewer, scope, current.id(), input)));
        });
        add(api, Route.delete(CREDENTIAL)
                .describe("Delete the given Cloud Credentials, refused while a Farm Role uses them."),
                (ctx, viewer, scope) -> {
            credentials.get(viewer, scope, id(ctx));
            ApiBody.none(ctx);
            credentials.delete(viewer, scope, id(ctx));
            Envelope.deleted(ctx);
        });
        add(api, Route.post(TEST)
                .describe("Test the Cloud Credentials read-only against the cloud: which calls work, which are "
                        + "denied.")
                .answers(Response.one(CredentialSchemas.CONNECTION_TEST))
                .optionalBody("connectionTestRequest", "Where to test (default: the first default region).",
                        properties().prop("cloudLocation", string().describe("A region of the platform."))),
                (ctx, viewer, scope) -> {
            Credential credential = credentials.get(viewer, scope, id(ctx));
            ObjectNode body = ApiBody.object(ctx, Set.of("cloudLocation"), Set.of());
            Envelope.ok(ctx, TestBody.of(credentials.test(viewer, scope, credential.id(), ApiBody.text(body, "cloudLocation"))));
        });
    }

    /** Credentials are defined at accounts and environments, not globally. */
    private void add(ApiRouter api, Route route, Handler handler) {
        api.add(route.only(Level.USER, Level.ACCOUNT), (ctx, scope) -> handler.handle(ctx, caller.viewer(ctx), scope));
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
