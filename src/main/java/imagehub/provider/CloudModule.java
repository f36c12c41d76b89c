package imagehub.provider;

import imagehub.catalog.Platform;
import java.util.List;

/**
 * One platform's module: its regions, the shape of its image ids, and how to connect to it. Modules are stateless;
 * {@link Clouds} caches the providers they make.
 */
public interface CloudModule {

    Platform platform();

    List<String> regions();

    default boolean hasRegion(String region) {
        return region != null && regions().contains(region);
    }

    boolean isImageId(String cloudImageId);

    /** What a valid image id looks like, for error messages and forms. */
    String imageIdHint();

    /** Whether calls need stored cloud credentials (every real cloud; not the sandbox). */
    boolean needsCredentials();

    /**
     * A provider for {@code region} acting with {@code credentials} (null for the sandbox). Building one makes no
     * call to the cloud.
     */
    CloudProvider connect(CloudCredentials credentials, String region);
}
