package imagehub.audit;

import static imagehub.api.spec.Schema.dateTime;
import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.string;

import imagehub.api.spec.Definition;

/** The audit log entry of the API, as AuditApi answers it. */
public final class AuditSchemas {
    public static final Definition AUDIT_LOG_ENTRY = Definition.of("AuditLogEntry", () -> properties()
            .describe("One change recorded in the audit log (Imagehub).")
            .prop("id", integer().ro())
            .prop("time", dateTime().ro())
            .prop("user", string().describe("Email of the user who made the change.").ro())
            .prop("via", string().describe("web or api.").ro())
            .prop("action", string().ro())
            .prop("objectType", string().ro())
            .prop("objectId", string().ro())
            .prop("objectName", string().ro())
            .prop("scope", string().ro())
            .prop("scopeId", integer().ro())
            .prop("before", string().describe("The object before the change, as JSON text.").ro())
            .prop("after", string().describe("The object after the change, as JSON text.").ro()));

    private AuditSchemas() {
    }
}
