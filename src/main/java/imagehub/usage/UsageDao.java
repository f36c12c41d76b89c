package imagehub.usage;

import imagehub.access.Access;
import imagehub.scope.ScopeChain;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The usage explorer's and the dashboard's reads over {@code servers}, the {@code server_image_counts} rollup and
 * {@code freshness_snapshots}, and the daily snapshot. Each read takes the {@link UsageQuery} that narrows it to a
 * scope and filter; reads that must agree run on one handle in the caller's transaction.
 */
public interface UsageDao extends SqlObject {
    RowMapper<UsageRow> ROW = ConstructorMapper.of(UsageRow.class);

    /** How many servers (or rollup rows' servers) {@code counts} matches. */
    default long count(UsageQuery counts) {
        return counts.bind(getHandle().createQuery(counts.sumSql())).mapTo(Long.class).one();
    }

    /** {@code limit} rows of {@code query} from {@code offset}, by the index query. */
    default List<UsageRow> page(UsageQuery query, int limit, long offset) {
        return query.bind(getHandle().createQuery(query.pageSql()))
                .bind("limit", limit).bind("offset", offset)
                .map(ROW).list();
    }

    @SqlQuery("SELECT COALESCE(MAX(id), 0) FROM servers")
    long maxServerId();

    /** The ids of servers matching the rollup query {@code counts} with {@code after < id <= upTo}, in id order. */
    default List<Long> walk(UsageQuery counts, long after, long upTo) {
        return counts.bind(getHandle().createQuery(counts.walkSql()))
                .bind("after", after).bind("upTo", upTo).mapTo(Long.class).list();
    }

    default List<UsageRow> rowsOf(List<Long> serverIds) {
        return getHandle().createQuery(UsageQuery.ROW_COLUMNS + UsageQuery.FROM + "\n WHERE s.id IN (<ids>) ORDER BY s.id")
                .bindList("ids", serverIds).map(ROW).list();
    }

    /** Every row of {@code query} in id order, streamed to {@code sink} {@code fetchSize} rows at a time. */
    default void export(UsageQuery query, int fetchSize, Consumer<UsageRow> sink) {
        query.bind(getHandle().createQuery(UsageQuery.ROW_COLUMNS + query.rowsFromWhere() + "\n ORDER BY s.id"))
                .setFetchSize(fetchSize)
                .map(ROW)
                .useStream(rows -> rows.forEach(sink));
    }

    /** The top {@code top} farms by matching servers of the rollup query {@code query}, with the totals over all. */
    default List<FarmGroupRow> farmGroups(UsageQuery query, int top) {
        String perFarm = "SELECT c.farm_id, CAST(SUM(c.active) AS SIGNED) AS servers" + query.fromWhere() + "\n GROUP BY c.farm_id";
        return query.bind(getHandle().createQuery("""
                            SELECT g.farm_id, f.name AS farm_name, f.env_id, e.name AS env_name,
                              """ + UsageQuery.OWNER_EMAIL + """
                 AS owner_email, g.servers, g.all_servers, g.all_farms
                            FROM (SELECT t.farm_id, t.servers, CAST(SUM(t.servers) OVER () AS SIGNED) AS all_servers,
                                COUNT(*) OVER () AS all_farms
                              FROM (""" + perFarm + """
                ) t
                              ORDER BY t.servers DESC, t.farm_id LIMIT :top) g
                            JOIN farms f ON f.id = g.farm_id
                            JOIN environments e ON e.id = f.env_id
                            LEFT JOIN users u ON u.id = f.owner_id
                            ORDER BY g.servers DESC, f.name, g.farm_id"""))
                .bind("top", top).map(ConstructorMapper.of(FarmGroupRow.class)).list();
    }

    /**
     * The top {@code top} owners by matching servers of the rollup query {@code query}, from the rollup rows (each
     * joined to its farm), summed per owner and environment first: a farm has one of each, so the farms add up, and
     * whether the owner is in reach (else the group falls in with farms without owner) is asked once per owner and
     * environment.
     */
    default List<OwnerGroupRow> ownerGroups(UsageQuery query, int top) {
        return query.bind(getHandle().createQuery("""
                            SELECT u.email AS owner_email, o.farms, o.servers, o.all_owners
                            FROM (SELECT IF(""" + Access.coversEnvironmentSql("p.owner_id", "p.account_id", "p.env_id") + """
                , p.owner_id, NULL) AS shown_owner_id, CAST(SUM(p.farms) AS SIGNED) AS farms,
                                CAST(SUM(p.servers) AS SIGNED) AS servers, COUNT(*) OVER () AS all_owners
                              FROM (SELECT f.owner_id, f.account_id, f.env_id, COUNT(DISTINCT c.farm_id) AS farms,
                                  SUM(c.active) AS servers""" + query.fromWhere() + """

                                GROUP BY f.owner_id, f.account_id, f.env_id) p
                              GROUP BY shown_owner_id ORDER BY servers DESC, shown_owner_id LIMIT :top) o
                            LEFT JOIN users u ON u.id = o.shown_owner_id
                            ORDER BY o.servers DESC, COALESCE(u.email, '')"""))
                .bind("top", top).map(ConstructorMapper.of(OwnerGroupRow.class)).list();
    }

    /** One of the listed farms, with the total and the number of farms over every matching farm. */
    record FarmGroupRow(long farmId, String farmName, long envId, String envName, String ownerEmail, long servers,
            long allServers, int allFarms) {
        UsageGroups.FarmGroup group() {
            return new UsageGroups.FarmGroup(farmId, farmName, envId, envName, ownerEmail, servers);
        }
    }

    /** One of the listed owners, with the number of owners over every matching farm. */
    record OwnerGroupRow(String ownerEmail, int farms, long servers, int allOwners) {
    }

    /**
     * One pass over the rollup query {@code query}: per-farm totals, cut to the top {@code top} farms by stale
     * servers, carrying the scope's totals (window sums over every farm) on each row.
     */
    default List<FarmCounts> staleFarms(UsageQuery query, int top) {
        return query.bind(getHandle().createQuery("""
                            SELECT g.farm_id, f.name AS farm_name, f.env_id, e.name AS env_name,
                              """ + UsageQuery.OWNER_EMAIL + """
                 AS owner_email, g.stale, g.all_total, g.all_fresh, g.all_deprecated
                            FROM (SELECT t.farm_id, t.stale, CAST(SUM(t.total) OVER () AS SIGNED) AS all_total,
                                CAST(SUM(t.fresh) OVER () AS SIGNED) AS all_fresh,
                                CAST(SUM(t.on_deprecated) OVER () AS SIGNED) AS all_deprecated
                              FROM (SELECT c.farm_id, SUM(c.active) AS total,
                                  SUM(IF(""" + UsageQuery.COUNT_FRESH + """
                , c.active, 0)) AS fresh,
                                  SUM(IF(c.deprecated, c.active, 0)) AS on_deprecated,
                                  CAST(SUM(IF(""" + UsageQuery.COUNT_FRESH + """
                , 0, c.active)) AS SIGNED) AS stale""" + query.fromWhere() + """

                                GROUP BY c.farm_id) t
                              ORDER BY t.stale DESC, t.farm_id LIMIT :top) g
                            JOIN farms f ON f.id = g.farm_id
                            JOIN environments e ON e.id = f.env_id
                            LEFT JOIN users u ON u.id = f.owner_id
                            ORDER BY g.stale DESC, f.name"""))
                .bind("top", top).map(ConstructorMapper.of(FarmCounts.class)).list();
    }

    /** One of the dashboard's top farms by stale servers, with the scope's totals. */
    record FarmCounts(long farmId, String farmName, long envId, String envName, String ownerEmail, long stale,
            long allTotal, long allFresh, long allDeprecated) {
    }

    record Counts(long total, long fresh, long onDeprecated) {
    }

    /** The active servers of the rollup query {@code query}, those on their role's current image, those on a deprecated one. */
    default Counts counts(UsageQuery query) {
        return query.bind(getHandle().createQuery("SELECT CAST(COALESCE(SUM(c.active), 0) AS SIGNED) AS total,"
                        + " CAST(COALESCE(SUM(IF(" + UsageQuery.COUNT_FRESH + ", c.active, 0)), 0) AS SIGNED) AS fresh,"
                        + " CAST(COALESCE(SUM(IF(c.deprecated, c.active, 0)), 0) AS SIGNED) AS on_deprecated"
                        + query.fromWhere()))
                .map(ConstructorMapper.of(Counts.class)).one();
    }

    /** The scope's daily snapshots after {@code from}; account and Global days are sums. */
    default List<Freshness.Day> series(ScopeRef scope, LocalDate from) {
        String where = switch (scope.level()) {
            case GLOBAL -> "TRUE";
            case ACCOUNT -> "account_id = :scopeId";
            case ENVIRONMENT -> "env_id = :scopeId";
        };
        var query = getHandle().createQuery("SELECT day, SUM(total) AS total, SUM(fresh) AS fresh FROM freshness_snapshots WHERE "
                        + where + " AND day > :from GROUP BY day ORDER BY day")
                .bind("from", from);
        if (scope.level() != ScopeLevel.GLOBAL) {
            query.bind("scopeId", scope.id());
        }
        return query.map(ConstructorMapper.of(Freshness.Day.class)).list();
    }

    /**
     * Images visible through {@code chain} whose scheduled deprecation falls in [{@code now}, {@code soon}), with the
     * servers of the rollup query {@code servers} on each.
     */
    default List<FleetSummary.DueImage> deprecatingBetween(ScopeChain chain, UsageQuery servers, Instant now, Instant soon) {
        String sql = "SELECT img.id AS image_id, img.name, img.deprecation_due_at AS due,"
                + " (SELECT CAST(COALESCE(SUM(c.active), 0) AS SIGNED)" + servers.fromWhere()
                + "\n AND c.image_id = img.id) AS servers"
                + "\n FROM (SELECT id, name, deprecation_due_at FROM images WHERE deprecated = FALSE"
                + " AND deprecation_due_at >= :now AND deprecation_due_at < :soon AND " + chain.visibleCondition() + ") img"
                + "\n ORDER BY img.deprecation_due_at, img.name LIMIT 10";
        return chain.bind(servers.bind(getHandle().createQuery(sql)))
                .bind("now", now).bind("soon", soon)
                .map(ConstructorMapper.of(FleetSummary.DueImage.class)).list();
    }

    /**
     * Writes the snapshot of {@code day} of every environment and of every farm not terminated from the rollup: two
     * upserts (the caller's transaction makes them one), so running it again the same day only refreshes the figures.
     */
    default void snapshot(LocalDate day, Instant now) {
        String perGroup = "SUM(c.active) AS total, SUM(IF(" + UsageQuery.COUNT_FRESH + ", c.active, 0)) AS fresh"
                + UsageQuery.COUNT_FROM + "\n WHERE c.active > 0";
        getHandle().createUpdate("""
                    INSERT INTO freshness_snapshots (day, env_id, account_id, total, fresh, taken_at)
                    SELECT :day, env.id, env.account_id, COALESCE(n.total, 0), COALESCE(n.fresh, 0), :now
                    FROM environments env LEFT JOIN (
                      SELECT c.env_id, """ + perGroup + """

                      GROUP BY c.env_id) n ON n.env_id = env.id
                    ON DUPLICATE KEY UPDATE total = VALUES(total), fresh = VALUES(fresh), account_id = VALUES(account_id),
                      taken_at = VALUES(taken_at)""")
                .bind("day", day).bind("now", now).execute();
        getHandle().createUpdate("""
                    INSERT INTO farm_freshness_snapshots (day, farm_id, env_id, total, fresh, taken_at)
                    SELECT :day, farm.id, farm.env_id, COALESCE(n.total, 0), COALESCE(n.fresh, 0), :now
                    FROM farms farm LEFT JOIN (
                      SELECT c.farm_id, """ + perGroup + """

                      GROUP BY c.farm_id) n ON n.farm_id = farm.id
                    WHERE farm.status <> 'TERMINATED'
                    ON DUPLICATE KEY UPDATE total = VALUES(total), fresh = VALUES(fresh), taken_at = VALUES(taken_at)""")
                .bind("day", day).bind("now", now).execute();
    }

    /** The daily snapshots of farm {@code farmId} of environment {@code envId} after {@code from}. */
    default List<Freshness.Day> farmSeries(long envId, long farmId, LocalDate from) {
        return getHandle().createQuery("""
                    SELECT day, total, fresh FROM farm_freshness_snapshots
                    WHERE farm_id = :farmId AND env_id = :envId AND day > :from ORDER BY day""")
                .bind("envId", envId).bind("farmId", farmId).bind("from", from)
                .map(ConstructorMapper.of(Freshness.Day.class)).list();
    }

    /**
     * The replacements since {@code since} that changed the image of a role in the location of a farm role of the
     * farms {@code farms} selects (a condition on {@code f}, bound by the caller), oldest first.
     */
    default List<Freshness.Replaced> replacedSince(String farms, Map<String, Object> params, Instant since) {
        return getHandle().createQuery("""
                    SELECT r.id, r.created_at AS at, r.old_image_name, r.new_image_name, r.cloud_location, r.rolled_back_at
                    FROM replacements r
                    WHERE r.created_at >= :since AND EXISTS (
                      SELECT 1 FROM replacement_changes rc
                      JOIN farm_roles fr ON fr.role_id = rc.role_id AND fr.platform = rc.platform
                        AND fr.cloud_location = rc.cloud_location
                      JOIN farms f ON f.id = fr.farm_id
                      WHERE rc.replacement_id = r.id""" + " AND " + farms + """
                )
                    ORDER BY r.created_at, r.id""")
                .bindMap(params).bind("since", since)
                .map(ConstructorMapper.of(Freshness.Replaced.class)).list();
    }

    @SqlQuery("SELECT COUNT(*) FROM environments")
    int environmentCount();
}
