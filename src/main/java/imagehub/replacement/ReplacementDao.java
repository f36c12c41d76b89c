package imagehub.replacement;

import imagehub.role.RoleDao;
import imagehub.role.RoleImageRow;
import imagehub.role.RoleRow;
import imagehub.scope.ScopeChain;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.BatchChunkSize;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code replacements} and {@code replacement_changes} tables, and the role mappings a replacement reads. */
public interface ReplacementDao extends SqlObject {
    /** Role ids bound per statement, well below the server's placeholder limit. */
    int CHUNK = 1000;

    /**
     * The role mappings on {@code imageId} of roles on a chain shared with {@code chain}'s scope. With
     * {@code lock}, the mappings stay locked to the end of the transaction, taken in key order so that
     * concurrent replacements over the same roles queue up instead of overwriting each other.
     */
    default List<RoleImageRow> mappings(ScopeChain chain, String imageId, boolean lock) {
        return chain.bind(getHandle().createQuery("SELECT " + RoleImageRow.COLUMNS + " FROM role_images"
                        + " WHERE image_id = :imageId AND role_id IN (SELECT id FROM roles WHERE " + chain.overlapCondition()
                        + ") ORDER BY role_id, platform, cloud_location" + (lock ? " FOR UPDATE" : "")))
                .bind("imageId", imageId)
                .mapTo(RoleImageRow.class).list();
    }

    /** The roles of {@link #mappings}, read after those are locked. */
    default List<RoleRow> rolesUsing(ScopeChain chain, String imageId) {
        return chain.bind(getHandle().createQuery("SELECT " + RoleRow.COLUMNS + " FROM roles WHERE " + chain.overlapCondition()
                        + " AND id IN (SELECT role_id FROM role_images WHERE image_id = :imageId)"))
                .bind("imageId", imageId)
                .mapTo(RoleRow.class).list();
    }

    /**
     * Points the mappings of {@code roleIds} on {@code oldImageId} at {@code newImageId}, a chunk of ids per statement.
     * The caller records the changes and then calls {@link #refreshFresh} for the server rollup.
     */
    default void switchImage(String oldImageId, String newImageId, List<Long> roleIds) {
        for (int from = 0; from < roleIds.size(); from += CHUNK) {
            switchImageOf(oldImageId, newImageId, roleIds.subList(from, Math.min(from + CHUNK, roleIds.size())));
        }
    }

    /** The `fresh` state of the server rollup rows of the farm roles of every role a replacement changed (V22). */
    @SqlUpdate(RoleDao.REFRESH_FRESH + "\n JOIN (SELECT DISTINCT role_id FROM replacement_changes WHERE replacement_id = :id) rc"
            + " ON rc.role_id = c.role_id" + RoleDao.REFRESH_FRESH_SET)
    void refreshFresh(@Bind("id") long replacementId);

    @SqlUpdate("UPDATE role_images SET image_id = :newImageId WHERE image_id = :oldImageId AND role_id IN (<roleIds>)")
    void switchImageOf(@Bind("oldImageId") String oldImageId, @Bind("newImageId") String newImageId,
            @BindList("roleIds") List<Long> roleIds);

    @SqlUpdate("""
            INSERT INTO replacements (scope_level, scope_id, account_id, platform, cloud_location, old_image_id,
              old_image_name, new_image_id, new_image_name, created_by, created_at, deprecated_old, old_was_deprecated,
              old_deprecation_reason, old_deprecated_at, old_replacement_image_id, old_deprecation_due_at)
            VALUES (:scopeLevel, :scopeId, :accountId, :platform, :cloudLocation, :oldImageId, :oldImageName, :newImageId,
              :newImageName, :createdBy, :createdAt, :deprecatedOld, :oldWasDeprecated, :oldDeprecationReason,
              :oldDeprecatedAt, :oldReplacementImageId, :oldDeprecationDueAt)""")
    @GetGeneratedKeys("id")
    long insert(@BindMethods ReplacementRow row);

    @SqlBatch("""
            INSERT INTO replacement_changes (replacement_id, role_id, role_name, platform, cloud_location, old_image_id,
              new_image_id)
            VALUES (:replacementId, :roleId, :roleName, :platform, :cloudLocation, :oldImageId, :newImageId)""")
    @BatchChunkSize(CHUNK)
    void insertChanges(@BindMethods List<RoleChange> changes);

    /** The roles a replacement changed that still exist, locked in id order. */
    @SqlQuery("SELECT " + RoleRow.COLUMNS + " FROM roles"
            + " WHERE id IN (SELECT role_id FROM replacement_changes WHERE replacement_id = :id) ORDER BY id FOR UPDATE")
    List<RoleRow> lockChangedRoles(@Bind("id") long replacementId);

    /** The role mappings a replacement changed, as they are now (absent if removed since), locked in key order. */
    @SqlQuery("""
            SELECT ri.role_id, ri.platform, ri.cloud_location, ri.image_id
            FROM replacement_changes c JOIN role_images ri
              ON ri.role_id = c.role_id AND ri.platform = c.platform AND ri.cloud_location = c.cloud_location
            WHERE c.replacement_id = :id ORDER BY ri.role_id, ri.platform, ri.cloud_location FOR UPDATE""")
    List<RoleImageRow> lockChangedMappings(@Bind("id") long replacementId);

    /** Points every mapping a replacement changed back at the image it had before; then {@link #refreshFresh}. */
    @SqlUpdate("""
            UPDATE role_images ri JOIN replacement_changes c
              ON ri.role_id = c.role_id AND ri.platform = c.platform AND ri.cloud_location = c.cloud_location
            SET ri.image_id = c.old_image_id WHERE c.replacement_id = :id""")
    void restoreMappings(@Bind("id") long replacementId);

    /** The replacement if it was made at {@code chain}'s scope or below it; locked on request. */
    default Optional<ReplacementRow> find(ScopeChain chain, long id, boolean lock) {
        return chain.bind(getHandle().createQuery("SELECT " + ReplacementRow.COLUMNS + " FROM replacements WHERE id = :id AND "
                        + chain.withinCondition() + (lock ? " FOR UPDATE" : "")))
                .bind("id", id).mapTo(ReplacementRow.class).findOne();
    }

    /** Replacements matching a filter; each part matches all when null. */
    String MATCHING = " AND (:oldImage IS NULL OR old_image_id = :oldImage)"
            + " AND (:newImage IS NULL OR new_image_id = :newImage)"
            + " AND (:rolledBack IS NULL OR (rolled_back_at IS NOT NULL) = :rolledBack)"
            + " AND (:platform IS NULL OR platform = :platform) AND (:location IS NULL OR cloud_location = :location)";

    /** One page of the replacements made at {@code chain}'s scope or below it that match {@code filter}, newest first. */
    default List<ReplacementRow> page(ScopeChain chain, ReplacementService.ReplacementFilter filter, int limit,
            long offset) {
        return bind(chain, filter, getHandle().createQuery("SELECT " + ReplacementRow.COLUMNS + " FROM replacements WHERE "
                        + chain.withinCondition() + MATCHING + " ORDER BY id DESC LIMIT :limit OFFSET :offset"))
                .bind("limit", limit).bind("offset", offset).mapTo(ReplacementRow.class).list();
    }

    /** How many replacements made at {@code chain}'s scope or below it match {@code filter}. */
    default long count(ScopeChain chain, ReplacementService.ReplacementFilter filter) {
        return bind(chain, filter, getHandle().createQuery("SELECT COUNT(*) FROM replacements WHERE "
                + chain.withinCondition() + MATCHING)).mapTo(Long.class).one();
    }

    private static Query bind(ScopeChain chain, ReplacementService.ReplacementFilter filter, Query query) {
        return chain.bind(query).bind("oldImage", filter.oldImageId()).bind("newImage", filter.newImageId())
                .bind("rolledBack", filter.rolledBack())
                .bind("platform", filter.platform() == null ? null : filter.platform().id())
                .bind("location", filter.location());
    }

    @SqlQuery("""
            SELECT replacement_id, role_id, role_name, platform, cloud_location, old_image_id, new_image_id
            FROM replacement_changes WHERE replacement_id IN (<ids>) ORDER BY replacement_id, role_id, platform, cloud_location""")
    List<RoleChange> changes(@BindList("ids") List<Long> replacementIds);

    @SqlUpdate("UPDATE replacements SET rolled_back_by = :by, rolled_back_at = :at WHERE id = :id")
    void markRolledBack(@Bind("id") long id, @Bind("by") String by, @Bind("at") Instant at);
}
