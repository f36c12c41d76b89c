package imagehub.replacement;

import imagehub.image.DeprecationState;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import java.time.Instant;
import java.util.List;

/** A {@code replacements} row as stored. */
public record ReplacementRow(
        long id,
        String scopeLevel,
        long scopeId,
        Long accountId,
        String platform,
        String cloudLocation,
        String oldImageId,
        String oldImageName,
        String newImageId,
        String newImageName,
        String createdBy,
        Instant createdAt,
        boolean deprecatedOld,
        boolean oldWasDeprecated,
        String oldDeprecationReason,
        Instant oldDeprecatedAt,
        String oldReplacementImageId,
        Instant oldDeprecationDueAt,
        String rolledBackBy,
        Instant rolledBackAt) {

    public static final String COLUMNS = """
            id, scope_level, scope_id, account_id, platform, cloud_location, old_image_id, old_image_name, new_image_id,
            new_image_name, created_by, created_at, deprecated_old, old_was_deprecated, old_deprecation_reason,
            old_deprecated_at, old_replacement_image_id, old_deprecation_due_at, rolled_back_by, rolled_back_at""";

    public Replacement toReplacement(List<RoleChange> changes) {
        return new Replacement(id, new ScopeRef(ScopeLevel.valueOf(scopeLevel), scopeId), platform, cloudLocation,
                oldImageId, oldImageName, newImageId, newImageName, createdBy, createdAt, deprecatedOld,
                new DeprecationState(oldWasDeprecated, oldDeprecationReason, oldDeprecatedAt, oldReplacementImageId,
                        oldDeprecationDueAt),
                rolledBackBy, rolledBackAt, changes);
    }
}
