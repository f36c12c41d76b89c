package imagehub.scope;

import static imagehub.api.spec.Schema.dateTime;
import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.string;

import imagehub.api.spec.Definition;

/** The Account and Environment objects of the API, as ScopeApi reads and writes them. */
public final class ScopeSchemas {
    public static final Definition ACCOUNT_FOREIGN_KEY = Definition.of("AccountForeignKey", () -> properties()
            .prop("id", integer())
            .required("id"));
    public static final Definition ENVIRONMENT = Definition.of("Environment", () -> properties()
            .prop("id", integer().ro())
            .prop("name", string())
            .prop("account", ref(ACCOUNT_FOREIGN_KEY).ro())
            .prop("added", dateTime().ro())
            .required("name"));
    public static final Definition ACCOUNT = Definition.of("Account", () -> properties()
            .prop("id", integer().ro())
            .prop("name", string())
            .prop("added", dateTime().ro())
            .required("name"));

    private ScopeSchemas() {
    }
}
