package imagehub.user;

import static imagehub.api.spec.Schema.array;
import static imagehub.api.spec.Schema.bool;
import static imagehub.api.spec.Schema.dateTime;
import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.scopeName;
import static imagehub.api.spec.Schema.string;

import imagehub.api.spec.Definition;

/** The User, Grant and ApiKey objects of the API, as UserApi reads and writes them. */
public final class UserSchemas {
    public static final Definition GRANT_SCOPE = Definition.of("GrantScope", () -> properties()
            .prop("level", scopeName())
            .prop("id", integer().describe("The ID of the Account or Environment; not used for scalr."))
            .required("level"));
    public static final Definition GRANT = Definition.of("Grant", () -> properties()
            .describe("A role a User holds at one scope.")
            .prop("id", integer().ro())
            .prop("scope", ref(GRANT_SCOPE))
            .prop("role", string().describe("admin, operator or read-only (Global and Account grants: admin). "
                    + "Required."))
            .required("scope", "role"));
    public static final Definition USER = Definition.of("User", () -> properties()
            .describe("A person (kind user) or a service account (kind service).")
            .prop("id", integer().ro())
            .prop("email", string())
            .prop("name", string())
            .prop("password", string().describe("Sent when creating a person, or alone in a PATCH to set a new one "
                    + "(ends their sessions); never returned."))
            .prop("kind", string().enumOf("user", "service"))
            .prop("scope", ref(GRANT_SCOPE).describe("The scope of the first grant (on create)."))
            .prop("role", string().describe("The role of the first grant (on create, required): admin, operator or "
                    + "read-only."))
            .prop("disabled", bool().describe("Whether the User may no longer sign in. PATCH takes it or password, "
                    + "not both."))
            .prop("added", dateTime().ro())
            .prop("grants", array(ref(GRANT)).ro())
            .createOnly("email",
                    "name",
                    "kind",
                    "scope",
                    "role"));
    public static final Definition API_KEY = Definition.of("ApiKey", () -> properties()
            .prop("keyId", string().ro())
            .prop("name", string())
            .prop("added", dateTime().ro())
            .prop("lastUsed", dateTime().ro())
            .prop("active", bool().ro())
            .prop("secret", string().describe("The secret key, returned once when the key is created.").ro()));

    private UserSchemas() {
    }
}
