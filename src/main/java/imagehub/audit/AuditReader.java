package imagehub.audit;

import imagehub.access.Access;
import imagehub.access.Viewer;
import imagehub.core.ValidationException;
import imagehub.core.ScopeRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** Browsing the audit log of a scope (its own entries and those of the scopes below it), for admins. */
public final class AuditReader {
    public static final int MAX_PAGE_SIZE = 100;

    private final Jdbi jdbi;
    private final Access access;

    public AuditReader(Jdbi jdbi, Access access) {
        this.jdbi = jdbi;
        this.access = access;
    }

    /** Filters; empty ones match everything. {@code object} matches an object id or name. */
    public record Filter(Optional<String> user, Optional<String> object, Optional<String> action,
            Optional<Instant> from, Optional<Instant> to) {
        public static Filter none() {
            return new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    public record Page(List<AuditRecord> entries, long total, int pageNum, int pageSize) {
        public int lastPage() {
            return (int) Math.max(1, (total + pageSize - 1) / pageSize);
        }
    }

    public Page list(Viewer viewer, ScopeRef scope, Filter filter, int pageNum, int pageSize) {
        access.requireManage(viewer, scope);
        if (pageNum < 1 || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ValidationException.of("pageNum", "Pages start at 1 and hold 1 to " + MAX_PAGE_SIZE + " entries");
        }
        List<String> where = new ArrayList<>();
        switch (scope.level()) {
            case GLOBAL -> where.add("TRUE");
            case ACCOUNT -> where.add("account_id = :scopeId");
            case ENVIRONMENT -> where.add("scope_level = 'ENVIRONMENT' AND scope_id = :scopeId");
        }
        filter.user().ifPresent(u -> where.add("actor_email LIKE CONCAT('%', :user, '%')"));
        filter.object().ifPresent(o -> where.add("(object_id = :object OR object_name LIKE CONCAT('%', :object, '%'))"));
        filter.action().ifPresent(a -> where.add("action LIKE CONCAT(:action, '%')"));
        filter.from().ifPresent(f -> where.add("at >= :from"));
        filter.to().ifPresent(t -> where.add("at < :to"));
        String condition = String.join(" AND ", where);
        return jdbi.withHandle(h -> {
            Query count = bind(h.createQuery("SELECT COUNT(*) FROM audit_log WHERE " + condition), scope, filter);
            long total = count.mapTo(Long.class).one();
            Query rows = bind(h.createQuery("""
                    SELECT id, at, actor_id, actor_email, channel, action, object_type, object_id, object_name,
                      scope_level, scope_id, before_json, after_json
                    FROM audit_log WHERE\s""" + condition + " ORDER BY id DESC LIMIT :limit OFFSET :offset"), scope, filter)
                    .bind("limit", pageSize).bind("offset", (long) (pageNum - 1) * pageSize);
            return new Page(rows.mapTo(AuditRecord.class).list(), total, pageNum, pageSize);
        });
    }

    private static Query bind(Query query, ScopeRef scope, Filter filter) {
        if (scope.level() != imagehub.core.ScopeLevel.GLOBAL) {
            query.bind("scopeId", scope.id());
        }
        filter.user().ifPresent(v -> query.bind("user", v));
        filter.object().ifPresent(v -> query.bind("object", v));
        filter.action().ifPresent(v -> query.bind("action", v));
        filter.from().ifPresent(v -> query.bind("from", v));
        filter.to().ifPresent(v -> query.bind("to", v));
        return query;
    }
}
