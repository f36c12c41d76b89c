package imagehub.provider;

import imagehub.catalog.Platform;

/**
 * Connects an environment to a cloud: the sandbox needs nothing; a real cloud uses the environment's own cloud
 * credentials for the platform, else its account's, or the ones named by {@code credentialsId} (which must be one
 * of those). Refuses with a clear 409 when none are stored or several are and none is named.
 */
@FunctionalInterface
public interface CloudConnector {
    CloudProvider connect(long envId, Platform platform, String region, Long credentialsId);
}
