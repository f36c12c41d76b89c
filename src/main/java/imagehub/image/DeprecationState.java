package imagehub.image;

import java.time.Instant;

/** The deprecation fields of an image at one moment, kept by a replacement so a rollback can restore them. */
public record DeprecationState(boolean deprecated, String reason, Instant deprecatedAt, String replacementImageId,
        Instant dueAt) {

    public static DeprecationState of(Image image) {
        return new DeprecationState(image.deprecated(), image.deprecationReason(), image.deprecatedAt(),
                image.replacementImageId(), image.deprecationDueAt());
    }
}
