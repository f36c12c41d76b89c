package imagehub.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.AppContext;
import imagehub.image.Image;
import imagehub.role.Role;
import imagehub.support.Fixtures;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fleet freshness: now, after a role image replace, the daily snapshots and the dashboard. */
class FreshnessTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    private static AppContext ctx;
    private static UsageSeed seed;

    @BeforeAll
    static void seed() {
        ctx = app.context();
        seed = new UsageSeed(ctx);
    }

    @Test
    void freshness_counts_servers_on_their_roles_current_image_and_drops_after_a_replace() {
        Freshness.Share before = ctx.usage.freshness(seed.alice, seed.acme).now();
        assertEquals(new Freshness.Share(5, 2), before, "3 superseded, 2 deprecated but current");
        assertEquals(new Freshness.Share(6, 3), ctx.usage.freshness(seed.admin, imagehub.core.ScopeRef.GLOBAL).now());

        Fixtures fixtures = new Fixtures(ctx);
        Image first = fixtures.ubuntu(seed.alice, seed.acmeDev, Fixtures.WEST);
        Image second = fixtures.ubuntu(seed.alice, seed.acmeDev, Fixtures.WEST);
        Role role = fixtures.roleUsing(seed.alice, seed.acmeDev, first);
        UsageSeed.farm(ctx, seed.bob, seed.acmeDev, role, Fixtures.WEST, 4, null);
        ctx.scaler.runOnce();
        assertEquals(new Freshness.Share(9, 6), ctx.usage.freshness(seed.alice, seed.acme).now());

        ctx.roleImages.replaceImage(seed.alice, seed.acmeDev, role.id(), first.id(), second.id());
        Freshness.Share after = ctx.usage.freshness(seed.alice, seed.acmeDev).now();
        assertEquals(new Freshness.Share(9, 2), after);
        assertEquals("22.2 %", after.percent());

        FleetSummary summary = ctx.usage.summary(seed.alice, seed.acme);
        assertEquals(2, summary.onDeprecated());
        assertEquals(7, summary.onSuperseded());
        assertEquals(List.of(4L, 3L), summary.topStaleFarms().stream().map(FleetSummary.StaleFarm::stale).toList());
    }

    @Test
    void the_snapshot_is_an_idempotent_upsert_per_environment_and_day() {
        int environments = ctx.usage.snapshot();
        ctx.usage.snapshot();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        int rows = ctx.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM freshness_snapshots WHERE day = :day")
                .bind("day", today).mapTo(Integer.class).one());
        assertEquals(environments, rows);
        Freshness acme = ctx.usage.freshness(seed.alice, seed.acme);
        Freshness.Day last = acme.series().get(acme.series().size() - 1);
        assertEquals(today, last.day());
        assertEquals(acme.now().total(), last.total(), "the account's day is the sum of its environments");
        assertEquals(acme.now().fresh(), last.fresh());
        List<Freshness.Day> globex = ctx.usage.freshness(seed.carol, seed.globexProd).series();
        assertEquals(new Freshness.Day(today, 1, 1), globex.get(globex.size() - 1), "the demo's past days come before");
    }

    @Test
    void the_dashboard_shows_the_share_the_chart_and_the_stale_counts() {
        ctx.usage.snapshot();
        String page = WebClient.signedIn(app, "alice@example.com").get(seed.acme.path()).body();
        assertTrue(page.contains("id=\"freshness-chart\""), page);
        assertTrue(page.contains("<path class=\"series\" d=\"M"));
        assertTrue(page.contains(seed.acme.path() + UsageRoutes.PATH + "?imageState=deprecated"));
        assertTrue(page.contains("id=\"stale-farms\""));
        assertTrue(page.contains(">Usage</a>"), "the Usage nav entry");
    }
}
