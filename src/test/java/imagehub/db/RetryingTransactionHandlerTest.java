package imagehub.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.core.ConflictException;
import imagehub.support.TestDatabase;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transaction handler every write path runs through, against real MariaDB deadlocks and key clashes. */
class RetryingTransactionHandlerTest {
    private static Database database;
    private static Jdbi jdbi;

    @BeforeAll
    static void open() {
        database = Database.open(TestDatabase.freshDatabaseUrl(), "root", "");
        jdbi = database.jdbi();
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE pair (id INT PRIMARY KEY, n INT NOT NULL)");
            h.execute("INSERT INTO pair VALUES (1, 0), (2, 0)");
        });
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void the_victim_of_a_deadlock_runs_again_and_both_transactions_commit() throws Exception {
        CountDownLatch bothHoldOneRow = new CountDownLatch(2);
        AtomicInteger runs = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // Each locks one row, waits until the other holds its own, then wants the other's: one is a deadlock victim.
            List<Future<Integer>> done = List.of(1, 2).stream().map(first -> pool.submit(() -> jdbi.inTransaction(h -> {
                runs.incrementAndGet();
                h.execute("UPDATE pair SET n = n + 1 WHERE id = ?", first);
                bothHoldOneRow.countDown();
                bothHoldOneRow.await(10, TimeUnit.SECONDS);
                h.execute("UPDATE pair SET n = n + 1 WHERE id = ?", 3 - first);
                return first;
            }))).toList();
            for (Future<Integer> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3, runs.get(), "two transactions, one of them run a second time");
        assertEquals(List.of(2, 2), jdbi.withHandle(h -> h.createQuery("SELECT n FROM pair ORDER BY id").mapTo(Integer.class).list()),
                "each transaction counted once: the victim's first run was rolled back");
    }

    @Test
    void a_key_clash_left_by_a_concurrent_writer_is_a_409() {
        ConflictException clash = assertThrows(ConflictException.class,
                () -> jdbi.useTransaction(h -> h.execute("INSERT INTO pair VALUES (1, 5)")));
        assertEquals("UnicityViolation", clash.code());
        assertTrue(clash.getMessage().contains("nothing was changed"));
    }
}
