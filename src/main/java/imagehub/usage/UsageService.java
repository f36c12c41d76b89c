package imagehub.usage;

import imagehub.access.Access;
import imagehub.access.Role;
import imagehub.access.Viewer;
import imagehub.scope.ScopeChain;
import imagehub.scope.ScopeLevel;
import imagehub.scope.ScopeRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * "Who still runs the old image?": the active servers of the environments a scope holds, filtered by the
 * state of their image, counted per farm and owner, listed, exported; and fleet freshness, now and per day.
 * Entering the scope is the permission: a viewer who may enter a scope sees every environment below it.
 */
public final class UsageService {
    public static final int MAX_PAGE_SIZE = 100;
    public static final int SERIES_DAYS = 30;
    public static final Duration DEPRECATING_SOON = Duration.ofDays(14);
    static final int EXPORT_FETCH_SIZE = 1000;
    private static final int TOP_FARMS = 5;
    /** Servers the rollup path of a page may walk in id order before it leaves the page to the index query. */
    private static final int SCAN_BUDGET = 50_000;
    private static final RowMapper<UsageRow> ROW = ConstructorMapper.of(UsageRow.class);

    private final Jdbi jdbi;
    private final Access access;
    private final Clock clock;

    public UsageService(Jdbi jdbi, Access access, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.clock = clock;
    }

    /** Refuses (404) a viewer who may not enter {@code scope}; what a streamed answer checks before it starts. */
    public void requireEnter(Viewer viewer, ScopeRef scope) {
        access.requireEnter(viewer, scope);
    }

    /** One page of matching servers and how many match in all. */
    public record UsageList(List<UsageRow> rows, long total, int pageNum, int pageSize) {
        public long lastPage() {
            return Math.max(1, (total + pageSize - 1) / pageSize);
        }
    }

    public UsageList servers(Viewer viewer, ScopeRef scope, UsageFilter filter, int pageNum, int pageSize) {
        access.requireEnter(viewer, scope);
        Instant now = clock.instant();
        UsageQuery counts = UsageQuery.countsOf(scope, filter, now);
        return jdbi.inTransaction(h -> {
            long total = counts.bind(h.createQuery(counts.sumSql())).mapTo(Long.class).one();
            return new UsageList(pageRows(h, scope, filter, now, pageNum, pageSize, total), total, pageNum, pageSize);
        });
    }

    /** One page of matching servers without counting them (the page takes the total from {@link #groups}). */
    public List<UsageRow> rows(Viewer viewer, ScopeRef scope, UsageFilter filter, int pageNum, int pageSize) {
        access.requireEnter(viewer, scope);
        Instant now = clock.instant();
        // One transaction, one snapshot: the rollup and the servers agree (the triggers write both together).
        return jdbi.inTransaction(h -> pageRows(h, scope, filter, now, pageNum, pageSize, null));
    }

    /**
     * A deprecated page goes through the rollup when that walks few servers; any other page by the index query.
     * {@code total} is how many servers match, when the caller has counted them already (else null).
     */
    private static List<UsageRow> pageRows(Handle h, ScopeRef scope, UsageFilter filter, Instant now, int pageNum,
            int pageSize, Long total) {
        UsageQuery query = UsageQuery.of(scope, filter, now);
        if (filter.imageState() != ImageState.DEPRECATED) {
            return rows(h, query, pageNum, pageSize);
        }
        return rowsFromRollup(h, UsageQuery.countsOf(scope, filter, now), pageNum, pageSize, total)
                .orElseGet(() -> rows(h, query, pageNum, pageSize));
    }

    private static List<UsageRow> rows(Handle h, UsageQuery query, int pageNum, int pageSize) {
        int size = Math.max(1, Math.min(MAX_PAGE_SIZE, pageSize));
        return query.bind(h.createQuery(query.pageSql()))
                .bind("limit", size).bind("offset", (long) (Math.max(1, pageNum) - 1) * size)
                .map(ROW).list();
    }

    /**
     * One page of rows through the rollup: how many servers match comes from {@code server_image_counts}; the
     * servers are then walked in id order, a window of ids at a time, each joined to its rollup row (one primary
     * key lookup) so the filter is checked on the row's state, until the page is full. Empty when the walk would
     * read more than {@link #SCAN_BUDGET} servers (a narrow or deep page): the index query does it then.
     */
    private static Optional<List<UsageRow>> rowsFromRollup(Handle h, UsageQuery counts, int pageNum, int pageSize,
            Long total) {
        int size = Math.max(1, Math.min(MAX_PAGE_SIZE, pageSize));
        long offset = (long) (Math.max(1, pageNum) - 1) * size;
        long matching = total != null ? total : counts.bind(h.createQuery(counts.sumSql())).mapTo(Long.class).one();
        if (matching <= offset) {
            return Optional.of(List.of());
        }
        long maxId = h.createQuery("SELECT COALESCE(MAX(id), 0) FROM servers").mapTo(Long.class).one();
        double expectedScan = (double) (offset + size) * maxId / matching;
        if (expectedScan > SCAN_BUDGET) {
            return Optional.empty();
        }
        long window = (long) Math.min(10_000, Math.max(1_000, expectedScan * 1.5));
        List<Long> ids = new ArrayList<>();
        long skipped = 0;
        for (long after = 0; ids.size() < size && after < maxId; after += window) {
            if (after >= SCAN_BUDGET) {
                return Optional.empty();
            }
            List<Long> found = counts.bind(h.createQuery(counts.walkSql()))
                    .bind("after", after).bind("upTo", after + window).mapTo(Long.class).list();
            for (long id : found) {
                if (skipped < offset) {
                    skipped++;
                } else if (ids.size() < size) {
                    ids.add(id);
                }
            }
        }
        if (ids.isEmpty()) {
            return Optional.of(List.of());
        }
        return Optional.of(h.createQuery(UsageQuery.ROW_COLUMNS + UsageQuery.FROM + "\n WHERE s.id IN (<ids>) ORDER BY s.id")
                .bindList("ids", ids).map(ROW).list());
    }

    /**
     * Every matching server, in the order of the list, handed to {@code sink} one by one as the database
     * streams them: the export never holds more than one fetch of rows.
     */
    public void export(Viewer viewer, ScopeRef scope, UsageFilter filter, Consumer<UsageRow> sink) {
        access.requireEnter(viewer, scope);
        UsageQuery query = UsageQuery.of(scope, filter, clock.instant());
        jdbi.useHandle(h -> query.bind(h.createQuery(UsageQuery.ROW_COLUMNS + query.fromWhere() + "\n ORDER BY s.id"))
                .setFetchSize(EXPORT_FETCH_SIZE)
                .map(ROW)
                .useStream(rows -> rows.forEach(sink)));
    }

    /**
     * Matching servers per farm (most first) and per owner, each cut in SQL to the top {@link UsageGroups#TOP};
     * window sums carry the total and the number of groups on every row. Counted from the per (farm role, image)
     * rollup, not from the servers.
     */
    public UsageGroups groups(Viewer viewer, ScopeRef scope, UsageFilter filter) {
        access.requireEnter(viewer, scope);
        UsageQuery query = UsageQuery.countsOf(scope, filter, clock.instant());
        String perFarm = "SELECT c.farm_id, CAST(SUM(c.active) AS SIGNED) AS servers" + query.fromWhere() + "\n GROUP BY c.farm_id";
        return jdbi.withHandle(h -> {
            List<FarmGroupRow> farms = query.bind(h.createQuery("""
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
                    .bind("top", UsageGroups.TOP).map(ConstructorMapper.of(FarmGroupRow.class)).list();
            if (farms.isEmpty()) {
                return new UsageGroups(List.of(), List.of(), 0, 0, 0);
            }
            // Per owner from the rollup rows (each joined to its farm), summed per owner and environment first: a
            // farm has one of each, so the farms add up, and whether the owner is in reach (else the group falls in
            // with farms without owner) is asked once per owner and environment.
            List<OwnerGroupRow> owners = query.bind(h.createQuery("""
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
                    .bind("top", UsageGroups.TOP).map(ConstructorMapper.of(OwnerGroupRow.class)).list();
            FarmGroupRow first = farms.get(0);
            return new UsageGroups(farms.stream().map(FarmGroupRow::group).toList(),
                    owners.stream().map(o -> new UsageGroups.OwnerGroup(o.ownerEmail(), o.farms(), o.servers())).toList(),
                    first.allServers(), first.allFarms(), owners.get(0).allOwners());
        });
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

    /** Whether the viewer may operate on the servers of an environment (the explorer's replace-servers hook). */
    public boolean canOperate(Viewer viewer, long envId) {
        return access.allows(viewer, ScopeRef.environment(envId), Role.OPERATOR);
    }

    public Freshness freshness(Viewer viewer, ScopeRef scope) {
        access.requireEnter(viewer, scope);
        return jdbi.withHandle(h -> {
            Counts counts = counts(h, scope);
            return new Freshness(new Freshness.Share(counts.total(), counts.fresh()), series(h, scope));
        });
    }

    /** The dashboard's figures: freshness, servers on deprecated / superseded images, stale farms, due images. */
    public FleetSummary summary(Viewer viewer, ScopeRef scope) {
        access.requireEnter(viewer, scope);
        Instant now = clock.instant();
        return jdbi.withHandle(h -> {
            // One pass over the scope's rollup: per-farm totals, cut to the top stale farms, carrying the scope's
            // totals (window sums over every farm) on each row.
            UsageQuery query = UsageQuery.countsIn(scope);
            List<FarmCounts> rows = query.bind(h.createQuery("""
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
                    .bind("top", TOP_FARMS).map(ConstructorMapper.of(FarmCounts.class)).list();
            Counts counts = rows.isEmpty() ? new Counts(0, 0, 0)
                    : new Counts(rows.get(0).allTotal(), rows.get(0).allFresh(), rows.get(0).allDeprecated());
            List<FleetSummary.StaleFarm> farms = rows.stream().filter(r -> r.stale() > 0)
                    .map(r -> new FleetSummary.StaleFarm(r.farmId(), r.farmName(), r.envId(), r.envName(), r.ownerEmail(),
                            r.stale()))
                    .toList();
            return new FleetSummary(new Freshness(new Freshness.Share(counts.total(), counts.fresh()), series(h, scope)),
                    counts.onDeprecated(), counts.total() - counts.fresh(), farms, deprecatingSoon(h, scope, now));
        });
    }

    /** One of the dashboard's top farms by stale servers, with the scope's totals. */
    record FarmCounts(long farmId, String farmName, long envId, String envName, String ownerEmail, long stale,
            long allTotal, long allFresh, long allDeprecated) {
    }

    record Counts(long total, long fresh, long onDeprecated) {
    }

    /** The scope's active servers, those on their role's current image, those on a deprecated one (rollup). */
    private static Counts counts(Handle h, ScopeRef scope) {
        UsageQuery query = UsageQuery.countsIn(scope);
        return query.bind(h.createQuery("SELECT CAST(COALESCE(SUM(c.active), 0) AS SIGNED) AS total,"
                        + " CAST(COALESCE(SUM(IF(" + UsageQuery.COUNT_FRESH + ", c.active, 0)), 0) AS SIGNED) AS fresh,"
                        + " CAST(COALESCE(SUM(IF(c.deprecated, c.active, 0)), 0) AS SIGNED) AS on_deprecated"
                        + query.fromWhere()))
                .map(ConstructorMapper.of(Counts.class)).one();
    }

    /** The daily snapshots of the last {@link #SERIES_DAYS} days; account and Global days are sums. */
    private List<Freshness.Day> series(Handle h, ScopeRef scope) {
        String where = switch (scope.level()) {
            case GLOBAL -> "TRUE";
            case ACCOUNT -> "account_id = :scopeId";
            case ENVIRONMENT -> "env_id = :scopeId";
        };
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        var query = h.createQuery("SELECT day, SUM(total) AS total, SUM(fresh) AS fresh FROM freshness_snapshots WHERE "
                        + where + " AND day > :from GROUP BY day ORDER BY day")
                .bind("from", today.minusDays(SERIES_DAYS));
        if (scope.level() != ScopeLevel.GLOBAL) {
            query.bind("scopeId", scope.id());
        }
        return query.map(ConstructorMapper.of(Freshness.Day.class)).list();
    }

    /** Images visible from the scope whose scheduled deprecation falls within {@link #DEPRECATING_SOON}. */
    private List<FleetSummary.DueImage> deprecatingSoon(Handle h, ScopeRef scope, Instant now) {
        ScopeChain chain = access.chain(scope);
        UsageQuery servers = UsageQuery.countsIn(scope);
        String sql = "SELECT img.id AS image_id, img.name, img.deprecation_due_at AS due,"
                + " (SELECT CAST(COALESCE(SUM(c.active), 0) AS SIGNED)" + servers.fromWhere()
                + "\n AND c.image_id = img.id) AS servers"
                + "\n FROM (SELECT id, name, deprecation_due_at FROM images WHERE deprecated = FALSE"
                + " AND deprecation_due_at >= :now AND deprecation_due_at < :soon AND " + chain.visibleCondition() + ") img"
                + "\n ORDER BY img.deprecation_due_at, img.name LIMIT 10";
        return chain.bind(servers.bind(h.createQuery(sql)))
                .bind("now", now).bind("soon", now.plus(DEPRECATING_SOON))
                .map(ConstructorMapper.of(FleetSummary.DueImage.class)).list();
    }

    /**
     * Writes today's snapshot of every environment from the rollup: one upsert, so running it again the same day only
     * refreshes the figures. Returns the number of environments written.
     */
    public int snapshot() {
        Instant now = clock.instant();
        return jdbi.withHandle(h -> {
            h.createUpdate("""
                    INSERT INTO freshness_snapshots (day, env_id, account_id, total, fresh, taken_at)
                    SELECT :day, env.id, env.account_id, COALESCE(n.total, 0), COALESCE(n.fresh, 0), :now
                    FROM environments env LEFT JOIN (
                      SELECT c.env_id, SUM(c.active) AS total, SUM(IF(""" + UsageQuery.COUNT_FRESH + ", c.active, 0)) AS fresh"
                    + UsageQuery.COUNT_FROM + "\n WHERE c.active > 0" + """

                      GROUP BY c.env_id) n ON n.env_id = env.id
                    ON DUPLICATE KEY UPDATE total = VALUES(total), fresh = VALUES(fresh), account_id = VALUES(account_id),
                      taken_at = VALUES(taken_at)""")
                    .bind("day", LocalDate.ofInstant(now, ZoneOffset.UTC)).bind("now", now).execute();
            return h.createQuery("SELECT COUNT(*) FROM environments").mapTo(Integer.class).one();
        });
    }
}
