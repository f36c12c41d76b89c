package imagehub.provider;

import imagehub.catalog.Platform;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One platform's module: its traits (regions, the shape of its image ids, whether it needs credentials) and how to
 * connect to it. Modules are stateless; {@link Clouds} caches the providers they make.
 */
public interface CloudModule {

    Traits traits();

    /**
     * A provider for {@code region} acting with {@code credentials} (null for the sandbox). Building one makes no
     * call to the cloud.
     */
    CloudProvider connect(CloudCredentials credentials, String region);

    /**
     * What a platform is, apart from its calls.
     *
     * @param imageIdHint what a valid image id looks like, for error messages and forms
     * @param needsCredentials whether calls need stored cloud credentials (every real cloud; not the sandbox)
     */
    record Traits(Platform platform, List<String> regions, Pattern imageId, String imageIdHint,
            boolean needsCredentials) {
    }

    default Platform platform() {
        return traits().platform();
    }

    default List<String> regions() {
        return traits().regions();
    }

    default boolean hasRegion(String region) {
        return region != null && regions().contains(region);
    }

    default boolean isImageId(String cloudImageId) {
        return cloudImageId != null && traits().imageId().matcher(cloudImageId).matches();
    }

    default String imageIdHint() {
        return traits().imageIdHint();
    }

    default boolean needsCredentials() {
        return traits().needsCredentials();
    }
}
