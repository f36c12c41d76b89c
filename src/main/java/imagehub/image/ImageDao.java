package imagehub.image;

import imagehub.scope.ScopeChain;
import imagehub.provider.Clouds;
import imagehub.core.ScopeRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code images} and {@code naming_policies} tables. */
public interface ImageDao extends SqlObject {

    @SqlUpdate(ImageRow.INSERT)
    void insert(@BindMethods ImageRow row);

    default Optional<ImageRow> find(String id) {
        return ImageRows.find(getHandle(), id);
    }

    /** The row, locked until the end of the transaction. */
    default Optional<ImageRow> lock(String id) {
        return ImageRows.lock(getHandle(), id);
    }

    /**
     * Images of the same cloud image on a chain shared with {@code chain}'s scope, other than {@code exceptId}. A
     * plain read: the caller holds the cloud image's {@link imagehub.db.KeyLock} in a READ COMMITTED transaction, so
     * it sees every such image committed before it got the lock, and no other writer of that cloud image gets
     * past the lock until it ends.
     */
    default List<ImageRow> clashes(ScopeChain chain, String platform, String location, String cloudImageId,
            String exceptId) {
        return ImageRows.clashes(getHandle(), chain, platform, location, cloudImageId, exceptId);
    }

    /** Which of {@code cloudImageIds} a chain shared with {@code chain}'s scope has registered already. */
    default Set<String> registeredAmong(ScopeChain chain, String platform, String location, List<String> cloudImageIds) {
        if (cloudImageIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(chain.bind(getHandle().createQuery("SELECT cloud_image_id FROM images"
                        + " WHERE platform = :platform AND cloud_location = :location AND cloud_image_id IN (<ids>)"
                        + " AND " + chain.overlapCondition()))
                .bind("platform", platform).bind("location", location).bindList("ids", cloudImageIds)
                .mapTo(String.class).list());
    }

    /** One page of the images visible from {@code chain}'s scope that match {@code filter}, with their count. */
    default ImageList search(ScopeChain chain, ImageFilter filter, int pageNum, int pageSize) {
        return new ImageList(page(chain, filter, pageNum, pageSize), count(chain, filter), pageNum, pageSize);
    }

    /** How many images visible from {@code chain}'s scope match {@code filter}. */
    default long count(ScopeChain chain, ImageFilter filter) {
        Search search = Search.of(chain, filter);
        if (search.scopes().isEmpty()) {
            return 0;
        }
        StringBuilder count = new StringBuilder("SELECT 0");
        for (int i = 0; i < search.scopes().size(); i++) {
            count.append(" + (SELECT COUNT(*) FROM images WHERE ").append(search.where(i)).append(')');
        }
        return search.bind(getHandle().createQuery(count.toString())).mapTo(Long.class).one();
    }

    /** Page {@code pageNum} (from 1) of the images visible from {@code chain}'s scope that match {@code filter}. */
    default List<Image> page(ScopeChain chain, ImageFilter filter, int pageNum, int pageSize) {
        Search search = Search.of(chain, filter);
        if (search.scopes().isEmpty()) {
            return List.of();
        }
        String order = filter.sort().orderBy(filter.descending());
        String keys = String.join(", ", filter.sort().columns()) + ", id";
        StringBuilder branches = new StringBuilder();
        for (int i = 0; i < search.scopes().size(); i++) {
            branches.append(i == 0 ? "" : " UNION ALL ").append("(SELECT ").append(keys)
                    .append(" FROM images WHERE ").append(search.where(i)).append(" ORDER BY ").append(order)
                    .append(" LIMIT :window)");
        }
        long offset = (long) (pageNum - 1) * pageSize;
        // The page is found on the sort keys alone (the index holds them, and the id), and only its rows are read
        // whole: a later page reads as few rows as the first.
        return search.bind(getHandle().createQuery("SELECT " + ImageRow.COLUMNS + " FROM images JOIN (SELECT id AS page_id"
                        + " FROM (" + branches + ") visible ORDER BY " + order + " LIMIT :limit OFFSET :offset) page"
                        + " ON images.id = page.page_id ORDER BY " + order))
                .bind("window", offset + pageSize).bind("limit", pageSize).bind("offset", offset)
                .mapTo(ImageRow.class).map(ImageRow::toImage).list();
    }

    /**
     * The parts of an image search: one branch per visible scope instead of one OR, so each branch walks its own
     * (scope, filter column, name) index for just the rows the page can need, and neither the count nor the sort
     * scans the table. A scope filter keeps only its own branch.
     */
    record Search(List<ScopeRef> scopes, List<Condition> conditions) {
        static Search of(ScopeChain chain, ImageFilter filter) {
            ImageFilter.Exact exact = filter.exact();
            return new Search(chain.scopes().stream().filter(s -> exact.scope() == null || s.level() == exact.scope()).toList(),
                    ImageDao.conditions(filter));
        }

        /** The condition of branch {@code i}. */
        String where(int i) {
            StringBuilder where = new StringBuilder("scope_level = :level" + i + " AND scope_id = :scope" + i);
            conditions.forEach(c -> where.append(" AND ").append(c.sql()));
            return where.toString();
        }

        Query bind(Query query) {
            for (int i = 0; i < scopes.size(); i++) {
                query.bind("level" + i, scopes.get(i).level().name()).bind("scope" + i, scopes.get(i).id());
            }
            conditions.forEach(c -> query.bind(c.name(), c.value()));
            return query;
        }
    }

    /** One bound condition of an image search: SQL naming {@code :name}, and the value bound to it. */
    record Condition(String sql, String name, Object value) {
    }

    /** The conditions of {@code filter}, each an equality along an index of V13 or V38 (or a name prefix). */
    private static List<Condition> conditions(ImageFilter filter) {
        ImageFilter.Exact exact = filter.exact();
        List<Condition> conditions = new ArrayList<>();
        if (exact.id() != null) {
            conditions.add(new Condition("id = :id", "id", exact.id()));
        }
        if (filter.platform() != null) {
            conditions.add(new Condition("platform = :platform", "platform", filter.platform().id()));
        }
        if (filter.location() != null) {
            conditions.add(new Condition("cloud_location = :location", "location", filter.location()));
        }
        if (filter.osId() != null) {
            conditions.add(new Condition("os_id = :osId", "osId", filter.osId()));
        }
        if (filter.architecture() != null) {
            conditions.add(new Condition("architecture = :architecture", "architecture", filter.architecture().id()));
        }
        if (filter.deprecated() != null) {
            conditions.add(new Condition("deprecated = :deprecated", "deprecated", filter.deprecated()));
        }
        if (exact.name() != null) {
            conditions.add(new Condition("name = :name", "name", exact.name()));
        }
        if (exact.cloudImageId() != null) {
            conditions.add(new Condition("cloud_image_id = :cloudImageId", "cloudImageId", exact.cloudImageId()));
        }
        if (exact.source() != null) {
            conditions.add(new Condition("source = :source", "source", exact.source().id()));
        }
        if (exact.status() != null) {
            conditions.add(new Condition("cloud_state = :status", "status", exact.status().id()));
        }
        if (exact.agentInstalled() != null) {
            conditions.add(new Condition("agent_installed = :agent", "agent", exact.agentInstalled()));
        }
        if (exact.cloudInitInstalled() != null) {
            conditions.add(new Condition("cloud_init_installed = :cloudInit", "cloudInit", exact.cloudInitInstalled()));
        }
        // The portal's search box: a cloud image id is looked up exactly; other text matches the start of the name.
        String text = filter.text();
        if (text != null) {
            conditions.add(Clouds.looksLikeImageId(text) ? new Condition("cloud_image_id = :text", "text", text)
                    : new Condition("name LIKE CONCAT(:text, '%')", "text",
                            text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")));
        }
        return conditions;
    }


    /** Sets the deprecation and marks it to be mirrored into the cloud ({@link ImageCloud#mirrorDeprecation}). */
    @SqlUpdate("""
            UPDATE images SET deprecated = :deprecated, deprecation_reason = :reason, deprecated_at = :deprecatedAt,
              replacement_image_id = :replacementId, deprecation_due_at = :dueAt, cloud_deprecation_pending = TRUE
            WHERE id = :id""")
    void setDeprecation(@Bind("id") String id, @Bind("deprecated") boolean deprecated, @Bind("reason") String reason,
            @Bind("deprecatedAt") Instant deprecatedAt, @Bind("replacementId") String replacementId,
            @Bind("dueAt") Instant dueAt);

    /** Images whose scheduled deprecation is due at {@code now}, locked. */
    @SqlQuery("SELECT " + ImageRow.COLUMNS
            + " FROM images WHERE deprecation_due_at <= :now AND NOT deprecated ORDER BY deprecation_due_at, id FOR UPDATE")
    List<ImageRow> lockDueDeprecations(@Bind("now") Instant now);

    /** Moves an image to another scope; the scope whose credentials reach it stays where it was registered. */
    @SqlUpdate("""
            UPDATE images SET cloud_scope_id = COALESCE(cloud_scope_id, scope_id),
              cloud_scope_level = COALESCE(cloud_scope_level, scope_level),
              scope_level = :scopeLevel, scope_id = :scopeId, account_id = :accountId, source = :source
            WHERE id = :id""")
    void move(@Bind("id") String id, @Bind("scopeLevel") String scopeLevel, @Bind("scopeId") long scopeId,
            @Bind("accountId") Long accountId, @Bind("source") String source);

    @SqlUpdate("DELETE FROM images WHERE id = :id")
    void delete(@Bind("id") String id);

    @SqlQuery("SELECT COUNT(*) FROM images WHERE scope_level = :scopeLevel AND scope_id = :scopeId")
    long countAt(@Bind("scopeLevel") String scopeLevel, @Bind("scopeId") long scopeId);

    /** Images that name {@code id} as their replacement (deprecated, or due to be). */
    @SqlQuery("SELECT " + ImageRow.COLUMNS + " FROM images WHERE replacement_image_id = :id ORDER BY name, id")
    List<ImageRow> replacedBy(@Bind("id") String id);

    @SqlQuery("SELECT pattern FROM naming_policies WHERE scope_level = :scopeLevel AND scope_id = :scopeId")
    Optional<String> namingPattern(@Bind("scopeLevel") String scopeLevel, @Bind("scopeId") long scopeId);

    @SqlUpdate("""
            INSERT INTO naming_policies (scope_level, scope_id, pattern, updated_by, updated_at)
            VALUES (:scopeLevel, :scopeId, :pattern, :by, :now)
            ON DUPLICATE KEY UPDATE pattern = VALUES(pattern), updated_by = VALUES(updated_by),
              updated_at = VALUES(updated_at)""")
    void setNamingPattern(@Bind("scopeLevel") String scopeLevel, @Bind("scopeId") long scopeId,
            @Bind("pattern") String pattern, @Bind("by") String by, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM naming_policies WHERE scope_level = :scopeLevel AND scope_id = :scopeId")
    void removeNamingPattern(@Bind("scopeLevel") String scopeLevel, @Bind("scopeId") long scopeId);
}
