package imagehub.replacement;

import static imagehub.api.spec.Schema.array;
import static imagehub.api.spec.Schema.bool;
import static imagehub.api.spec.Schema.dateTime;
import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.scopeName;
import static imagehub.api.spec.Schema.string;

import imagehub.api.spec.Definition;

/** The replace-everywhere objects of the API, as ReplacementApi reads and writes them. */
public final class ReplacementSchemas {
    public static final Definition ROLE_SCOPE_IDENTITY = Definition.of("RoleScopeIdentity", () -> properties()
            .describe("The Role Scope identity relation.")
            .prop("id", integer().describe("Identifier of the Role.").ro())
            .prop("name", string().ro())
            .prop("scope", scopeName().ro())
            .prop("accountId", integer().describe("Account identifier.").ro())
            .prop("envId", integer().describe("Environment identifier.").ro())
            .prop("reason", string().describe("In a dry run, why a Role would be skipped.").ro()));
    public static final Definition NAMED_FOREIGN_KEY = Definition.of("NamedForeignKey", () -> properties()
            .prop("id", string().ro())
            .prop("name", string().ro()));
    public static final Definition REPLACEMENT = Definition.of("Replacement", () -> properties()
            .describe("One replace-everywhere of an Image, which can be rolled back (Imagehub).")
            .prop("id", integer().ro())
            .prop("scope", scopeName().ro())
            .prop("accountId", integer().ro())
            .prop("envId", integer().ro())
            .prop("cloudPlatform", string().ro())
            .prop("cloudLocation", string().ro())
            .prop("oldImage", ref(NAMED_FOREIGN_KEY).ro())
            .prop("newImage", ref(NAMED_FOREIGN_KEY).ro())
            .prop("deprecatedOldImage", bool().ro())
            .prop("createdBy", string().ro())
            .prop("added", dateTime().ro())
            .prop("rolledBack", bool().ro())
            .prop("rolledBackBy", string().ro())
            .prop("rolledBackAt", dateTime().ro())
            .prop("roles", array(ref(NAMED_FOREIGN_KEY)).ro()));

    private ReplacementSchemas() {
    }
}
