package imagehub.db;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Counts the writes this node makes to some tables, so a figure derived from them (the image list's total) can be
 * kept until the table changes. Every statement run through JDBI passes here: an INSERT, UPDATE, DELETE or REPLACE
 * of a watched table moves its version on at once and, inside a transaction, again when the transaction ends (see
 * {@link RetryingTransactionHandler}), so a figure read while the change was still uncommitted is not kept either.
 * Writes by other nodes are not seen: what keeps a figure must also let it expire.
 */
public final class TableWrites implements SqlLogger {
    private static final Pattern WRITE = Pattern.compile(
            "^\\s*(?:INSERT(?:\\s+IGNORE)?\\s+INTO|REPLACE\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+`?(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final ThreadLocal<Boolean> UNCOMMITTED = new ThreadLocal<>();

    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

    public TableWrites(String... tables) {
        for (String table : tables) {
            versions.put(table.toLowerCase(Locale.ROOT), new AtomicLong());
        }
    }

    /** The version of {@code table}: it moves on with every write this node makes to it. */
    public long version(String table) {
        return versions.get(table).get();
    }

    @Override
    public void logAfterExecution(StatementContext context) {
        Matcher write = WRITE.matcher(context.getRawSql());
        AtomicLong version = write.find() ? versions.get(write.group(1).toLowerCase(Locale.ROOT)) : null;
        if (version == null) {
            return;
        }
        version.incrementAndGet();
        try {
            if (!context.getConnection().getAutoCommit()) {
                UNCOMMITTED.set(Boolean.TRUE);
            }
        } catch (SQLException e) {
            UNCOMMITTED.set(Boolean.TRUE);
        }
    }

    /** Called when a transaction of this thread has ended, committed or not. */
    void transactionEnded() {
        if (UNCOMMITTED.get() != null) {
            UNCOMMITTED.remove();
            versions.values().forEach(AtomicLong::incrementAndGet);
        }
    }
}
