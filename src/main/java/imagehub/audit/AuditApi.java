package imagehub.audit;

import imagehub.api.ApiCaller;
import imagehub.api.Envelope;
import imagehub.api.ListQuery;
import imagehub.api.spec.ApiRouter;
import imagehub.api.spec.Response;
import imagehub.api.spec.Route;
import imagehub.core.ScopeRef;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Set;

/** {@code GET P/audit-log/} at every scope, filtered by user, object, action and time. */
public final class AuditApi {
    private static final Set<String> FILTERS = Set.of("user", "object", "action", "from", "to");

    private final AuditReader audit;
    private final ApiCaller caller;

    public AuditApi(AuditReader audit, ApiCaller caller) {
        this.audit = audit;
        this.caller = caller;
    }

    public record Entry(long id, Instant time, String user, String via, String action, String objectType,
            String objectId, String objectName, String scope, long scopeId, String before, String after) {
        static Entry of(AuditRecord r) {
            return new Entry(r.id(), r.at(), r.actorEmail(), r.channel(), r.action(), r.objectType(), r.objectId(),
                    r.objectName(), r.scopeLevel().toLowerCase(), r.scopeId(), r.beforeJson(), r.afterJson());
        }
    }

    public void register(ApiRouter api) {
        api.add(Route.get("/audit-log/")
                .describe("List the audit log of this scope, newest first (Imagehub). Filters: user (email), object "
                        + "(type or id), action (such as image.deprecate), from and to (ISO-8601 times).")
                .answers(Response.list(AuditSchemas.AUDIT_LOG_ENTRY))
                .filters(FILTERS), this::list);
    }

    private void list(Context ctx, ScopeRef scope) {
        ListQuery query = ListQuery.of(ctx, FILTERS);
        AuditReader.Filter filter = new AuditReader.Filter(query.filter("user"), query.filter("object"),
                query.filter("action"), query.time("from"), query.time("to"));
        AuditReader.Page page = audit.list(caller.viewer(ctx), scope, filter, query.pageNum(), query.maxResults());
        Envelope.list(ctx, query, page.entries().stream().map(Entry::of).toList(), page.total());
    }


}
