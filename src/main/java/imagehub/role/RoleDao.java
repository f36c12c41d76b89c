package imagehub.role;

import imagehub.image.ImageRow;
import imagehub.scope.ScopeChain;
import java.time.Instant;
import imagehub.core.Page;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code roles} and {@code role_images} tables. */
public interface RoleDao extends SqlObject {

    @SqlUpdate("""
            INSERT INTO roles (scope_level, scope_id, account_id, name, os_family, category, description, created_by,
              created_at)
            VALUES (:scopeLevel, :scopeId, :accountId, :name, :osFamily, :category, :description, :createdBy, :createdAt)""")
    @GetGeneratedKeys("id")
    long insert(@Bind("scopeLevel") String scopeLevel, @Bind("scopeId") long scopeId, @Bind("accountId") Long accountId,
            @Bind("name") String name, @Bind("osFamily") String osFamily, @Bind("category") String category,
            @Bind("description") String description, @Bind("createdBy") String createdBy,
            @Bind("createdAt") Instant createdAt);

    @SqlQuery("SELECT " + RoleRow.COLUMNS + " FROM roles WHERE id = :id")
    Optional<RoleRow> find(@Bind("id") long id);

    @SqlQuery("SELECT " + RoleRow.COLUMNS + " FROM roles WHERE id = :id FOR UPDATE")
    Optional<RoleRow> lock(@Bind("id") long id);

    /**
     * Roles named {@code name} on a chain shared with {@code chain}'s scope, other than {@code exceptId}. A plain
     * read: the caller holds the name's {@link imagehub.db.KeyLock} in a READ COMMITTED transaction, so it sees every
     * such role committed before it got the lock, and no other writer of that name gets past the lock until it ends.
     */
    default List<RoleRow> nameClashes(ScopeChain chain, String name, long exceptId) {
        return chain.bind(getHandle().createQuery("SELECT " + RoleRow.COLUMNS + " FROM roles"
                        + " WHERE name = :name AND id <> :exceptId AND " + chain.overlapCondition() + " ORDER BY id"))
                .bind("name", name).bind("exceptId", exceptId)
                .mapTo(RoleRow.class).list();
    }

    /** The roles visible from {@code chain}'s scope that match {@code filter}, by name. */
    default List<RoleRow> search(ScopeChain chain, RoleFilter filter) {
        return matching(chain, filter, "SELECT " + RoleRow.COLUMNS, " ORDER BY name, id").mapTo(RoleRow.class).list();
    }

    /** {@code limit} of the roles {@link #search} finds, from {@code offset}. */
    default List<RoleRow> search(ScopeChain chain, RoleFilter filter, long offset, int limit) {
        return matching(chain, filter, "SELECT " + RoleRow.COLUMNS, " ORDER BY name, id LIMIT :limit OFFSET :offset")
                .bind("limit", limit).bind("offset", offset).mapTo(RoleRow.class).list();
    }

    /** How many roles {@link #search} finds. */
    default long count(ScopeChain chain, RoleFilter filter) {
        return matching(chain, filter, "SELECT COUNT(*)", "").mapTo(Long.class).one();
    }

    private Query matching(ScopeChain chain, RoleFilter filter, String select, String tail) {
        List<String> where = new ArrayList<>(List.of(chain.visibleCondition()));
        Map<String, Object> values = new LinkedHashMap<>();
        if (filter.text() != null) {
            where.add("name LIKE CONCAT('%', :text, '%')");
            values.put("text", filter.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"));
        }
        match(where, values, "os_family", filter.osFamily());
        match(where, values, "deprecated", filter.deprecated());
        match(where, values, "id", filter.id());
        match(where, values, "name", filter.name());
        match(where, values, "category", filter.category());
        match(where, values, "scope_level", filter.scope() == null ? null : filter.scope().name());
        Query query = chain.bind(getHandle().createQuery(select + " FROM roles WHERE " + String.join(" AND ", where) + tail));
        values.forEach(query::bind);
        return query;
    }

    /** {@code column = value} (bound by the column's name), left out when the value is null. */
    private static void match(List<String> where, Map<String, Object> values, String column, Object value) {
        if (value != null) {
            where.add(column + " = :" + column);
            values.put(column, value);
        }
    }

    /**
     * One page of the images a role uses, by platform and location (the role's one image there), or just
     * {@code imageId}'s when given.
     */
    default Page<RoleImage> imagePage(long roleId, String imageId, long offset, int limit) {
        String from = " FROM images WHERE id IN (SELECT image_id FROM role_images WHERE role_id = :roleId)"
                + (imageId == null ? "" : " AND id = :imageId");
        long total = getHandle().createQuery("SELECT COUNT(*)" + from).bind("roleId", roleId).bind("imageId", imageId)
                .mapTo(Long.class).one();
        List<RoleImage> items = getHandle().createQuery("SELECT " + ImageRow.COLUMNS + from
                        + " ORDER BY platform, cloud_location LIMIT :limit OFFSET :offset")
                .bind("roleId", roleId).bind("imageId", imageId).bind("limit", limit).bind("offset", offset)
                .mapTo(ImageRow.class).map(row -> new RoleImage(roleId, row.toImage())).list();
        return new Page<>(items, total);
    }

    @SqlUpdate("""
            UPDATE roles SET name = :name, os_family = :osFamily, category = :category, description = :description
            WHERE id = :id""")
    void edit(@Bind("id") long id, @Bind("name") String name, @Bind("osFamily") String osFamily,
            @Bind("category") String category, @Bind("description") String description);

    @SqlUpdate("""
            UPDATE roles SET deprecated = :deprecated, deprecated_at = :deprecatedAt, replacement_role_id = :replacementId
            WHERE id = :id""")
    void setDeprecation(@Bind("id") long id, @Bind("deprecated") boolean deprecated,
            @Bind("deprecatedAt") Instant deprecatedAt, @Bind("replacementId") Long replacementId);

    @SqlUpdate("UPDATE roles SET scope_level = :scopeLevel, scope_id = :scopeId, account_id = :accountId WHERE id = :id")
    void move(@Bind("id") long id, @Bind("scopeLevel") String scopeLevel, @Bind("scopeId") long scopeId,
            @Bind("accountId") Long accountId);

    @SqlUpdate("DELETE FROM roles WHERE id = :id")
    void delete(@Bind("id") long id);

    @SqlQuery("SELECT COUNT(*) FROM roles WHERE scope_level = :scopeLevel AND scope_id = :scopeId")
    long countAt(@Bind("scopeLevel") String scopeLevel, @Bind("scopeId") long scopeId);

    /** Deprecated roles that name {@code id} as their replacement. */
    @SqlQuery("SELECT " + RoleRow.COLUMNS + " FROM roles WHERE replacement_role_id = :id ORDER BY name, id")
    List<RoleRow> replacedBy(@Bind("id") long id);

    @SqlQuery("SELECT " + RoleRow.COLUMNS
            + " FROM roles WHERE id IN (SELECT role_id FROM role_images WHERE image_id = :imageId) ORDER BY name, id")
    List<RoleRow> usingImage(@Bind("imageId") String imageId);

    @SqlQuery("SELECT " + RoleImageRow.COLUMNS + " FROM role_images WHERE role_id = :roleId ORDER BY platform, cloud_location")
    List<RoleImageRow> roleImages(@Bind("roleId") long roleId);

    /** The images a role uses, in no particular order. */
    @SqlQuery("SELECT " + ImageRow.COLUMNS + " FROM images WHERE id IN (SELECT image_id FROM role_images WHERE role_id = :roleId)")
    List<ImageRow> imagesOf(@Bind("roleId") long roleId);

    @SqlQuery("""
            SELECT role_id, platform, cloud_location, image_id FROM role_images
            WHERE role_id = :roleId AND platform = :platform AND cloud_location = :location FOR UPDATE""")
    Optional<RoleImageRow> lockRoleImage(@Bind("roleId") long roleId, @Bind("platform") String platform,
            @Bind("location") String location);

    /*
     * Every write of role_images below also works out again the `fresh` state of the server rollup rows of the role's
     * farm roles (migration V22), in the same statement's transaction: set-based, so replace everywhere pays one
     * statement for thousands of roles instead of a trigger per row.
     */

    /** The start of the rollup refresh: its rows, narrowed by a join or condition on {@code c.role_id} after it. */
    String REFRESH_FRESH = "UPDATE server_image_counts c";
    /**
     * The end of the rollup refresh: a row is fresh when its image is its role's image there. It reads neither
     * farm_roles nor roles (their rows stay unlocked), only the role_images rows the writer has just locked.
     */
    String REFRESH_FRESH_SET = """

            LEFT JOIN role_images ri ON ri.role_id = c.role_id AND ri.platform = c.platform
              AND ri.cloud_location = c.cloud_location
            SET c.fresh = (ri.image_id IS NOT NULL AND ri.image_id = c.image_id)""";

    @SqlUpdate(REFRESH_FRESH + REFRESH_FRESH_SET + " WHERE c.role_id = :roleId")
    void refreshFresh(@Bind("roleId") long roleId);

    default void insertRoleImage(long roleId, String platform, String location, String imageId) {
        insertRoleImageRow(roleId, platform, location, imageId);
        refreshFresh(roleId);
    }

    default void setRoleImage(long roleId, String platform, String location, String imageId) {
        setRoleImageRow(roleId, platform, location, imageId);
        refreshFresh(roleId);
    }

    default void deleteRoleImage(long roleId, String platform, String location) {
        deleteRoleImageRow(roleId, platform, location);
        refreshFresh(roleId);
    }

    @SqlUpdate("""
            INSERT INTO role_images (role_id, platform, cloud_location, image_id)
            VALUES (:roleId, :platform, :location, :imageId)""")
    void insertRoleImageRow(@Bind("roleId") long roleId, @Bind("platform") String platform,
            @Bind("location") String location, @Bind("imageId") String imageId);

    @SqlUpdate("""
            UPDATE role_images SET image_id = :imageId
            WHERE role_id = :roleId AND platform = :platform AND cloud_location = :location""")
    void setRoleImageRow(@Bind("roleId") long roleId, @Bind("platform") String platform, @Bind("location") String location,
            @Bind("imageId") String imageId);

    @SqlUpdate("DELETE FROM role_images WHERE role_id = :roleId AND platform = :platform AND cloud_location = :location")
    void deleteRoleImageRow(@Bind("roleId") long roleId, @Bind("platform") String platform,
            @Bind("location") String location);

    /** Only for a role being deleted, which no farm role uses: no rollup row to refresh. */
    @SqlUpdate("DELETE FROM role_images WHERE role_id = :roleId")
    void deleteRoleImages(@Bind("roleId") long roleId);
}
