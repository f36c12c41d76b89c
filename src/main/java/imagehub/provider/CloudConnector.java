package imagehub.provider;

import imagehub.catalog.Platform;
import imagehub.core.ScopeRef;

/**
 * Connects a scope to a cloud: the sandbox needs nothing; a real cloud uses the credentials for the platform stored
 * in an environment, else in its account (an account scope uses its own), or the ones named by {@code credentialsId}
 * (which must be one of those). Refuses with a clear 409 when none are stored, or several are and none is named.
 * Makes no call to the cloud.
 */
@FunctionalInterface
public interface CloudConnector {
    CloudProvider connect(ScopeRef scope, Platform platform, String region, Long credentialsId);
}
