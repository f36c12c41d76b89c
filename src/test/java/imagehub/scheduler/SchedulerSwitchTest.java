package imagehub.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.Config;
import imagehub.support.TestApp;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code IMAGEHUB_SCHEDULER=false} starts a node that runs no background work. */
class SchedulerSwitchTest {
    @RegisterExtension
    static final TestApp withScheduler = new TestApp();

    @RegisterExtension
    static final TestApp withoutScheduler = new TestApp().withoutScheduler();

    @Test
    void the_scheduler_is_on_unless_switched_off() {
        assertTrue(Config.from(Map.of()).scheduler());
        assertTrue(Config.from(Map.of("IMAGEHUB_SCHEDULER", "true")).scheduler());
        assertFalse(Config.from(Map.of("IMAGEHUB_SCHEDULER", "false")).scheduler());
        Config.ConfigException bad = assertThrows(Config.ConfigException.class,
                () -> Config.from(Map.of("IMAGEHUB_SCHEDULER", "sometimes")));
        assertTrue(bad.getMessage().contains("IMAGEHUB_SCHEDULER"), bad.getMessage());
    }

    @Test
    void a_node_without_scheduler_schedules_no_recurring_work() {
        assertTrue(recurringTasks(withScheduler) > 0, "the default node schedules its recurring tasks");
        assertEquals(0, recurringTasks(withoutScheduler));
    }

    private static int recurringTasks(TestApp app) {
        return app.context().jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM scheduled_tasks")
                .mapTo(Integer.class).one());
    }
}
