package imagehub.provider;

import imagehub.catalog.Platform;
import imagehub.core.ConflictException;
import imagehub.provider.aliyun.AliyunModule;
import imagehub.provider.ec2.Ec2Module;
import imagehub.provider.sandbox.SandboxModule;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The cloud modules of this installation by platform, and the providers they made, cached per (platform,
 * credentials and their version, region): SDK clients are costly to build and safe to share between threads.
 */
public final class Clouds {
    private final Map<Platform, CloudModule> modules = new EnumMap<>(Platform.class);
    private final Map<Key, CloudProvider> providers = new ConcurrentHashMap<>();

    public Clouds register(CloudModule module) {
        modules.put(module.platform(), module);
        return this;
    }

    public Optional<CloudModule> find(Platform platform) {
        return Optional.ofNullable(modules.get(platform));
    }

    /** The module of {@code platform}; every platform has one in a running app. */
    public CloudModule module(Platform platform) {
        return find(platform).orElseThrow(() -> new ConflictException("NoCloudProvider", "platform",
                "No cloud provider is configured for " + platform.label()));
    }

    /** A provider acting with {@code credentials} (null for the sandbox) in {@code region}. */
    public CloudProvider connect(Platform platform, CloudCredentials credentials, String region) {
        CloudModule module = module(platform);
        if (module.needsCredentials() && credentials == null) {
            throw new ConflictException("NoCloudCredentials", "cloudCredentials",
                    "No cloud credentials for " + platform.label() + " are stored in this environment or its account");
        }
        Key key = credentials == null ? new Key(platform, 0, null, region)
                : new Key(platform, credentials.id(), credentials.updatedAt(), region);
        return providers.computeIfAbsent(key, k -> module.connect(credentials, region));
    }

    /** Forgets the providers made with these credentials (after an edit or delete). */
    public void forget(long credentialsId) {
        providers.keySet().removeIf(key -> key.credentialsId() == credentialsId);
    }

    /** Every platform with a module, in a stable order. */
    public List<Platform> platforms() {
        return modules.keySet().stream().sorted().toList();
    }

    /** Whether {@code text} has the shape of an image id of any platform (searches look those up exactly). */
    public static boolean looksLikeImageId(String text) {
        return text != null && Stream.of(Ec2Module.IMAGE_ID, AliyunModule.IMAGE_ID, SandboxModule.IMAGE_ID)
                .anyMatch(pattern -> pattern.matcher(text).matches());
    }

    private record Key(Platform platform, long credentialsId, Instant version, String region) {
    }
}
