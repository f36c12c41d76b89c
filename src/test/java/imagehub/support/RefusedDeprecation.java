package imagehub.support;

import org.jdbi.v3.core.Jdbi;

/**
 * While open, MariaDB itself refuses to deprecate any row of a table (a trigger signals an error), so a
 * test can make the deprecating step of a multi-step change fail after the earlier steps succeeded.
 */
public final class RefusedDeprecation implements AutoCloseable {
    private final Jdbi jdbi;
    private final String trigger;

    private RefusedDeprecation(Jdbi jdbi, String table) {
        this.jdbi = jdbi;
        this.trigger = "refuse_deprecating_" + table;
        jdbi.useHandle(h -> h.execute("CREATE TRIGGER " + trigger + " BEFORE UPDATE ON " + table + " FOR EACH ROW"
                + " BEGIN IF NEW.deprecated AND NOT OLD.deprecated THEN"
                + " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'deprecation refused by the test'; END IF; END"));
    }

    /** Refuses deprecations in {@code table} (a table with a {@code deprecated} column) until closed. */
    public static RefusedDeprecation in(Jdbi jdbi, String table) {
        return new RefusedDeprecation(jdbi, table);
    }

    @Override
    public void close() {
        jdbi.useHandle(h -> h.execute("DROP TRIGGER " + trigger));
    }
}
