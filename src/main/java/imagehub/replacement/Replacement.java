package imagehub.replacement;

import imagehub.image.DeprecationState;
import imagehub.core.ScopeRef;
import java.time.Instant;
import java.util.List;

/**
 * A replace-everywhere run: who switched which roles from the old image to the new one, whether it
 * deprecated the old image (and how that image stood before), and whether it was rolled back.
 */
public record Replacement(
        long id,
        ScopeRef scope,
        String platform,
        String cloudLocation,
        String oldImageId,
        String oldImageName,
        String newImageId,
        String newImageName,
        String createdBy,
        Instant createdAt,
        boolean deprecatedOld,
        DeprecationState oldImageBefore,
        String rolledBackBy,
        Instant rolledBackAt,
        List<RoleChange> changes) {

    public boolean rolledBack() {
        return rolledBackAt != null;
    }
}
