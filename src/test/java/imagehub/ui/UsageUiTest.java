package imagehub.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import imagehub.AppContext;
import imagehub.farm.FarmService;
import imagehub.image.Image;
import imagehub.image.ImageService;
import imagehub.role.Role;
import imagehub.core.ScopeRef;
import imagehub.support.Browser;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.ui.pages.LoginPage;
import imagehub.ui.pages.UsagePages;
import imagehub.usage.UsageRoutes;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UsageUiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void an_operator_filters_the_explorer_downloads_the_csv_and_sees_the_freshness_chart() throws Exception {
        AppContext ctx = app.context();
        People people = new People(ctx);
        var alice = people.viewer("alice@example.com");
        var bob = people.viewer("bob@example.com");
        ScopeRef acmeDev = people.env("acme", "acme-dev");
        Fixtures fixtures = new Fixtures(ctx);
        Image old = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        Image fresh = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        Role role = fixtures.roleUsing(alice, acmeDev, old);
        var farm = ctx.farms.create(bob, acmeDev.id(), new FarmService.FarmInput(Fixtures.unique("farm"), "", null));
        ctx.farms.addFarmRole(bob, farm.id(), new FarmService.FarmRoleInput(role.id(), "sandbox", Fixtures.EAST, 3, 5, null));
        ctx.lifecycle.launch(bob, farm.id());
        ctx.scaler.runOnce();
        ctx.roleImages.replaceImage(alice, acmeDev, role.id(), old.id(), fresh.id());
        ctx.lifecycle.terminateServer(bob, ctx.farms.servers(bob, farm.id()).get(0).id());
        ctx.scaler.runOnce();
        ctx.usage.snapshot();

        Page page = browser.page();
        LoginPage.open(page, app.baseUrl()).logIn("bob@example.com", TestApp.DEMO_PASSWORD);
        page.navigate(app.baseUrl() + acmeDev.path() + UsageRoutes.PATH + "?farmId=" + farm.id());
        UsagePages explorer = new UsagePages(page);
        assertThat(explorer.total()).hasText("3");
        explorer.filterImageState("superseded");
        assertThat(explorer.total()).hasText("2");
        assertThat(explorer.serverRows()).hasCount(2);
        assertThat(page.locator("a.replace-servers")).hasAttribute("href",
                UsageRoutes.replaceServersPath(acmeDev.id(), farm.id()));

        Download download = explorer.downloadCsv();
        List<String> lines = Files.readAllLines(download.path());
        assertEquals(3, lines.size(), "a header and the two listed servers");
        assertTrue(lines.get(0).startsWith("server_id,"));
        assertTrue(lines.stream().skip(1).allMatch(l -> l.contains(old.id())));

        page.navigate(app.baseUrl() + acmeDev.path());
        var now = ctx.usage.freshness(bob, acmeDev).now();
        assertTrue(now.fresh() < now.total(), "the stale servers of this test count against freshness");
        assertThat(page.locator("#freshness-now")).hasText(now.percent());
        assertThat(explorer.chartSeries()).hasAttribute("d", java.util.regex.Pattern.compile("^M\\d"));
    }
}
