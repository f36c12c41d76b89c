package imagehub.image;

import imagehub.catalog.Platform;
import java.util.Optional;

/** Asks the cloud whether it holds an image being registered; the answer is why not, or empty. */
@FunctionalInterface
public interface CloudImageCheck {
    Optional<String> problem(Platform platform, String cloudLocation, String cloudImageId);
}
