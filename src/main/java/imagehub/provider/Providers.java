package imagehub.provider;

import imagehub.catalog.Platform;
import imagehub.core.ConflictException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The providers this installation can talk to, by platform. */
public final class Providers {
    private final Map<Platform, CloudProvider> byPlatform = new EnumMap<>(Platform.class);

    public Providers register(CloudProvider provider) {
        byPlatform.put(provider.platform(), provider);
        return this;
    }

    public Optional<CloudProvider> find(Platform platform) {
        return Optional.ofNullable(byPlatform.get(platform));
    }

    /**
     * Why an image cannot be registered: the platform's cloud is reachable and does not hold it. Without
     * a provider for the platform the image is taken as described.
     */
    public Optional<String> describe(Platform platform, String location, String cloudImageId) {
        return find(platform).flatMap(provider -> provider.describeImage(location, cloudImageId).isPresent()
                ? Optional.empty()
                : Optional.of("The " + platform.label() + " holds no image " + cloudImageId + " in " + location));
    }

    /** The platforms this installation can run servers on. */
    public Set<Platform> platforms() {
        return Set.copyOf(byPlatform.keySet());
    }

    /** Why nothing can run on {@code platform} here, for refusals. */
    public static String missing(Platform platform) {
        return "No cloud provider is configured for " + platform.label() + "; servers run on "
                + "the sandbox cloud only until one is";
    }

    /** The provider of {@code platform}; a 409 naming what is missing when there is none. */
    public CloudProvider require(Platform platform) {
        return find(platform).orElseThrow(() -> new ConflictException("NoCloudProvider", "platform", missing(platform)));
    }
}
