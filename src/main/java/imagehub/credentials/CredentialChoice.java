package imagehub.credentials;

import imagehub.catalog.Platform;
import imagehub.core.ScopeRef;

/** Credentials a scope may use, as pickers offer them: named, with the scope that defines them. */
public record CredentialChoice(long id, String name, Platform platform, ScopeRef definedAt) {
}
