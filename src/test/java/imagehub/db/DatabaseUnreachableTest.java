package imagehub.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures mean "the database cannot be reached now" (a 503) and which are errors of their own. */
class DatabaseUnreachableTest {
    @Test
    void a_lost_or_refused_connection_and_the_pools_timeout_are_unreachable() {
        assertTrue(Database.unreachable(new SQLNonTransientConnectionException("socket closed", "08000")));
        assertTrue(Database.unreachable(new ConnectionException(
                new SQLTransientConnectionException("imagehub - Connection is not available, request timed out after 5000ms"))));
        assertTrue(Database.unreachable(new RuntimeException(new SQLException("refused", "08S01"))));
    }

    @Test
    void a_signal_from_a_trigger_or_any_other_sql_error_is_not() {
        // Connector/J reports SQLStates it does not know, such as a SIGNAL's 45000, as transient connection errors.
        assertFalse(Database.unreachable(new SQLTransientConnectionException("refused by a trigger", "45000")));
        assertFalse(Database.unreachable(new SQLException("Deadlock found", "40001", 1213)));
        assertFalse(Database.unreachable(new IllegalStateException("no SQL at all")));
    }
}
