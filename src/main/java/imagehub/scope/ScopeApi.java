package imagehub.scope;

import static imagehub.api.spec.Schema.ref;

import imagehub.api.spec.ApiRouter;
import imagehub.api.spec.Level;
import imagehub.api.spec.Response;
import imagehub.api.spec.Route;
import imagehub.core.ScopeRef;

import com.fasterxml.jackson.databind.node.ObjectNode;
import imagehub.access.Viewer;
import imagehub.api.ApiBody;
import imagehub.api.ApiCaller;
import imagehub.api.ApiError;
import imagehub.api.ApiPaths;
import imagehub.api.ApiException;
import imagehub.api.Envelope;
import imagehub.api.ListQuery;
import imagehub.core.Page;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Accounts (Global API) and environments (Account API), Scalr APIv2 style. Rights come before input:
 * a caller who may not act answers 404 whatever body they send.
 */
public final class ScopeApi {
    public static final String ACCOUNTS = "/accounts/";
    public static final String ACCOUNT = ACCOUNTS + "{accountId}/";
    public static final String ENVIRONMENTS = "/environments/";
    public static final String ENVIRONMENT = ENVIRONMENTS + "{envId}/";
    private static final Set<String> WRITABLE = Set.of("name");
    private static final Set<String> READ_ONLY = Set.of("id", "added", "account");

    private final ScopeService scopes;
    private final ApiCaller caller;

    public ScopeApi(ScopeService scopes, ApiCaller caller) {
        this.scopes = scopes;
        this.caller = caller;
    }

    public record AccountBody(long id, String name, Instant added) {
        static AccountBody of(Account account) {
            return new AccountBody(account.id(), account.name(), account.createdAt());
        }
    }

    public record AccountRef(long id) {
    }

    public record EnvironmentBody(long id, String name, AccountRef account, Instant added) {
        static EnvironmentBody of(Environment env) {
            return new EnvironmentBody(env.id(), env.name(), new AccountRef(env.accountId()), env.createdAt());
        }
    }

    public void register(ApiRouter api) {
        api.pathParam("accountId", Level.ACCOUNT.pathParam()).pathParam("envId", Level.USER.pathParam());
        api.add(Route.get(ACCOUNTS).only(Level.GLOBAL)
                .describe("List every Account (holders of a Global grant only).")
                .answers(Response.list(ScopeSchemas.ACCOUNT)),
                ctx -> {
            // The Global API's list is for Global admins; an account admin reads their account by id.
            ListQuery query = ListQuery.of(ctx, Set.of());
            Page<Account> page = scopes.accountPage(caller.viewer(ctx), query.offset(), query.maxResults());
            Envelope.list(ctx, query, page.items().stream().map(AccountBody::of).toList(), page.total());
        });
        api.add(Route.post(ACCOUNTS).only(Level.GLOBAL)
                .describe("Create a new Account.")
                .answers(Response.one(ScopeSchemas.ACCOUNT).created())
                .body("accountObject", "The JSON representation of a Account object.", ref(ScopeSchemas.ACCOUNT)),
                ctx -> {
            Viewer viewer = caller.viewer(ctx);
            scopes.requireEnter(viewer, ScopeRef.GLOBAL);
            Envelope.created(ctx, AccountBody.of(scopes.createAccount(viewer, name(ctx))));
        });
        api.add(Route.get(ACCOUNT).only(Level.GLOBAL)
                .describe("Retrieve detailed information about a given Account.")
                .answers(Response.one(ScopeSchemas.ACCOUNT)),
                ctx -> Envelope.ok(ctx, AccountBody.of(
                scopes.account(caller.viewer(ctx), ApiPaths.id(ctx, "accountId")))));
        api.add(Route.patch(ACCOUNT).only(Level.GLOBAL)
                .describe("Rename a given Account.")
                .answers(Response.one(ScopeSchemas.ACCOUNT))
                .body("accountObject", "The JSON representation of a Account object.", ref(ScopeSchemas.ACCOUNT)),
                ctx -> {
            Viewer viewer = caller.viewer(ctx);
            long accountId = scopes.account(viewer, ApiPaths.id(ctx, "accountId")).id();
            Envelope.ok(ctx, AccountBody.of(scopes.renameAccount(viewer, accountId, name(ctx))));
        });
        api.add(Route.delete(ACCOUNT).only(Level.GLOBAL)
                .describe("Delete a given Account."),
                ctx -> {
            long accountId = scopes.account(caller.viewer(ctx), ApiPaths.id(ctx, "accountId")).id();
            ApiBody.none(ctx);
            scopes.deleteAccount(caller.viewer(ctx), accountId);
            Envelope.deleted(ctx);
        });

        api.add(Route.get(ENVIRONMENTS).only(Level.ACCOUNT)
                .describe("List all the Environments in this Account.")
                .answers(Response.list(ScopeSchemas.ENVIRONMENT)),
                ctx -> {
            ListQuery query = ListQuery.of(ctx, Set.of());
            Page<Environment> page = scopes.environmentPage(caller.viewer(ctx), ApiPaths.id(ctx, "accountId"),
                    query.offset(), query.maxResults());
            Envelope.list(ctx, query, page.items().stream().map(EnvironmentBody::of).toList(), page.total());
        });
        api.add(Route.post(ENVIRONMENTS).only(Level.ACCOUNT)
                .describe("Create a new Environment in this Account.")
                .answers(Response.one(ScopeSchemas.ENVIRONMENT).created())
                .body("environmentObject", "The JSON representation of a Environment object.",
                        ref(ScopeSchemas.ENVIRONMENT)),
                ctx -> {
            Viewer viewer = caller.viewer(ctx);
            long accountId = scopes.account(viewer, ApiPaths.id(ctx, "accountId")).id();
            Envelope.created(ctx, EnvironmentBody.of(scopes.createEnvironment(viewer, accountId, name(ctx))));
        });
        api.add(Route.get(ENVIRONMENT).only(Level.ACCOUNT)
                .describe("Retrieve detailed information about a given Environment.")
                .answers(Response.one(ScopeSchemas.ENVIRONMENT)),
                ctx -> Envelope.ok(ctx, EnvironmentBody.of(environment(ctx, caller.viewer(ctx)))));
        api.add(Route.patch(ENVIRONMENT).only(Level.ACCOUNT)
                .describe("Rename a given Environment.")
                .answers(Response.one(ScopeSchemas.ENVIRONMENT))
                .body("environmentObject", "The JSON representation of a Environment object.",
                        ref(ScopeSchemas.ENVIRONMENT)),
                ctx -> {
            Viewer viewer = caller.viewer(ctx);
            Environment env = environment(ctx, viewer);
            Envelope.ok(ctx, EnvironmentBody.of(scopes.renameEnvironment(viewer, env.id(), name(ctx))));
        });
        api.add(Route.delete(ENVIRONMENT).only(Level.ACCOUNT)
                .describe("Delete a given Environment."),
                ctx -> {
            Viewer viewer = caller.viewer(ctx);
            long envId = environment(ctx, viewer).id();
            ApiBody.none(ctx);
            scopes.deleteEnvironment(viewer, envId);
            Envelope.deleted(ctx);
        });
    }

    /** The environment of the URL, which must belong to the URL's account. */
    private Environment environment(Context ctx, Viewer viewer) {
        Environment env = scopes.environment(viewer, ApiPaths.id(ctx, "envId"));
        if (env.accountId() != ApiPaths.id(ctx, "accountId")) {
            throw new imagehub.access.NotFoundException("Environment " + env.id());
        }
        return env;
    }

    private static String name(Context ctx) {
        ObjectNode body = ApiBody.object(ctx, WRITABLE, READ_ONLY);
        if (!body.hasNonNull("name") || !body.get("name").isTextual()) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property 'name' is required and must be a string");
        }
        return body.get("name").asText();
    }

}
