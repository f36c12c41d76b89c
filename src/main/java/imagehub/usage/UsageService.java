package imagehub.usage;

import imagehub.access.Access;
import imagehub.access.AccessLevel;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

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
            UsageDao dao = h.attach(UsageDao.class);
            long total = dao.count(counts);
            return new UsageList(pageRows(dao, scope, filter, now, pageNum, pageSize, total), total, pageNum, pageSize);
        });
    }

    /** One page of matching servers without counting them. */
    public List<UsageRow> rows(Viewer viewer, ScopeRef scope, UsageFilter filter, int pageNum, int pageSize) {
        access.requireEnter(viewer, scope);
        Instant now = clock.instant();
        // One transaction, one snapshot: the rollup and the servers agree (the triggers write both together).
        return jdbi.inTransaction(h -> pageRows(h.attach(UsageDao.class), scope, filter, now, pageNum, pageSize, null));
    }

    /**
     * What the explorer page shows: the groups, one page of rows and the environments whose farms the viewer may
     * operate on (its replace-servers hooks).
     */
    public record Explorer(UsageGroups groups, List<UsageRow> rows, Set<Long> operableEnvs) {
    }

    /**
     * {@link #groups} and {@link #rows} in one transaction (one snapshot, so the total and the rows agree, and a
     * deprecated page walks from the groups' total instead of counting again), with the rights asked once.
     */
    public Explorer explorer(Viewer viewer, ScopeRef scope, UsageFilter filter, int pageNum, int pageSize) {
        access.requireEnter(viewer, scope);
        // A grant covers every environment below its scope, and whoever enters Global or an account holds an admin
        // grant there (only environments have operators and read-only users): the answer at the scope is the
        // answer for the environment of every farm listed.
        boolean operates = access.allows(viewer, scope, AccessLevel.OPERATOR);
        Instant now = clock.instant();
        UsageQuery counts = UsageQuery.countsOf(scope, filter, now);
        return jdbi.inTransaction(h -> {
            UsageDao dao = h.attach(UsageDao.class);
            UsageGroups groups = groups(dao, counts);
            List<UsageRow> rows = pageRows(dao, scope, filter, now, pageNum, pageSize, groups.total());
            Set<Long> operable = operates
                    ? groups.farms().stream().map(UsageGroups.FarmGroup::envId).collect(Collectors.toSet()) : Set.of();
            return new Explorer(groups, rows, operable);
        });
    }

    /**
     * A deprecated page goes through the rollup when that walks few servers; any other page by the index query.
     * {@code total} is how many servers match, when the caller has counted them already (else null).
     */
    private static List<UsageRow> pageRows(UsageDao dao, ScopeRef scope, UsageFilter filter, Instant now, int pageNum,
            int pageSize, Long total) {
        UsageQuery query = UsageQuery.of(scope, filter, now);
        if (filter.imageState() != ImageState.DEPRECATED) {
            return rows(dao, query, pageNum, pageSize);
        }
        return rowsFromRollup(dao, UsageQuery.countsOf(scope, filter, now), pageNum, pageSize, total)
                .orElseGet(() -> rows(dao, query, pageNum, pageSize));
    }

    private static List<UsageRow> rows(UsageDao dao, UsageQuery query, int pageNum, int pageSize) {
        int size = Math.max(1, Math.min(MAX_PAGE_SIZE, pageSize));
        return dao.page(query, size, (long) (Math.max(1, pageNum) - 1) * size);
    }

    /**
     * One page of rows through the rollup: how many servers match comes from {@code server_image_counts}; the
     * servers are then walked in id order, a window of ids at a time, each joined to its rollup row (one primary
     * key lookup) so the filter is checked on the row's state, until the page is full. Empty when the walk would
     * read more than {@link #SCAN_BUDGET} servers (a narrow or deep page): the index query does it then.
     */
    private static Optional<List<UsageRow>> rowsFromRollup(UsageDao dao, UsageQuery counts, int pageNum, int pageSize,
            Long total) {
        int size = Math.max(1, Math.min(MAX_PAGE_SIZE, pageSize));
        long offset = (long) (Math.max(1, pageNum) - 1) * size;
        long matching = total != null ? total : dao.count(counts);
        if (matching <= offset) {
            return Optional.of(List.of());
        }
        long maxId = dao.maxServerId();
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
            for (long id : dao.walk(counts, after, after + window)) {
                if (skipped < offset) {
                    skipped++;
                } else if (ids.size() < size) {
                    ids.add(id);
                }
            }
        }
        return Optional.of(ids.isEmpty() ? List.of() : dao.rowsOf(ids));
    }

    /**
     * Every matching server, in the order of the list, handed to {@code sink} one by one as the database
     * streams them: the export never holds more than one fetch of rows.
     */
    public void export(Viewer viewer, ScopeRef scope, UsageFilter filter, Consumer<UsageRow> sink) {
        access.requireEnter(viewer, scope);
        UsageQuery query = UsageQuery.of(scope, filter, clock.instant());
        jdbi.useExtension(UsageDao.class, dao -> dao.export(query, EXPORT_FETCH_SIZE, sink));
    }

    /**
     * Matching servers per farm (most first) and per owner, each cut in SQL to the top {@link UsageGroups#TOP};
     * window sums carry the total and the number of groups on every row. Counted from the per (farm role, image)
     * rollup, not from the servers.
     */
    public UsageGroups groups(Viewer viewer, ScopeRef scope, UsageFilter filter) {
        access.requireEnter(viewer, scope);
        UsageQuery query = UsageQuery.countsOf(scope, filter, clock.instant());
        return jdbi.withHandle(h -> groups(h.attach(UsageDao.class), query));
    }

    private static UsageGroups groups(UsageDao dao, UsageQuery query) {
        List<UsageDao.FarmGroupRow> farms = dao.farmGroups(query, UsageGroups.TOP);
        if (farms.isEmpty()) {
            return new UsageGroups(List.of(), List.of(), 0, 0, 0);
        }
        List<UsageDao.OwnerGroupRow> owners = dao.ownerGroups(query, UsageGroups.TOP);
        UsageDao.FarmGroupRow first = farms.get(0);
        return new UsageGroups(farms.stream().map(UsageDao.FarmGroupRow::group).toList(),
                owners.stream().map(o -> new UsageGroups.OwnerGroup(o.ownerEmail(), o.farms(), o.servers())).toList(),
                first.allServers(), first.allFarms(), owners.get(0).allOwners());
    }

    public Freshness freshness(Viewer viewer, ScopeRef scope) {
        access.requireEnter(viewer, scope);
        return jdbi.withHandle(h -> {
            UsageDao dao = h.attach(UsageDao.class);
            UsageDao.Counts counts = dao.counts(UsageQuery.countsIn(scope));
            return new Freshness(new Freshness.Share(counts.total(), counts.fresh()), series(dao, scope),
                    replacements(dao, scope));
        });
    }

    /**
     * The freshness of one farm of environment {@code env}: now, its daily snapshots and the replacements that changed
     * its roles. The caller has found the farm in reach (a farm outside it answers 404 before this); the environment
     * is asked again here, and the farm is read only within it.
     */
    public Freshness farmFreshness(Viewer viewer, ScopeRef env, long farmId) {
        access.requireEnter(viewer, env);
        UsageQuery query = UsageQuery.countsOf(env, UsageFilter.none().withFarm(farmId), clock.instant());
        return jdbi.inTransaction(h -> {
            UsageDao dao = h.attach(UsageDao.class);
            UsageDao.Counts counts = dao.counts(query);
            return new Freshness(new Freshness.Share(counts.total(), counts.fresh()),
                    dao.farmSeries(env.id(), farmId, seriesFrom()),
                    dao.replacedSince("f.id = :farmId AND f.env_id = :envId", Map.of("farmId", farmId, "envId", env.id()),
                            seriesStart()));
        });
    }

    /** The dashboard's figures: freshness, servers on deprecated / superseded images, stale farms, due images. */
    public FleetSummary summary(Viewer viewer, ScopeRef scope) {
        access.requireEnter(viewer, scope);
        Instant now = clock.instant();
        return jdbi.withHandle(h -> {
            UsageDao dao = h.attach(UsageDao.class);
            UsageQuery query = UsageQuery.countsIn(scope);
            List<UsageDao.FarmCounts> rows = dao.staleFarms(query, TOP_FARMS);
            UsageDao.Counts counts = rows.isEmpty() ? new UsageDao.Counts(0, 0, 0)
                    : new UsageDao.Counts(rows.get(0).allTotal(), rows.get(0).allFresh(), rows.get(0).allDeprecated());
            List<FleetSummary.StaleFarm> farms = rows.stream().filter(r -> r.stale() > 0)
                    .map(r -> new FleetSummary.StaleFarm(r.farmId(), r.farmName(), r.envId(), r.envName(), r.ownerEmail(),
                            r.stale()))
                    .toList();
            // Images visible from the scope whose scheduled deprecation falls within DEPRECATING_SOON.
            List<FleetSummary.DueImage> due = dao.deprecatingBetween(access.chain(scope), query, now,
                    now.plus(DEPRECATING_SOON));
            return new FleetSummary(new Freshness(new Freshness.Share(counts.total(), counts.fresh()), series(dao, scope),
                    replacements(dao, scope)),
                    counts.onDeprecated(), counts.total() - counts.fresh(), farms, due);
        });
    }

    /** The daily snapshots of the last {@link #SERIES_DAYS} days; account and Global days are sums. */
    private List<Freshness.Day> series(UsageDao dao, ScopeRef scope) {
        return dao.series(scope, seriesFrom());
    }

    /** The replacements of the series' days that switched a role of a farm of {@code scope}. */
    private List<Freshness.Replaced> replacements(UsageDao dao, ScopeRef scope) {
        return switch (scope.level()) {
            case GLOBAL -> dao.replacedSince("TRUE", Map.of(), seriesStart());
            case ACCOUNT -> dao.replacedSince("f.account_id = :scopeId", Map.of("scopeId", scope.id()), seriesStart());
            case ENVIRONMENT -> dao.replacedSince("f.env_id = :scopeId", Map.of("scopeId", scope.id()), seriesStart());
        };
    }

    /** The day before the series' first day (series read the days after it). */
    private LocalDate seriesFrom() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(SERIES_DAYS);
    }

    /** The start of the series' first day. */
    private Instant seriesStart() {
        return seriesFrom().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * Writes today's snapshot of every environment and every farm from the rollup: upserts in one transaction, so
     * running it again the same day only refreshes the figures. Returns the number of environments written.
     */
    public int snapshot() {
        Instant now = clock.instant();
        return snapshot(LocalDate.ofInstant(now, ZoneOffset.UTC), now);
    }

    /**
     * Writes the snapshot of {@code day} from the fleet as it is now, taken at {@code takenAt}: what the job does for
     * today, and what the demo does for each day of the history it plays.
     */
    public int snapshot(LocalDate day, Instant takenAt) {
        return jdbi.inTransaction(h -> {
            UsageDao dao = h.attach(UsageDao.class);
            dao.snapshot(day, takenAt);
            return dao.environmentCount();
        });
    }
}
