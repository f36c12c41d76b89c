package imagehub.image;

import imagehub.catalog.Architecture;
import imagehub.catalog.Platform;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.jdbi.v3.core.statement.StatementContext;

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

    /**
     * Reads a row by its column names, as JDBI's ConstructorMapper would: that one matched the 34 names to the
     * record's components anew for every statement, a tenth of the CPU of an API PATCH (issue #14).
     */
    public static ImageRow map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ImageRow(rs.getString("id"), rs.getString("scope_level"), rs.getLong("scope_id"),
                nullableLong(rs, "account_id"), rs.getString("platform"), rs.getString("cloud_location"),
                rs.getString("cloud_image_id"), rs.getString("name"), rs.getString("description"), rs.getString("os_id"),
                rs.getString("architecture"), rs.getBoolean("agent_installed"), nullableInt(rs, "size_gb"),
                rs.getString("source"), rs.getString("created_by"), instant(rs, "created_at"), rs.getBoolean("deprecated"),
                rs.getString("deprecation_reason"), instant(rs, "deprecated_at"), rs.getString("replacement_image_id"),
                instant(rs, "deprecation_due_at"), instant(rs, "last_used_at"), rs.getString("cloud_state"),
                rs.getString("cloud_state_message"), instant(rs, "cloud_created_at"), rs.getString("cloud_owner_id"),
                rs.getString("cloud_scope_level"), nullableLong(rs, "cloud_scope_id"), nullableLong(rs, "cloud_credentials_id"),
                rs.getString("copied_from_image_id"), rs.getBoolean("cloud_deprecation_pending"),
                rs.getString("cloud_deprecation_note"), instant(rs, "missing_in_cloud_at"),
                rs.getBoolean("cloud_init_installed"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** Inserts a row, bound from the record's accessors. */
    static final String INSERT = "INSERT INTO images (" + COLUMNS + """
            ) VALUES (:id, :scopeLevel, :scopeId, :accountId, :platform, :cloudLocation, :cloudImageId, :name,
              :description, :osId, :architecture, :agentInstalled, :sizeGb, :source, :createdBy, :createdAt, :deprecated,
              :deprecationReason, :deprecatedAt, :replacementImageId, :deprecationDueAt, :lastUsedAt, :cloudState,
              :cloudStateMessage, :cloudCreatedAt, :cloudOwnerId, :cloudScopeLevel, :cloudScopeId, :cloudCredentialsId,
              :copiedFromImageId, :cloudDeprecationPending, :cloudDeprecationNote, :missingInCloudAt,
              :cloudInitInstalled)""";

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
