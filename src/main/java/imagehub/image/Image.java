package imagehub.image;

import imagehub.catalog.Architecture;
import imagehub.catalog.Platform;
import imagehub.core.ScopeRef;
import imagehub.scope.Scoped;
import java.time.Instant;

/**
 * A registered machine image: one cloud image in one location, defined at a scope. Deprecation is
 * either in effect ({@code deprecated}, since {@code deprecatedAt}) or due at {@code deprecationDueAt};
 * the reason and the replacement belong to either. {@code cloud} is what the cloud said about it.
 */
public record Image(
        String id,
        ScopeRef scope,
        Platform platform,
        String cloudLocation,
        String cloudImageId,
        String name,
        String description,
        String osId,
        Architecture architecture,
        boolean agentInstalled,
        Integer sizeGb,
        ImageSource source,
        String createdBy,
        Instant createdAt,
        boolean deprecated,
        String deprecationReason,
        Instant deprecatedAt,
        String replacementImageId,
        Instant deprecationDueAt,
        Instant lastUsedAt,
        CloudFacts cloud,
        boolean cloudInitInstalled) implements Scoped {

    /** A deprecation is set for a future time and not yet in effect. */
    public boolean deprecationScheduled() {
        return !deprecated && deprecationDueAt != null;
    }

    /** "sbx-00000001 in sandbox-east-1 (sandbox)", how people recognise the cloud image. */
    public String cloudLabel() {
        return cloudImageId + " in " + cloudLocation + " (" + platform.id() + ")";
    }
}
