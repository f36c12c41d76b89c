package imagehub.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.AppContext;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.replacement.Replacement;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.usage.Freshness;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo's past: what a first start seeds, and that seeding again creates nothing twice. */
class DemoDataTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    /** Every table the demo writes. */
    private static final List<String> TABLES = List.of("accounts", "environments", "users", "grants", "images", "roles",
            "role_images", "farms", "farm_roles", "servers", "sandbox_instances", "replacements", "replacement_changes",
            "audit_log", "freshness_snapshots", "farm_freshness_snapshots");

    private static Map<String, Long> rowCounts(AppContext ctx) {
        Map<String, Long> counts = new LinkedHashMap<>();
        ctx.jdbi.useHandle(h -> TABLES.forEach(table -> counts.put(table,
                h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one())));
        return counts;
    }

    @Test
    void seeding_twice_creates_nothing_twice() {
        AppContext ctx = app.context();
        Map<String, Long> before = rowCounts(ctx);
        new DemoData(ctx).seed();
        assertEquals(before, rowCounts(ctx));
    }

    @Test
    void the_demo_has_images_of_past_months_and_audit_entries_spread_over_them() {
        AppContext ctx = app.context();
        Instant now = Instant.now();
        ctx.jdbi.useHandle(h -> {
            Instant oldest = h.createQuery("SELECT MIN(created_at) FROM images").mapTo(Instant.class).one();
            assertTrue(oldest.isBefore(now.minus(Duration.ofDays(150))), "oldest image " + oldest);
            long ages = h.createQuery("SELECT COUNT(DISTINCT DATE(created_at)) FROM images").mapTo(Long.class).one();
            assertTrue(ages >= 6, ages + " image creation days");
            long auditDays = h.createQuery("SELECT COUNT(DISTINCT DATE(at)) FROM audit_log WHERE actor_email IS NULL"
                    + " OR actor_email <> :admin").bind("admin", TestApp.ADMIN).mapTo(Long.class).one();
            assertTrue(auditDays >= 20, auditDays + " days with audit entries");
            long terminated = h.createQuery("SELECT COUNT(*) FROM servers WHERE terminated_at IS NOT NULL")
                    .mapTo(Long.class).one();
            assertEquals(10, terminated, "servers replaced since the replacement three weeks ago");
            long recordsOfToday = h.createQuery("SELECT COUNT(*) FROM audit_log WHERE at < :yesterday"
                    + " AND (before_json LIKE :today OR after_json LIKE :today)")
                    .bind("yesterday", LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())
                    .bind("today", "%\"" + LocalDate.now(ZoneOffset.UTC) + "T%").mapTo(Long.class).one();
            assertEquals(0, recordsOfToday, "the before / after records of past entries carry the story's times");
            long registered = h.createQuery("SELECT COUNT(*) FROM audit_log WHERE action = 'image.register'"
                    + " AND object_name = 'ubuntu-22-04' AND after_json LIKE :storyTime")
                    .bind("storyTime", "%\"" + LocalDate.now(ZoneOffset.UTC).minusDays(150) + "T14:00:00Z\"%")
                    .mapTo(Long.class).one();
            assertEquals(2, registered, "Ubuntu 22.04 registered in both locations 150 days ago, its record says so");
        });
    }

    @Test
    void the_snapshots_tell_the_story_of_the_replacements() {
        AppContext ctx = app.context();
        Viewer admin = new People(ctx).viewer(TestApp.ADMIN);
        Freshness global = ctx.usage.freshness(admin, ScopeRef.GLOBAL);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertEquals(30, global.series().size());
        assertEquals(today.minusDays(29), global.series().get(0).day());
        assertEquals(new Freshness.Day(today.minusDays(22), 9, 9), day(global, today.minusDays(22)), "before");
        assertEquals(new Freshness.Day(today.minusDays(21), 9, 0), day(global, today.minusDays(21)),
                "the replacement three weeks ago");
        assertEquals(new Freshness.Day(today.minusDays(13), 9, 8), day(global, today.minusDays(13)), "servers replaced");
        assertEquals(6, day(global, today.minusDays(9)).fresh(), "the west replacement of acme");
        assertEquals(8, day(global, today.minusDays(8)).fresh(), "rolled back");
        assertEquals(new Freshness.Day(today, 9, 5), day(global, today));

        List<Freshness.Replaced> replaced = global.replacements();
        assertEquals(4, replaced.size(), replaced.toString());
        assertEquals(1, replaced.stream().filter(r -> r.rolledBackAt() != null).count());
        Replacement latest = ctx.replacements.page(admin, new People(ctx).account("acme"), 0, 1).items().get(0);
        assertEquals(today.minusDays(3), LocalDate.ofInstant(latest.createdAt(), ZoneOffset.UTC));
        assertFalse(latest.rolledBack(), "the latest can still be rolled back");
    }

    private static Freshness.Day day(Freshness freshness, LocalDate day) {
        return freshness.series().stream().filter(d -> d.day().equals(day)).findFirst().orElseThrow();
    }
}
