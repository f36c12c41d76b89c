package imagehub.provider;

import imagehub.catalog.Platform;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

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

    /** The provider of {@code platform}, or a refusal naming what is missing. */
    public CloudProvider require(Platform platform) {
        return find(platform).orElseThrow(() -> new ProviderException(
                "No cloud credentials are configured for " + platform.label() + "; only the sandbox cloud runs servers here"));
    }
}
