package imagehub.farm;

import imagehub.catalog.Platform;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** What inventory sync reads and writes: bound farms, images by cloud id, synced servers and the sync records. */
@RegisterConstructorMapper(FarmInventory.FarmSync.class)
@RegisterConstructorMapper(InventoryDao.ImageRef.class)
public interface InventoryDao extends SqlObject {

    record ImageRef(String id, String name) {
    }

    @SqlQuery("SELECT DISTINCT farm_id FROM farm_roles WHERE scaling_group_id IS NOT NULL ORDER BY farm_id")
    List<Long> farmsWithBoundFarmRoles();

    /** The registration of a cloud image visible from the environment: its own first, then its account's, then Global. */
    @SqlQuery("""
            SELECT id, name FROM images
            WHERE platform = :platform AND cloud_location = :location AND cloud_image_id = :cloudImageId
              AND ((scope_level = 'ENVIRONMENT' AND scope_id = :envId) OR (scope_level = 'ACCOUNT' AND scope_id = :accountId)
                OR scope_level = 'GLOBAL')
            ORDER BY FIELD(scope_level, 'ENVIRONMENT', 'ACCOUNT', 'GLOBAL') LIMIT 1""")
    Optional<ImageRef> imageVisibleFrom(@Bind("platform") Platform platform, @Bind("location") String location,
            @Bind("cloudImageId") String cloudImageId, @Bind("envId") long envId, @Bind("accountId") long accountId);

    @SqlUpdate("""
            INSERT INTO servers (farm_role_id, farm_id, env_id, account_id, platform, cloud_location, cloud_instance_id,
              image_id, image_name, status, launched_at)
            VALUES (:farmRoleId, :farmId, :envId, :accountId, :platform, :location, :instanceId, :imageId, :imageName,
              :status, :launchedAt)""")
    void insertServer(@Bind("farmRoleId") long farmRoleId, @Bind("farmId") long farmId, @Bind("envId") long envId,
            @Bind("accountId") long accountId, @Bind("platform") Platform platform, @Bind("location") String location,
            @Bind("instanceId") String instanceId, @Bind("imageId") String imageId, @Bind("imageName") String imageName,
            @Bind("status") ServerStatus status, @Bind("launchedAt") Instant launchedAt);

    @SqlUpdate("""
            UPDATE servers SET status = <SERVER_TERMINATED>, terminated_at = :now
            WHERE id IN (<ids>) AND status <> <SERVER_TERMINATED>""")
    int markTerminated(@BindList("ids") List<Long> serverIds, @Bind("now") Instant now);

    @SqlUpdate("""
            INSERT INTO farm_syncs (farm_id, started_at, finished_at, instances, added, gone, failures)
            VALUES (:farmId, :startedAt, :finishedAt, :instances, :added, :gone, :failures)
            ON DUPLICATE KEY UPDATE started_at = VALUES(started_at), finished_at = VALUES(finished_at),
              instances = VALUES(instances), added = VALUES(added), gone = VALUES(gone),
              failures = VALUES(failures)""")
    void recordSync(@BindMethods FarmInventory.FarmSync sync);

    @SqlQuery("""
            SELECT farm_id, started_at, finished_at, instances, added, gone, failures FROM farm_syncs
            WHERE farm_id = :farmId""")
    Optional<FarmInventory.FarmSync> lastSync(@Bind("farmId") long farmId);
}
