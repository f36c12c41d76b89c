package imagehub.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import java.time.Clock;
import org.jdbi.v3.core.Handle;

/**
 * Writes audit entries inside the caller's transaction, so an entry exists exactly when its change
 * does. Before/after are any objects Jackson can write (usually the domain records).
 */
public final class AuditWriter {
    private final ObjectMapper json;
    private final Clock clock;

    public AuditWriter(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** What changed: e.g. {@code ("account.rename", "account", "7", "acme")}. */
    public record Change(String action, String objectType, String objectId, String objectName, ScopeRef scope,
            Object before, Object after) {
    }

    public void record(Handle handle, Viewer viewer, Change change) {
        handle.createUpdate("""
                INSERT INTO audit_log (at, actor_id, actor_email, channel, action, object_type, object_id,
                  object_name, scope_level, scope_id, account_id, before_json, after_json)
                VALUES (:at, :actorId, :actorEmail, :channel, :action, :objectType, :objectId,
                  :objectName, :scopeLevel, :scopeId, :accountId, :before, :after)""")
                .bind("at", clock.instant())
                .bind("actorId", viewer.userId() == 0 ? null : viewer.userId())
                .bind("actorEmail", viewer.email())
                .bind("channel", viewer.channel().label())
                .bind("action", change.action())
                .bind("objectType", change.objectType())
                .bind("objectId", change.objectId())
                .bind("objectName", change.objectName())
                .bind("scopeLevel", change.scope().level().name())
                .bind("scopeId", change.scope().id())
                .bind("accountId", accountOf(handle, change.scope()))
                .bind("before", toJson(change.before()))
                .bind("after", toJson(change.after()))
                .execute();
    }

    /**
     * The account of {@code scope}, read in the change's own transaction (the environment may be created by it) and
     * without attaching a DAO, which costs more than this query on every audited change.
     */
    private static Long accountOf(Handle handle, ScopeRef scope) {
        return switch (scope.level()) {
            case GLOBAL -> null;
            case ACCOUNT -> scope.id();
            case ENVIRONMENT -> handle.createQuery("SELECT account_id FROM environments WHERE id = :id")
                    .bind("id", scope.id()).mapTo(Long.class).findOne().orElse(null);
        };
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit value cannot be written as JSON: " + value, e);
        }
    }
}
