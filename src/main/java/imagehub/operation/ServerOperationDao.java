package imagehub.operation;

import imagehub.audit.AuditRecord;
import imagehub.farm.FarmDao;
import imagehub.farm.Server;
import imagehub.provider.CloudProvider.RollingUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code server_operations} table, the servers each one terminated, and the stale servers of a target:
 * active servers whose image is not their role's current image for their platform + location.
 */
@RegisterConstructorMapper(ServerOperation.class)
@RegisterConstructorMapper(Server.class)
@RegisterConstructorMapper(StaleGroup.class)
public interface ServerOperationDao extends SqlObject {
    String OPERATION = """
            SELECT id, env_id, kind, farm_id, farm_role_id, image_id, target_name, batch_size, pause_seconds, status,
              total, replaced, message, created_by, created_at, updated_at, last_batch_at, finished_at,
              min_healthy_percent
            FROM server_operations""";
    /** Stale servers of the env, narrowed to a farm, a farm role or an old image when those are bound non-null. */
    String STALE_JOIN = """
             JOIN farm_roles fr ON fr.id = s.farm_role_id
            JOIN role_images ri ON ri.role_id = fr.role_id AND ri.platform = fr.platform AND ri.cloud_location = fr.cloud_location
            """;
    String STALE_WHERE = " WHERE s.env_id = :envId AND " + FarmDao.SERVING + """
             AND s.image_id <> ri.image_id
              AND (:farmId IS NULL OR s.farm_id = :farmId)
              AND (:farmRoleId IS NULL OR s.farm_role_id = :farmRoleId)
              AND (:imageId IS NULL OR s.image_id = :imageId)""";

    @SqlUpdate("""
            INSERT INTO server_operations (env_id, kind, farm_id, farm_role_id, image_id, target_name, batch_size,
              pause_seconds, min_healthy_percent, status, total, message, created_by, created_at, updated_at)
            VALUES (:envId, :kind, :farmId, :farmRoleId, :imageId, :targetName, :batchSize, :pauseSeconds, :minHealthy,
              <OPERATION_RUNNING>, :total, :message, :createdBy, :now, :now)""")
    @GetGeneratedKeys("id")
    long insert(@Bind("envId") long envId, @Bind("kind") String kind, @Bind("farmId") Long farmId,
            @Bind("farmRoleId") Long farmRoleId, @Bind("imageId") String imageId, @Bind("targetName") String targetName,
            @Bind("batchSize") int batchSize, @Bind("pauseSeconds") int pauseSeconds,
            @Bind("minHealthy") int minHealthyPercent, @Bind("total") int total,
            @Bind("message") String message, @Bind("createdBy") String createdBy, @Bind("now") Instant now);

    @SqlQuery(OPERATION + " WHERE id = :id")
    Optional<ServerOperation> find(@Bind("id") long id);

    @SqlQuery(OPERATION + " WHERE id = :id FOR UPDATE")
    Optional<ServerOperation> lock(@Bind("id") long id);

    /** The env's operations of a status and kind, each matching all when null. */
    String OF_ENV = " WHERE env_id = :envId AND (:status IS NULL OR status = :status) AND (:kind IS NULL OR kind = :kind)";

    @SqlQuery(OPERATION + OF_ENV + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
    List<ServerOperation> pageOfEnv(@Bind("envId") long envId, @Bind("status") String status, @Bind("kind") String kind,
            @Bind("limit") int limit, @Bind("offset") long offset);

    @SqlQuery("SELECT COUNT(*) FROM server_operations" + OF_ENV)
    long countOfEnv(@Bind("envId") long envId, @Bind("status") String status, @Bind("kind") String kind);

    @SqlQuery(OPERATION + " WHERE env_id = :envId AND status = <OPERATION_RUNNING> ORDER BY id")
    List<ServerOperation> runningOfEnv(@Bind("envId") long envId);

    @SqlQuery("SELECT id FROM server_operations WHERE status = <OPERATION_RUNNING> ORDER BY id")
    List<Long> runningIds();

    @SqlUpdate("""
            UPDATE server_operations SET total = :total, replaced = :replaced, message = :message, updated_at = :now,
              last_batch_at = COALESCE(:lastBatchAt, last_batch_at)
            WHERE id = :id""")
    void progress(@Bind("id") long id, @Bind("total") int total, @Bind("replaced") int replaced,
            @Bind("message") String message, @Bind("lastBatchAt") Instant lastBatchAt, @Bind("now") Instant now);

    @SqlUpdate("""
            UPDATE server_operations SET status = :status, message = :message, updated_at = :now, finished_at = :now
            WHERE id = :id AND status = <OPERATION_RUNNING>""")
    int finish(@Bind("id") long id, @Bind("status") OperationStatus status, @Bind("message") String message,
            @Bind("now") Instant now);

    @SqlUpdate("""
            INSERT INTO server_operation_servers (operation_id, server_id, farm_role_id, batch, terminated_at)
            VALUES (:operationId, :serverId, :farmRoleId, :batch, :now)""")
    void recordTermination(@Bind("operationId") long operationId, @Bind("serverId") long serverId,
            @Bind("farmRoleId") long farmRoleId, @Bind("batch") int batch, @Bind("now") Instant now);

    @SqlQuery("SELECT COALESCE(MAX(batch), 0) FROM server_operation_servers WHERE operation_id = :id")
    int lastBatch(@Bind("id") long operationId);

    @SqlQuery("SELECT DISTINCT farm_role_id FROM server_operation_servers WHERE operation_id = :id")
    List<Long> touchedFarmRoles(@Bind("id") long operationId);

    @SqlQuery(FarmDao.SERVER + STALE_JOIN + STALE_WHERE + " ORDER BY s.farm_role_id, s.id")
    List<Server> staleServers(@Bind("envId") long envId, @Bind("farmId") Long farmId,
            @Bind("farmRoleId") Long farmRoleId, @Bind("imageId") String imageId);

    /** The stale servers Imagehub replaces itself, in batches: those of farm roles not bound to a scaling group. */
    @SqlQuery(FarmDao.SERVER + STALE_JOIN + STALE_WHERE + " AND fr.scaling_group_id IS NULL ORDER BY s.farm_role_id, s.id")
    List<Server> staleSelfScaled(@Bind("envId") long envId, @Bind("farmId") Long farmId,
            @Bind("farmRoleId") Long farmRoleId, @Bind("imageId") String imageId);

    @SqlUpdate("""
            INSERT INTO server_operation_updates (operation_id, farm_role_id, scaling_group_id, servers, status)
            VALUES (:operationId, :farmRoleId, :groupId, :servers, :status)""")
    void insertUpdate(@Bind("operationId") long operationId, @Bind("farmRoleId") long farmRoleId,
            @Bind("groupId") String scalingGroupId, @Bind("servers") int servers,
            @Bind("status") RollingUpdate.Status status);

    @SqlQuery("""
            SELECT operation_id, farm_role_id, scaling_group_id, servers, update_id, status, percent, message
            FROM server_operation_updates WHERE operation_id = :id ORDER BY farm_role_id""")
    @RegisterConstructorMapper(RollingUpdateRow.class)
    List<RollingUpdateRow> updates(@Bind("id") long operationId);

    /** Claims a recorded rolling update for the node that starts it; 1 only for the winner. */
    @SqlUpdate("""
            UPDATE server_operation_updates SET claimed_at = :now
            WHERE operation_id = :operationId AND farm_role_id = :farmRoleId AND update_id IS NULL
              AND status = :pending AND (claimed_at IS NULL OR claimed_at < :cutoff)""")
    int claimUpdate(@Bind("operationId") long operationId, @Bind("farmRoleId") long farmRoleId,
            @Bind("pending") RollingUpdate.Status pending, @Bind("now") Instant now, @Bind("cutoff") Instant cutoff);

    @SqlUpdate("""
            UPDATE server_operation_updates SET update_id = COALESCE(:updateId, update_id), status = :status,
              percent = :percent, message = :message
            WHERE operation_id = :operationId AND farm_role_id = :farmRoleId""")
    void recordUpdate(@Bind("operationId") long operationId, @Bind("farmRoleId") long farmRoleId,
            @Bind("updateId") String updateId, @Bind("status") RollingUpdate.Status status,
            @Bind("percent") int percent, @Bind("message") String message);

    /** Running operations already rolling any of these farm roles' groups. */
    @SqlQuery("""
            SELECT DISTINCT u.operation_id FROM server_operation_updates u
            JOIN server_operations o ON o.id = u.operation_id
            WHERE o.status = <OPERATION_RUNNING> AND u.farm_role_id IN (<ids>)""")
    List<Long> rollingOperations(@BindList("ids") List<Long> farmRoleIds);

    @SqlQuery(FarmDao.SERVER + STALE_JOIN + STALE_WHERE + " ORDER BY s.id LIMIT :limit")
    List<Server> staleBatch(@Bind("envId") long envId, @Bind("farmId") Long farmId,
            @Bind("farmRoleId") Long farmRoleId, @Bind("imageId") String imageId, @Bind("limit") int limit);

    /** Stale servers per farm role and old image, with the image they would be replaced on. */
    @SqlQuery("""
            SELECT fr.id AS farm_role_id, fr.alias, fr.min_servers, s.image_id AS old_image_id, i.name AS old_image_name,
              ri.image_id AS current_image_id, ci.name AS current_image_name, COUNT(*) AS servers
            FROM servers s JOIN images i ON i.id = s.image_id""" + STALE_JOIN + " JOIN images ci ON ci.id = ri.image_id "
            + STALE_WHERE + """

            GROUP BY fr.id, fr.alias, fr.min_servers, s.image_id, i.name, ri.image_id, ci.name
            ORDER BY fr.alias, i.name""")
    List<StaleGroup> staleGroups(@Bind("envId") long envId, @Bind("farmId") Long farmId,
            @Bind("farmRoleId") Long farmRoleId, @Bind("imageId") String imageId);

    /** The farm roles among {@code ids} below their minimum: their replacements are not all up yet. */
    @SqlQuery("""
            SELECT fr.id FROM farm_roles fr
            WHERE fr.id IN (<ids>) AND fr.min_servers >
              (SELECT COUNT(*) FROM servers s WHERE s.farm_role_id = fr.id AND\s""" + FarmDao.SERVING + ")")
    List<Long> belowMinimum(@BindList("ids") List<Long> farmRoleIds);

    @SqlQuery("""
            SELECT f.name FROM farm_roles fr JOIN farms f ON f.id = fr.farm_id
            WHERE fr.id IN (<ids>) AND f.status <> <FARM_RUNNING> ORDER BY f.name""")
    List<String> farmsNotRunning(@BindList("ids") List<Long> farmRoleIds);

    /** The operation's own audit trail: start, batches, cancel and its end. */
    @SqlQuery("""
            SELECT id, at, actor_id, actor_email, channel, action, object_type, object_id, object_name, scope_level,
              scope_id, before_json, after_json
            FROM audit_log WHERE object_type = 'server-operation' AND object_id = :id ORDER BY id DESC""")
    List<AuditRecord> trail(@Bind("id") String operationId);
}
