package imagehub.image;

import imagehub.catalog.Architecture;
import imagehub.catalog.Platform;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import java.time.Instant;

/** An {@code images} row as stored: enums by their ids, the scope as columns, the account for fast filters. */
public record ImageRow(
        String id,
        String scopeLevel,
        long scopeId,
        Long accountId,
        String platform,
        String cloudLocation,
        String cloudImageId,
        String name,
        String description,
        String osId,
        String architecture,
        boolean agentInstalled,
        Integer sizeGb,
        String source,
        String createdBy,
        Instant createdAt,
        boolean deprecated,
        String deprecationReason,
        Instant deprecatedAt,
        String replacementImageId,
        Instant deprecationDueAt,
        Instant lastUsedAt,
        String cloudState,
        String cloudStateMessage,
        Instant cloudCreatedAt,
        String cloudOwnerId,
        String cloudScopeLevel,
        Long cloudScopeId,
        Long cloudCredentialsId,
        String copiedFromImageId,
        boolean cloudDeprecationPending,
        String cloudDeprecationNote,
        Instant missingInCloudAt,
        boolean cloudInitInstalled) {

    public static final String COLUMNS = """
            id, scope_level, scope_id, account_id, platform, cloud_location, cloud_image_id, name, description,
            os_id, architecture, agent_installed, size_gb, source, created_by, created_at, deprecated,
            deprecation_reason, deprecated_at, replacement_image_id, deprecation_due_at, last_used_at, cloud_state,
            cloud_state_message, cloud_created_at, cloud_owner_id, cloud_scope_level, cloud_scope_id, cloud_credentials_id,
            copied_from_image_id, cloud_deprecation_pending, cloud_deprecation_note, missing_in_cloud_at,
            cloud_init_installed""";

    public Image toImage() {
        return new Image(id, new ScopeRef(ScopeLevel.valueOf(scopeLevel), scopeId), Platform.find(platform).orElseThrow(),
                cloudLocation, cloudImageId, name, description, osId, Architecture.find(architecture).orElseThrow(),
                agentInstalled, sizeGb, ImageSource.find(source).orElseThrow(), createdBy, createdAt, deprecated,
                deprecationReason, deprecatedAt, replacementImageId, deprecationDueAt, lastUsedAt,
                new CloudFacts(CloudState.find(cloudState).orElseThrow(), cloudStateMessage, cloudCreatedAt, cloudOwnerId,
                        cloudScopeLevel == null ? null : new ScopeRef(ScopeLevel.valueOf(cloudScopeLevel), cloudScopeId),
                        cloudCredentialsId, copiedFromImageId, cloudDeprecationPending, cloudDeprecationNote,
                        missingInCloudAt), cloudInitInstalled);
    }
}
