package imagehub.farm;

import imagehub.access.Access;
import imagehub.catalog.Platform;
import imagehub.core.Page;
import imagehub.image.Image;
import imagehub.image.ImageUsage;
import imagehub.role.RoleUsage;
import imagehub.core.ScopeRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code farms}, {@code farm_roles} and {@code servers} tables. */
@RegisterConstructorMapper(Farm.class)
@RegisterConstructorMapper(FarmRole.class)
@RegisterConstructorMapper(Server.class)
public interface FarmDao extends SqlObject {
    /**
     * The owner's email is shown only while the owner holds a grant covering the farm's environment (as a
     * new owner must): one who lost it may now be a user of another tenant, whom this farm's viewers must
     * not learn of.
     */
    String FARM = "SELECT f.id, f.env_id, f.account_id, f.name, f.description, f.owner_id, IF("
            + Access.coversEnvironmentSql("f.owner_id", "f.account_id", "f.env_id") + """
            , u.email, NULL) AS owner_email, f.status, f.created_by, f.created_at
            FROM farms f LEFT JOIN users u ON u.id = f.owner_id""";
    String FARM_ROLE = """
            SELECT fr.id, fr.farm_id, f.env_id, fr.role_id, r.name AS role_name, fr.alias, fr.platform, fr.cloud_location,
              fr.min_servers, fr.max_servers, fr.created_at, fr.scaling_group_id, fr.cloud_credentials_id,
              fr.image_sync_status, fr.image_sync_target, fr.image_sync_message, fr.image_sync_updated_at
            FROM farm_roles fr JOIN roles r ON r.id = fr.role_id JOIN farms f ON f.id = fr.farm_id""";
    String SERVER = """
            SELECT s.id, s.farm_role_id, s.farm_id, s.env_id, s.platform, s.cloud_location, s.cloud_instance_id,
              s.image_id, COALESCE(i.name, s.image_name) AS image_name, i.id IS NULL AS image_deleted, s.status,
              s.launched_at, s.terminated_at, s.intent, s.failure
            FROM servers s LEFT JOIN images i ON i.id = s.image_id""";
    /** Servers that count towards their farm role's size: active and not being terminated (alias {@code s}). */
    String SERVING = "s.status <> <SERVER_TERMINATED> AND NOT (s.intent <=> 'TERMINATE')";

    /** One equality condition of a paged list: {@code column = value}, left out when the value is null. */
    record Match(String column, Object value) {
    }

    /** One page of the environment's farms, by name; a null part of the filter matches every farm. */
    default Page<Farm> farmPage(long envId, FarmService.FarmFilter filter, long offset, int limit) {
        return page(FARM, "TRUE", List.of(new Match("f.env_id", envId), new Match("f.id", filter.id()),
                new Match("f.name", filter.name()), new Match("f.owner_id", filter.ownerId()),
                new Match("f.status", filter.status() == null ? null : filter.status().name())),
                "f.name, f.id", offset, limit, Farm.class);
    }

    /** One page of the farm's farm roles, by alias; a null part of the filter matches every farm role. */
    default Page<FarmRole> farmRolePage(long farmId, FarmService.FarmRoleFilter filter, long offset, int limit) {
        return page(FARM_ROLE, "TRUE", List.of(new Match("fr.farm_id", farmId), new Match("fr.id", filter.id()),
                new Match("fr.alias", filter.alias()), new Match("fr.role_id", filter.roleId()),
                new Match("fr.platform", filter.platform() == null ? null : filter.platform().id()),
                new Match("fr.cloud_location", filter.location())), "fr.alias, fr.id", offset, limit, FarmRole.class);
    }

    /** One page of the environment's active servers, in farm and farm role order; a null filter matches every server. */
    default Page<Server> activeServerPage(long envId, FarmService.ServerFilter filter, long offset, int limit) {
        return page(SERVER, "s.status <> <SERVER_TERMINATED>", List.of(new Match("s.env_id", envId),
                new Match("s.id", filter.id()), new Match("s.farm_id", filter.farmId()),
                new Match("s.farm_role_id", filter.farmRoleId()),
                new Match("s.status", filter.status() == null ? null : filter.status().name()),
                new Match("s.image_id", filter.imageId()), new Match("s.cloud_instance_id", filter.cloudInstanceId()),
                new Match("s.platform", filter.platform() == null ? null : filter.platform().id()),
                new Match("s.cloud_location", filter.location())), "s.farm_id, s.farm_role_id, s.id", offset, limit,
                Server.class);
    }

    /**
     * {@code select} (one of the queries above, whose FROM clause starts a line) narrowed by the constant condition
     * {@code where} and by {@code matches}, paged in SQL, with the count of every row that matches.
     */
    private <T> Page<T> page(String select, String where, List<Match> matches, String order, long offset, int limit,
            Class<T> type) {
        StringBuilder condition = new StringBuilder(" WHERE ").append(where);
        for (int i = 0; i < matches.size(); i++) {
            if (matches.get(i).value() != null) {
                condition.append(" AND ").append(matches.get(i).column()).append(" = :match").append(i);
            }
        }
        String from = select.substring(select.indexOf("\nFROM ") + 1) + condition;
        long total = bindMatches(getHandle().createQuery("SELECT COUNT(*) " + from), matches).mapTo(Long.class).one();
        List<T> items = bindMatches(getHandle().createQuery(select + condition + " ORDER BY " + order
                        + " LIMIT :limit OFFSET :offset"), matches)
                .bind("limit", limit).bind("offset", offset).mapTo(type).list();
        return new Page<>(items, total);
    }

    private static Query bindMatches(Query query, List<Match> matches) {
        for (int i = 0; i < matches.size(); i++) {
            if (matches.get(i).value() != null) {
                query.bind("match" + i, matches.get(i).value());
            }
        }
        return query;
    }

    default List<Farm> listFarms(List<Long> envIds) {
        return getHandle().createQuery(FARM + " WHERE f.env_id IN (<envIds>) ORDER BY f.name")
                .bindList("envIds", envIds).mapTo(Farm.class).list();
    }

    default Optional<Farm> findFarm(long id) {
        return getHandle().createQuery(FARM + " WHERE f.id = :id").bind("id", id).mapTo(Farm.class).findOne();
    }

    default Optional<Farm> lockFarm(long id) {
        return getHandle().createQuery(FARM + " WHERE f.id = :id FOR UPDATE").bind("id", id).mapTo(Farm.class).findOne();
    }

    default Optional<Farm> findFarmByName(long envId, String name) {
        return getHandle().createQuery(FARM + " WHERE f.env_id = :envId AND f.name = :name")
                .bind("envId", envId).bind("name", name).mapTo(Farm.class).findOne();
    }

    @SqlUpdate("""
            INSERT INTO farms (env_id, account_id, name, description, owner_id, status, created_by, created_at)
            VALUES (:envId, :accountId, :name, :description, :ownerId, <FARM_TERMINATED>, :createdBy, :now)""")
    @GetGeneratedKeys("id")
    long insertFarm(@Bind("envId") long envId, @Bind("accountId") long accountId, @Bind("name") String name,
            @Bind("description") String description, @Bind("ownerId") Long ownerId,
            @Bind("createdBy") String createdBy, @Bind("now") Instant now);

    @SqlUpdate("UPDATE farms SET name = :name, description = :description, owner_id = :ownerId WHERE id = :id")
    void updateFarm(@Bind("id") long id, @Bind("name") String name, @Bind("description") String description,
            @Bind("ownerId") Long ownerId);

    @SqlUpdate("UPDATE farms SET status = :status WHERE id = :id")
    void setFarmStatus(@Bind("id") long id, @Bind("status") FarmStatus status);

    @SqlUpdate("DELETE FROM farms WHERE id = :id")
    void deleteFarm(@Bind("id") long id);

    @SqlQuery(FARM_ROLE + " WHERE fr.farm_id = :farmId ORDER BY fr.alias")
    List<FarmRole> farmRoles(@Bind("farmId") long farmId);

    @SqlQuery(FARM_ROLE + " WHERE fr.id = :id")
    Optional<FarmRole> findFarmRole(@Bind("id") long id);

    /**
     * Locks the farm role's row only, then reads it with its role's name: a FOR UPDATE over the join would lock the
     * role's row too, and a launch holding that while it waits for the image row deadlocks with replace everywhere,
     * which locks the image first and the roles after.
     */
    default Optional<FarmRole> lockFarmRole(long id) {
        return lockFarmRoleRow(id).flatMap(this::findFarmRole);
    }

    @SqlQuery("SELECT id FROM farm_roles WHERE id = :id FOR UPDATE")
    Optional<Long> lockFarmRoleRow(@Bind("id") long id);

    /** Farm roles on {@code platforms} of running farms: what the scaler keeps at their minimum. */
    @SqlQuery("""
            SELECT fr.id FROM farm_roles fr JOIN farms f ON f.id = fr.farm_id
            WHERE f.status = <FARM_RUNNING> AND fr.platform IN (<platforms>) ORDER BY fr.id""")
    List<Long> runningFarmRoleIds(@BindList("platforms") List<Platform> platforms);

    @SqlUpdate("""
            INSERT INTO farm_roles (farm_id, role_id, alias, platform, cloud_location, min_servers, max_servers,
              scaling_group_id, cloud_credentials_id, created_at)
            VALUES (:farmId, :roleId, :alias, :platform, :location, :min, :max, :groupId, :credentialsId, :now)""")
    @GetGeneratedKeys("id")
    long insertFarmRole(@Bind("farmId") long farmId, @Bind("roleId") long roleId, @Bind("alias") String alias,
            @Bind("platform") Platform platform, @Bind("location") String location, @Bind("min") int min,
            @Bind("max") int max, @Bind("groupId") String scalingGroupId, @Bind("credentialsId") Long credentialsId,
            @Bind("now") Instant now);

    /** Whether a farm of the environment already has a farm role bound to this scaling group. */
    @SqlQuery("""
            SELECT COUNT(*) > 0 FROM farm_roles fr JOIN farms f ON f.id = fr.farm_id
            WHERE f.env_id = :envId AND fr.platform = :platform AND fr.cloud_location = :location
              AND fr.scaling_group_id = :groupId""")
    boolean boundInEnvironment(@Bind("envId") long envId, @Bind("platform") Platform platform,
            @Bind("location") String location, @Bind("groupId") String groupId);

    @SqlUpdate("UPDATE farm_roles SET min_servers = :min, max_servers = :max WHERE id = :id")
    void resizeFarmRole(@Bind("id") long id, @Bind("min") int min, @Bind("max") int max);

    @SqlUpdate("DELETE FROM farm_roles WHERE id = :id")
    void deleteFarmRole(@Bind("id") long id);

    @SqlQuery(SERVER + " WHERE s.farm_id = :farmId AND s.status <> <SERVER_TERMINATED> ORDER BY s.farm_role_id, s.id")
    List<Server> activeServersOfFarm(@Bind("farmId") long farmId);

    /** Active servers per farm, for farm lists. */
    @SqlQuery("SELECT farm_id, COUNT(*) AS servers FROM servers WHERE env_id IN (<envIds>) AND status <> <SERVER_TERMINATED> GROUP BY farm_id")
    @KeyColumn("farm_id")
    @ValueColumn("servers")
    Map<Long, Integer> activeServerCounts(@BindList("envIds") List<Long> envIds);

    /** The image each farm role's role currently uses for the farm role's platform and location. */
    @SqlQuery("""
            SELECT fr.id AS farm_role_id, ri.image_id FROM farm_roles fr
            JOIN role_images ri ON ri.role_id = fr.role_id AND ri.platform = fr.platform AND ri.cloud_location = fr.cloud_location
            WHERE fr.farm_id = :farmId""")
    @KeyColumn("farm_role_id")
    @ValueColumn("image_id")
    Map<Long, String> currentImages(@Bind("farmId") long farmId);

    @SqlQuery(SERVER + " WHERE s.farm_role_id = :farmRoleId AND s.status <> <SERVER_TERMINATED> ORDER BY s.id")
    List<Server> activeServersOfFarmRole(@Bind("farmRoleId") long farmRoleId);

    @SqlQuery(SERVER + " WHERE s.id = :id")
    Optional<Server> findServer(@Bind("id") long id);

    @SqlQuery("SELECT COUNT(*) FROM servers WHERE farm_role_id = :farmRoleId AND status <> <SERVER_TERMINATED>")
    int activeServerCount(@Bind("farmRoleId") long farmRoleId);

    @SqlUpdate("""
            INSERT INTO servers (farm_role_id, farm_id, env_id, account_id, platform, cloud_location, cloud_instance_id,
              image_id, image_name, status, launched_at)
            VALUES (:farmRoleId, :farmId, :envId, :accountId, :platform, :location, :instanceId, :image.id, :image.name,
              :status, :now)""")
    @GetGeneratedKeys("id")
    long insertServer(@Bind("farmRoleId") long farmRoleId, @Bind("farmId") long farmId, @Bind("envId") long envId,
            @Bind("accountId") long accountId, @Bind("platform") Platform platform, @Bind("location") String location,
            @Bind("instanceId") String instanceId, @BindMethods("image") Image image, @Bind("status") ServerStatus status,
            @Bind("now") Instant now);

    /** Servers counting towards the farm role's size (see {@link #SERVING}). */
    @SqlQuery("SELECT COUNT(*) FROM servers s WHERE s.farm_role_id = :farmRoleId AND " + SERVING)
    int servingCount(@Bind("farmRoleId") long farmRoleId);

    /** A launch intent: a PENDING server without an instance, claimed by the node that recorded it. */
    @SqlUpdate("""
            INSERT INTO servers (farm_role_id, farm_id, env_id, account_id, platform, cloud_location, cloud_instance_id,
              image_id, image_name, status, launched_at, intent, intent_claim, intent_claimed_at)
            VALUES (:farmRoleId, :farmId, :envId, :accountId, :platform, :location, NULL, :image.id, :image.name,
              <SERVER_PENDING>, :now, 'LAUNCH', :claim, :now)""")
    @GetGeneratedKeys("id")
    long insertLaunchIntent(@Bind("farmRoleId") long farmRoleId, @Bind("farmId") long farmId, @Bind("envId") long envId,
            @Bind("accountId") long accountId, @Bind("platform") Platform platform, @Bind("location") String location,
            @BindMethods("image") Image image, @Bind("claim") String claim, @Bind("now") Instant now);

    /** Puts an intent on an active server, replacing any other (a launch still under way loses its claim). */
    @SqlUpdate("""
            UPDATE servers SET intent = :kind, intent_claim = :claim, intent_claimed_at = :now, intent_attempts = 0
            WHERE id = :id AND status <> <SERVER_TERMINATED>""")
    int recordIntent(@Bind("id") long id, @Bind("kind") ServerIntents.Kind kind, @Bind("claim") String claim,
            @Bind("now") Instant now);

    /** The launch under {@code claim} made {@code instanceId}: running, or suspended if its farm was meanwhile. */
    @SqlUpdate("""
            UPDATE servers SET cloud_instance_id = :instanceId, intent = NULL, intent_claim = NULL,
              intent_claimed_at = NULL, failure = NULL,
              status = (SELECT CASE WHEN f.status = <FARM_SUSPENDED> THEN <SERVER_SUSPENDED> ELSE <SERVER_RUNNING> END
                        FROM farms f WHERE f.id = servers.farm_id)
            WHERE id = :id AND intent = 'LAUNCH' AND intent_claim = :claim""")
    int launched(@Bind("id") long id, @Bind("claim") String claim, @Bind("instanceId") String instanceId);

    @SqlUpdate("""
            UPDATE servers SET status = <SERVER_TERMINATED>, terminated_at = :now, intent = NULL, intent_claim = NULL,
              intent_claimed_at = NULL, failure = :cause
            WHERE id = :id AND intent = 'LAUNCH' AND intent_claim = :claim""")
    int launchFailed(@Bind("id") long id, @Bind("claim") String claim, @Bind("cause") String cause,
            @Bind("now") Instant now);

    @SqlUpdate("""
            UPDATE servers SET status = <SERVER_TERMINATED>, terminated_at = :now, intent = NULL, intent_claim = NULL,
              intent_claimed_at = NULL
            WHERE id = :id AND intent = 'TERMINATE' AND intent_claim = :claim""")
    int terminated(@Bind("id") long id, @Bind("claim") String claim, @Bind("now") Instant now);

    /**
     * A refused termination: the reconciler tries again once the claim's lease runs out, until {@code max} tries,
     * after which the server stays active with the cause (assignments run left to right in MariaDB).
     */
    @SqlUpdate("""
            UPDATE servers SET intent = IF(intent_attempts + 1 >= :max, NULL, intent),
              intent_claim = IF(intent_attempts + 1 >= :max, NULL, intent_claim),
              intent_claimed_at = IF(intent_attempts + 1 >= :max, NULL, intent_claimed_at),
              intent_attempts = intent_attempts + 1, failure = :cause
            WHERE id = :id AND intent = 'TERMINATE' AND intent_claim = :claim""")
    int terminateFailed(@Bind("id") long id, @Bind("claim") String claim, @Bind("cause") String cause,
            @Bind("max") int max);

    record IntentRow(long id, ServerIntents.Kind intent) {
    }

    /** Intents whose claim's lease ran out before {@code cutoff}: their node died or hung. */
    @SqlQuery("SELECT id, intent FROM servers WHERE intent IS NOT NULL AND intent_claimed_at < :cutoff ORDER BY id")
    @RegisterConstructorMapper(IntentRow.class)
    List<IntentRow> staleIntents(@Bind("cutoff") Instant cutoff);

    /** Takes over a stale intent; 1 only for the one node that wins it. */
    @SqlUpdate("""
            UPDATE servers SET intent_claim = :claim, intent_claimed_at = :now
            WHERE id = :id AND intent IS NOT NULL AND intent_claimed_at < :cutoff""")
    int claimIntent(@Bind("id") long id, @Bind("claim") String claim, @Bind("now") Instant now,
            @Bind("cutoff") Instant cutoff);

    @SqlQuery("SELECT cloud_image_id FROM images WHERE id = :id")
    Optional<String> cloudImageIdOf(@Bind("id") String imageId);

    @SqlUpdate("UPDATE servers SET status = :status WHERE farm_id = :farmId AND status IN (<from>)")
    int setServerStatusOfFarm(@Bind("farmId") long farmId, @Bind("status") ServerStatus status,
            @BindList("from") List<ServerStatus> from);

    /** Marks the image used, locking its row; 0 when it is gone. */
    @SqlUpdate("UPDATE images SET last_used_at = :now WHERE id = :id")
    int touchImage(@Bind("id") String imageId, @Bind("now") Instant now);

    /** The image a role uses in one platform + location, if any. */
    @SqlQuery("SELECT image_id FROM role_images WHERE role_id = :roleId AND platform = :platform AND cloud_location = :location")
    Optional<String> roleImage(@Bind("roleId") long roleId, @Bind("platform") Platform platform,
            @Bind("location") String location);

    @SqlUpdate("DELETE FROM servers WHERE farm_id = :farmId")
    void deleteServersOfFarm(@Bind("farmId") long farmId);

    @SqlUpdate("DELETE FROM servers WHERE farm_role_id = :farmRoleId")
    void deleteServersOfFarmRole(@Bind("farmRoleId") long farmRoleId);

    /** The user with {@code email} if a grant of theirs covers the environment; one query whatever the reason it is empty. */
    default Optional<Long> coveredUser(String email, long accountId, long envId) {
        return getHandle().createQuery("SELECT u.id FROM users u WHERE u.email = :email AND "
                        + Access.coversEnvironmentSql("u.id", ":accountId", ":envId"))
                .bind("email", email).bind("accountId", accountId).bind("envId", envId)
                .mapTo(Long.class).findOne();
    }

    /** The farm roles that run the role, with their active server counts. */
    default List<RoleUsage.Use> roleUses(long roleId) {
        return getHandle().createQuery("""
                        SELECT f.id, f.name, f.env_id, fr.alias,
                          (SELECT COUNT(*) FROM servers s WHERE s.farm_role_id = fr.id AND s.status <> <SERVER_TERMINATED>) AS active
                        FROM farm_roles fr JOIN farms f ON f.id = fr.farm_id WHERE fr.role_id = :roleId ORDER BY f.name, fr.alias""")
                .bind("roleId", roleId)
                .map((rs, ctx) -> new RoleUsage.Use("farm", rs.getString(1), rs.getString(2),
                        ScopeRef.environment(rs.getLong(3)), rs.getString(4) + ": " + rs.getInt(5) + " active servers"))
                .list();
    }

    /** The farms with active servers launched from the image, with their counts. */
    default List<ImageUsage.Use> imageUses(String imageId) {
        return getHandle().createQuery("""
                        SELECT f.id, f.name, f.env_id, COUNT(*) FROM servers s JOIN farms f ON f.id = s.farm_id
                        WHERE s.image_id = :imageId AND s.status <> <SERVER_TERMINATED> GROUP BY f.id, f.name, f.env_id ORDER BY f.name""")
                .bind("imageId", imageId)
                .map((rs, ctx) -> new ImageUsage.Use("farm", rs.getString(1),
                        rs.getString(2) + " (" + rs.getInt(4) + " servers)", ScopeRef.environment(rs.getLong(3))))
                .list();
    }
}
