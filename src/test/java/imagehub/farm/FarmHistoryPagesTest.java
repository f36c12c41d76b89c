package imagehub.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.AppContext;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.image.Image;
import imagehub.role.Role;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The farm page's "which image did each farm role run on day D", answered from the server history. */
class FarmHistoryPagesTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    private static final Pattern LINE = Pattern.compile(
            "<tr data-farm-role=\"(\\d+)\" data-image=\"([^\"]+)\">\\s*<td>[^<]*</td>\\s*<td>([^<]*)</td>\\s*<td>(\\d+)</td>");

    private static ScopeRef acmeDev;
    private static Viewer alice;
    private static Viewer bob;
    private static Fixtures fixtures;

    @BeforeAll
    static void setUp() {
        People people = new People(app.context());
        acmeDev = people.env("acme", "acme-dev");
        alice = people.viewer("alice@example.com");
        bob = people.viewer("bob@example.com");
        fixtures = new Fixtures(app.context());
    }

    /** Which image (id → servers) the page lists for {@code day}. */
    private static List<String> linesOn(WebClient web, Farm farm, String day) {
        HttpResponse<String> page = web.get(FarmRoutes.detailPath(farm) + "?" + FarmRoutes.HISTORY_DATE + "=" + day);
        assertEquals(200, page.statusCode(), page.body());
        Matcher line = LINE.matcher(page.body());
        List<String> found = new java.util.ArrayList<>();
        while (line.find()) {
            found.add(line.group(3) + "×" + line.group(4));
        }
        return found;
    }

    private static void setTimes(long serverId, LocalDateTime launched, LocalDateTime terminated) {
        app.context().jdbi.useHandle(h -> h.createUpdate(
                "UPDATE servers SET launched_at = :launched, terminated_at = COALESCE(:terminated, terminated_at) WHERE id = :id")
                .bind("launched", launched.toInstant(ZoneOffset.UTC))
                .bind("terminated", terminated == null ? null : terminated.toInstant(ZoneOffset.UTC))
                .bind("id", serverId).execute());
    }

    @Test
    void the_farm_page_tells_which_image_each_farm_role_ran_on_a_past_day_including_terminated_servers() {
        AppContext ctx = app.context();
        Image old = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        Image fresh = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        Role role = fixtures.roleUsing(alice, acmeDev, old);
        Farm farm = ctx.farms.create(bob, acmeDev.id(), new FarmService.FarmInput(Fixtures.unique("farm"), "", null));
        ctx.farms.addFarmRole(bob, farm.id(), new FarmService.FarmRoleInput(role.id(), "sandbox", Fixtures.EAST, 2, 5, null));
        ctx.lifecycle.launch(bob, farm.id());
        ctx.scaler.runOnce();
        ctx.roleImages.replaceImage(alice, acmeDev, role.id(), old.id(), fresh.id());
        List<Server> first = ctx.farms.servers(bob, farm.id());
        ctx.lifecycle.terminateServer(bob, first.get(0).id());
        ctx.scaler.runOnce();
        Server replacement = ctx.farms.servers(bob, farm.id()).stream()
                .filter(s -> s.imageId().equals(fresh.id())).findFirst().orElseThrow();

        // The same story, moved into the past: launched ten days ago, one replaced five days ago.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate launchDay = today.minusDays(10);
        LocalDate swapDay = today.minusDays(5);
        setTimes(first.get(0).id(), launchDay.atTime(10, 0), swapDay.atTime(12, 0));
        setTimes(first.get(1).id(), launchDay.atTime(10, 0), null);
        setTimes(replacement.id(), swapDay.atTime(12, 5), null);

        WebClient bobWeb = WebClient.signedIn(app, "bob@example.com");
        assertEquals(List.of(), linesOn(bobWeb, farm, launchDay.minusDays(1).toString()), "nothing ran before the launch");
        assertEquals(List.of(old.name() + "×2"), linesOn(bobWeb, farm, launchDay.toString()));
        assertEquals(List.of(old.name() + "×2", fresh.name() + "×1"), linesOn(bobWeb, farm, swapDay.toString()),
                "the day of the swap shows both, the terminated server included");
        assertEquals(List.of(old.name() + "×1", fresh.name() + "×1"), linesOn(bobWeb, farm, today.toString()));
        assertTrue(bobWeb.get(FarmRoutes.detailPath(farm)).body().contains("value=\"" + today + "\""),
                "without a day the page shows today");
    }

    @Test
    void a_malformed_day_is_a_field_error_and_another_tenant_gets_404() {
        Farm farm = app.context().farms.create(bob, acmeDev.id(), new FarmService.FarmInput(Fixtures.unique("farm"), "", null));
        WebClient bobWeb = WebClient.signedIn(app, "bob@example.com");
        HttpResponse<String> refused = bobWeb.get(FarmRoutes.detailPath(farm) + "?" + FarmRoutes.HISTORY_DATE + "=yesterday");
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("data-field=\"" + FarmRoutes.HISTORY_DATE + "\""), refused.body());
        assertFalse(refused.body().contains("id=\"farm-history-table\""));

        HttpResponse<String> carol = WebClient.signedIn(app, "carol@example.com")
                .get(FarmRoutes.detailPath(farm) + "?" + FarmRoutes.HISTORY_DATE + "=" + LocalDate.now(ZoneOffset.UTC));
        assertEquals(404, carol.statusCode());
        assertFalse(carol.body().contains(farm.name()));
    }
}
