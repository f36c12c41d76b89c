package imagehub.farm;

import imagehub.catalog.Platform;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The image-sync columns of {@code farm_roles}: every write but the mark is conditional on the version it read, so
 * an outcome never overwrites a newer change.
 */
@RegisterConstructorMapper(ImageSyncDao.SyncRow.class)
public interface ImageSyncDao extends SqlObject {

    /** What applying one farm role's pending image needs. */
    record SyncRow(long id, long envId, String alias, Platform platform, String cloudLocation, String scalingGroupId,
            Long cloudCredentialsId, ImageSyncStatus imageSyncStatus, String imageSyncTarget, long imageSyncVersion,
            int imageSyncAttempts) {
    }

    /** Bound farm roles of these roles in one platform + location; a plain read, so it locks no sandbox farm role. */
    @SqlQuery("""
            SELECT id FROM farm_roles WHERE role_id IN (<roleIds>) AND platform = :platform
              AND cloud_location = :location AND scaling_group_id IS NOT NULL ORDER BY id""")
    List<Long> boundFarmRoles(@BindList("roleIds") List<Long> roleIds, @Bind("platform") String platform,
            @Bind("location") String location);

    /** Marks the farm roles pending with a new target; a newer version voids any outcome still in flight. */
    @SqlUpdate("""
            UPDATE farm_roles SET image_sync_status = :status, image_sync_target = :target, image_sync_message = :message,
              image_sync_version = image_sync_version + 1, image_sync_attempts = 0, image_sync_claimed_at = NULL,
              image_sync_next_at = :now, image_sync_updated_at = :now
            WHERE id IN (<ids>)""")
    int mark(@BindList("ids") List<Long> ids, @Bind("status") ImageSyncStatus status, @Bind("target") String target,
            @Bind("message") String message, @Bind("now") Instant now);

    @SqlQuery("""
            SELECT fr.id, f.env_id, fr.alias, fr.platform, fr.cloud_location, fr.scaling_group_id, fr.cloud_credentials_id,
              fr.image_sync_status, fr.image_sync_target, fr.image_sync_version, fr.image_sync_attempts
            FROM farm_roles fr JOIN farms f ON f.id = fr.farm_id WHERE fr.id = :id""")
    Optional<SyncRow> find(@Bind("id") long id);

    /** Pending farm roles due now whose last claim, if any, ran out. */
    @SqlQuery("""
            SELECT id FROM farm_roles WHERE image_sync_status = :pending AND image_sync_next_at <= :now
              AND (image_sync_claimed_at IS NULL OR image_sync_claimed_at < :cutoff) ORDER BY image_sync_next_at, id""")
    List<Long> due(@Bind("pending") ImageSyncStatus pending, @Bind("now") Instant now, @Bind("cutoff") Instant cutoff);

    /** Claims the pending version for one node and counts the attempt; 1 only for the winner. */
    @SqlUpdate("""
            UPDATE farm_roles SET image_sync_claimed_at = :now, image_sync_attempts = image_sync_attempts + 1
            WHERE id = :id AND image_sync_version = :version AND image_sync_status = :pending
              AND image_sync_next_at <= :now AND (image_sync_claimed_at IS NULL OR image_sync_claimed_at < :cutoff)""")
    int claim(@Bind("id") long id, @Bind("version") long version, @Bind("pending") ImageSyncStatus pending,
            @Bind("now") Instant now, @Bind("cutoff") Instant cutoff);

    /** Records an outcome for {@code version} only: a newer change keeps its own state. */
    @SqlUpdate("""
            UPDATE farm_roles SET image_sync_status = :status, image_sync_message = :message,
              image_sync_claimed_at = NULL, image_sync_next_at = :nextAt, image_sync_updated_at = :now
            WHERE id = :id AND image_sync_version = :version""")
    int outcome(@Bind("id") long id, @Bind("version") long version, @Bind("status") ImageSyncStatus status,
            @Bind("message") String message, @Bind("nextAt") Instant nextAt, @Bind("now") Instant now);

    @SqlQuery("SELECT cloud_image_id FROM images WHERE id = :id")
    Optional<String> cloudImageIdOf(@Bind("id") String imageId);
}
