package imagehub.usage;

import imagehub.access.Access;
import imagehub.core.ScopeRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Builds the explorer's FROM and WHERE for one scope and filter: fixed SQL fragments, every value bound.
 * The joins are LEFT JOINs on unique keys, so MariaDB's table elimination drops those a query does not
 * read (a count of one image's servers touches only {@code servers}).
 */
final class UsageQuery {
    static final String ACTIVE = "s.status IN (<SERVER_ACTIVE>)";
    /** On its role's current image for the server's platform and location. */
    static final String FRESH = "(ri.image_id IS NOT NULL AND ri.image_id = s.image_id)";
    /**
     * What the conditions may read. No join to {@code users}: one hanging off {@code farms} keeps MariaDB from
     * eliminating the farms join too (it does not eliminate nested joins), which cost a farm lookup per rollup row
     * of every Global count; the owner filter asks for the owner's id instead.
     */
    private static final String FILTER_JOINS = "\n" + """
            LEFT JOIN farm_roles fr ON fr.id = s.farm_role_id
            LEFT JOIN farms f ON f.id = s.farm_id
            LEFT JOIN environments e ON e.id = s.env_id
            LEFT JOIN images i ON i.id = s.image_id
            LEFT JOIN role_images ri ON ri.role_id = fr.role_id AND ri.platform = s.platform
              AND ri.cloud_location = s.cloud_location
            LEFT JOIN images ci ON ci.id = ri.image_id""";
    /** What {@link #ROW_COLUMNS} read: the filter's joins and the farm's owner. */
    static final String JOINS = FILTER_JOINS + "\nLEFT JOIN users u ON u.id = f.owner_id";
    static final String FROM = "\nFROM servers s" + JOINS;
    /**
     * The farm {@code f}'s owner holds a grant covering the farm's environment (as farms require of a new
     * owner). Only such an owner is shown or matched: one who has lost that grant, or was set before the rule,
     * may be a user of another account, whose email the viewers of this farm must not learn.
     */
    static final String OWNER_IN_REACH = Access.coversEnvironmentSql("f.owner_id", "f.account_id", "f.env_id");
    /** The owner's email where {@link #OWNER_IN_REACH}, else null (as for a farm without owner). */
    static final String OWNER_EMAIL = "IF(" + OWNER_IN_REACH + ", u.email, NULL)";
    static final String ROW_COLUMNS = """
            SELECT s.id AS server_id, s.cloud_instance_id AS instance_id, s.farm_id, f.name AS farm_name,
              fr.alias AS farm_role_alias, s.env_id, e.name AS env_name, %s AS owner_email, s.image_id,
              i.name AS image_name, i.created_at AS image_created_at, i.deprecated, NOT %s AS superseded,
              ci.name AS current_image_name, s.launched_at""".formatted(OWNER_EMAIL, FRESH);

    /**
     * The rollup of active servers per (farm role, image, platform, location) with the state of the image, kept
     * by triggers (migrations V21, V22): the counts read these few thousand rows instead of the servers, and
     * join only what a filter asks for (an owner, an image's age).
     */
    static final String COUNT_JOINS = "\n" + """
            LEFT JOIN farms f ON f.id = c.farm_id
            LEFT JOIN images i ON i.id = c.image_id""";
    static final String COUNT_FROM = "\nFROM server_image_counts c" + COUNT_JOINS;
    /** A rollup row on its role's current image. */
    static final String COUNT_FRESH = "c.fresh";

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final String from;

    private UsageQuery(String from) {
        this.from = from;
    }

    /** Active servers of {@code scope} that match {@code filter}; "older than" counts from {@code now}. */
    static UsageQuery of(ScopeRef scope, UsageFilter filter, Instant now) {
        return of(scope, filter, now, false);
    }

    /** The rollup rows (with their {@code c.active} servers) of the active servers of {@code scope}. */
    static UsageQuery countsIn(ScopeRef scope) {
        return in(scope, true);
    }

    /** The rollup rows of the active servers of {@code scope} that match {@code filter}. */
    static UsageQuery countsOf(ScopeRef scope, UsageFilter filter, Instant now) {
        return of(scope, filter, now, true);
    }

    private static UsageQuery in(ScopeRef scope, boolean rollup) {
        UsageQuery query = new UsageQuery(rollup ? COUNT_FROM : "\nFROM servers s" + FILTER_JOINS);
        String t = rollup ? "c" : "s";
        query.conditions.add(rollup ? "c.active > 0" : ACTIVE);
        switch (scope.level()) {
            case GLOBAL -> {
            }
            case ACCOUNT -> query.where(t + ".account_id = :scopeAccount", "scopeAccount", scope.id());
            case ENVIRONMENT -> query.where(t + ".env_id = :scopeEnv", "scopeEnv", scope.id());
        }
        return query;
    }

    private static UsageQuery of(ScopeRef scope, UsageFilter filter, Instant now, boolean rollup) {
        UsageQuery query = in(scope, rollup);
        String t = rollup ? "c" : "s";
        switch (filter.imageState()) {
            case ANY -> {
            }
            case DEPRECATED -> query.conditions.add(rollup ? "c.deprecated" : "i.deprecated = TRUE");
            case SUPERSEDED -> query.conditions.add("NOT " + (rollup ? COUNT_FRESH : FRESH));
        }
        if (filter.olderThanDays() != null) {
            query.where("i.created_at < :createdBefore", "createdBefore", now.minus(Duration.ofDays(filter.olderThanDays())));
        }
        if (filter.imageId() != null) {
            query.where(t + ".image_id = :imageId", "imageId", filter.imageId());
        }
        if (filter.farmId() != null) {
            query.where(t + ".farm_id = :farmId", "farmId", filter.farmId());
        }
        if (filter.envId() != null) {
            query.where(t + ".env_id = :envId", "envId", filter.envId());
        }
        if (filter.owner() != null) {
            query.where("f.owner_id = (SELECT ou.id FROM users ou WHERE ou.email = :owner) AND " + OWNER_IN_REACH,
                    "owner", filter.owner());
        }
        return query;
    }

    private void where(String condition, String name, Object value) {
        conditions.add(condition);
        params.put(name, value);
    }

    /** {@code FROM … WHERE …} of this query. */
    String fromWhere() {
        return from + where();
    }

    /** {@code FROM … WHERE …} of this (server) query with what {@link #ROW_COLUMNS} read. */
    String rowsFromWhere() {
        return FROM + where();
    }

    private String where() {
        return "\n WHERE " + String.join("\n AND ", conditions);
    }

    /**
     * One page of rows: the page's server ids first, from the filter's tables only (an index walk), then
     * the columns of just those servers, so a page never joins every matching server.
     */
    String pageSql() {
        return ROW_COLUMNS + "\nFROM (SELECT s.id" + fromWhere() + "\n ORDER BY s.id LIMIT :limit OFFSET :offset) page"
                + "\nJOIN servers s ON s.id = page.id" + JOINS + "\nORDER BY s.id";
    }

    /** How many active servers match, for a rollup query. */
    String sumSql() {
        return "SELECT CAST(COALESCE(SUM(c.active), 0) AS SIGNED)" + fromWhere();
    }

    /**
     * The ids of the matching active servers with ids in {@code (:after, :upTo]}, in id order, for a rollup query:
     * each server of the id range (primary key) looks up its rollup row, whose state the conditions check.
     */
    String walkSql() {
        return "SELECT STRAIGHT_JOIN s.id FROM servers s FORCE INDEX (PRIMARY)"
                + "\n JOIN server_image_counts c ON c.farm_role_id = s.farm_role_id AND c.image_id = s.image_id"
                + " AND c.platform = s.platform AND c.cloud_location = s.cloud_location" + COUNT_JOINS
                + "\n WHERE s.id > :after AND s.id <= :upTo AND " + ACTIVE + "\n AND " + String.join("\n AND ", conditions)
                + "\n ORDER BY s.id";
    }

    <S extends SqlStatement<S>> S bind(S statement) {
        return statement.bindMap(params);
    }
}
