package imagehub.db;

import imagehub.core.ConflictException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.SerializableTransactionRunner;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a transaction again when MariaDB picked it as a deadlock victim (error 1213, SQLState 40001: InnoDB has
 * rolled the whole transaction back, so running the callback again is safe), a few times with a short random
 * pause. What still fails on contention becomes a 409 {@link ConflictException} instead of a raw SQL error: a
 * deadlock after the last retry, a lock wait timeout (1205, which rolls back only the statement and has waited
 * long already), and a unique or foreign key violation left by a concurrent writer that a check could not see.
 * Callbacks must therefore keep their side effects inside the database (the sandbox cloud does; its calls join
 * the caller's handle).
 */
final class RetryingTransactionHandler extends SerializableTransactionRunner {
    static final int MAX_RETRIES = 6;
    private static final Logger log = LoggerFactory.getLogger(RetryingTransactionHandler.class);
    private static final int DEADLOCK = 1213;
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final int DUPLICATE_KEY = 1062;
    private static final int PARENT_ROW_IN_USE = 1451;
    private static final int PARENT_ROW_MISSING = 1452;

    private final TableWrites writes;

    RetryingTransactionHandler(TableWrites writes) {
        super();
        this.writes = writes;
    }

    private RetryingTransactionHandler(TransactionHandler delegate, TableWrites writes) {
        super(delegate);
        this.writes = writes;
    }

    /** Configures {@code config} to retry deadlock victims, pausing a little longer after each failure. */
    static void configure(SerializableTransactionRunner.Configuration config) {
        config.setSerializationFailureSqlState("40001").setMaxRetries(MAX_RETRIES).setOnFailure(RetryingTransactionHandler::pause);
    }

    /** Each handle gets its own copy; the base class would hand out a plain runner here and lose the translation. */
    @Override
    public TransactionHandler specialize(Handle handle) throws SQLException {
        return new RetryingTransactionHandler(getDelegate().specialize(handle), writes);
    }

    /**
     * Only outermost transactions come here ({@link Handle#inTransaction} runs a nested one inside its caller's),
     * so a deadlock, which rolls back all of the outer work, runs the whole of it again.
     */
    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
        try {
            return super.inTransaction(handle, callback);
        } catch (RuntimeException e) {
            throw translate(e);
        } finally {
            writes.transactionEnded();
        }
    }

    /** {@code e} as a 409 when it is a contention or integrity failure of the database, else {@code e} itself. */
    static RuntimeException translate(RuntimeException e) {
        SQLException sql = sqlCause(e);
        if (sql == null) {
            return e;
        }
        return switch (sql.getErrorCode()) {
            case DEADLOCK, LOCK_WAIT_TIMEOUT -> new ConflictException("ConcurrentChange", "",
                    "Other changes to the same data kept this one waiting; nothing was changed, please try again");
            case DUPLICATE_KEY -> ConflictException.unicity("",
                    "Something with the same name or key was created at the same time; nothing was changed");
            case PARENT_ROW_IN_USE -> ConflictException.inUse("It is still referenced elsewhere; nothing was changed");
            case PARENT_ROW_MISSING -> new ConflictException("ConcurrentChange", "",
                    "Something it refers to was removed at the same time; nothing was changed");
            default -> e;
        };
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static void pause(List<Exception> failures) {
        log.debug("Deadlock victim, running the transaction again (attempt {})", failures.size() + 1);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * failures.size() + 10));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
