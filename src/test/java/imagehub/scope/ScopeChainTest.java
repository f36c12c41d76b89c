package imagehub.scope;

import imagehub.core.ScopeRef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.db.DatabaseLogin;
import imagehub.support.TestDatabase;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToCreateStatementException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chain of each scope level: which scopes it sees, the SQL conditions it produces, and, run on MariaDB
 * over rows at every level, which rows those conditions select with exactly the parameters it binds.
 */
class ScopeChainTest {
    private static final ScopeChain GLOBAL = new ScopeChain(ScopeRef.GLOBAL, null);
    private static final ScopeChain ACCOUNT_1 = new ScopeChain(ScopeRef.account(1), 1L);
    private static final ScopeChain ENV_10 = new ScopeChain(ScopeRef.environment(10), 1L);

    private static Jdbi jdbi;

    @BeforeAll
    static void rowsAtEveryLevel() {
        DatabaseLogin login = TestDatabase.freshDatabase();
        jdbi = Jdbi.create(login.url(), login.user(), login.password());
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE objects (name VARCHAR(20) PRIMARY KEY, scope_level VARCHAR(20) NOT NULL,"
                    + " scope_id BIGINT NOT NULL, account_id BIGINT NULL)");
            h.execute("INSERT INTO objects VALUES ('global', 'GLOBAL', 0, NULL), ('acct1', 'ACCOUNT', 1, 1),"
                    + " ('acct2', 'ACCOUNT', 2, 2), ('env10', 'ENVIRONMENT', 10, 1), ('env11', 'ENVIRONMENT', 11, 1),"
                    + " ('env20', 'ENVIRONMENT', 20, 2)");
        });
    }

    /** The names of the rows {@code condition} selects, with the parameters {@code chain} binds. */
    private static Set<String> select(ScopeChain chain, String condition) {
        return jdbi.withHandle(h -> new TreeSet<>(chain.bind(h.createQuery("SELECT name FROM objects WHERE " + condition))
                .mapTo(String.class).list()));
    }

    private static Set<String> names(String... names) {
        return new TreeSet<>(List.of(names));
    }

    @Test
    void an_account_is_known_exactly_for_account_and_environment_scopes() {
        assertThrows(IllegalArgumentException.class, () -> new ScopeChain(ScopeRef.GLOBAL, 1L));
        assertThrows(IllegalArgumentException.class, () -> new ScopeChain(ScopeRef.account(1), null));
        assertThrows(IllegalArgumentException.class, () -> new ScopeChain(ScopeRef.environment(10), null));
    }

    @Test
    void each_level_sees_global_its_account_and_itself_widest_first() {
        assertEquals(List.of(ScopeRef.GLOBAL), GLOBAL.scopes());
        assertEquals(List.of(ScopeRef.GLOBAL, ScopeRef.account(1)), ACCOUNT_1.scopes());
        assertEquals(List.of(ScopeRef.GLOBAL, ScopeRef.account(1), ScopeRef.environment(10)), ENV_10.scopes());
        assertTrue(ENV_10.sees(ScopeRef.account(1)));
        assertFalse(ENV_10.sees(ScopeRef.account(2)));
        assertFalse(ENV_10.sees(ScopeRef.environment(11)), "a sibling environment is not on the chain");
        assertFalse(ACCOUNT_1.sees(ScopeRef.environment(10)), "an environment is below its account, not above it");
        assertFalse(GLOBAL.sees(ScopeRef.account(1)));
    }

    @Test
    void the_sql_of_each_level_names_only_the_parameters_it_binds() {
        assertEquals("scope_level = 'GLOBAL'", GLOBAL.visibleCondition());
        assertEquals("TRUE", GLOBAL.overlapCondition());
        assertEquals("TRUE", GLOBAL.withinCondition());

        assertEquals("(scope_level = 'GLOBAL' OR (scope_level = 'ACCOUNT' AND scope_id = :chainAccount))",
                ACCOUNT_1.visibleCondition());
        assertEquals("(scope_level = 'GLOBAL' OR account_id = :chainAccount)", ACCOUNT_1.overlapCondition());
        assertEquals("account_id = :chainAccount", ACCOUNT_1.withinCondition());

        assertEquals("(scope_level = 'GLOBAL' OR (scope_level = 'ACCOUNT' AND scope_id = :chainAccount)"
                + " OR (scope_level = 'ENVIRONMENT' AND scope_id = :chainEnv))", ENV_10.visibleCondition());
        assertEquals(ENV_10.visibleCondition(), ENV_10.overlapCondition());
        assertEquals("(scope_level = 'ENVIRONMENT' AND scope_id = :chainEnv)", ENV_10.withinCondition());
    }

    @Test
    void global_sees_only_global_rows_and_overlaps_and_holds_every_row() {
        Set<String> all = names("global", "acct1", "acct2", "env10", "env11", "env20");
        assertEquals(names("global"), select(GLOBAL, GLOBAL.visibleCondition()));
        assertEquals(all, select(GLOBAL, GLOBAL.overlapCondition()));
        assertEquals(all, select(GLOBAL, GLOBAL.withinCondition()));
    }

    @Test
    void an_account_sees_global_and_itself_and_holds_its_environments() {
        assertEquals(names("global", "acct1"), select(ACCOUNT_1, ACCOUNT_1.visibleCondition()));
        assertEquals(names("global", "acct1", "env10", "env11"), select(ACCOUNT_1, ACCOUNT_1.overlapCondition()));
        assertEquals(names("acct1", "env10", "env11"), select(ACCOUNT_1, ACCOUNT_1.withinCondition()));
    }

    @Test
    void an_environment_sees_global_its_account_and_itself_but_no_sibling() {
        assertEquals(names("global", "acct1", "env10"), select(ENV_10, ENV_10.visibleCondition()));
        assertEquals(names("global", "acct1", "env10"), select(ENV_10, ENV_10.overlapCondition()));
        assertEquals(names("env10"), select(ENV_10, ENV_10.withinCondition()));
    }

    @Test
    void each_level_binds_exactly_the_parameters_its_sql_names_and_a_missing_one_fails() {
        assertEquals(Set.of(), boundNames(GLOBAL));
        assertEquals(Set.of("chainAccount"), boundNames(ACCOUNT_1));
        assertEquals(Set.of("chainAccount", "chainEnv"), boundNames(ENV_10));
        assertThrows(UnableToCreateStatementException.class, () -> select(GLOBAL, ACCOUNT_1.visibleCondition()),
                "SQL of an account run with Global's binds fails rather than matching nothing");
    }

    private static Set<String> boundNames(ScopeChain chain) {
        return jdbi.withHandle(h -> Set.copyOf(chain.bind(h.createQuery("SELECT 1")).getContext().getBinding().getNames()));
    }
}
