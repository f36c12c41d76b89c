package imagehub.audit;

import java.time.Instant;

/** One audit log row as read back. */
public record AuditRecord(
        long id,
        Instant at,
        Long actorId,
        String actorEmail,
        String channel,
        String action,
        String objectType,
        String objectId,
        String objectName,
        String scopeLevel,
        long scopeId,
        String beforeJson,
        String afterJson) {
}
