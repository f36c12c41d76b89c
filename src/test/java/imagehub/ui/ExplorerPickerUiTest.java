package imagehub.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import imagehub.AppContext;
import imagehub.core.ScopeRef;
import imagehub.farm.Farm;
import imagehub.farm.FarmService;
import imagehub.image.Image;
import imagehub.role.Role;
import imagehub.support.Browser;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.ui.pages.LoginPage;
import imagehub.ui.pages.PickerPages;
import imagehub.ui.pages.UsagePages;
import imagehub.usage.UsageRoutes;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExplorerPickerUiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void the_explorer_narrows_to_an_image_and_a_farm_picked_by_name_and_a_chip_removes_a_filter() {
        AppContext ctx = app.context();
        People people = new People(ctx);
        var alice = people.viewer("alice@example.com");
        var bob = people.viewer("bob@example.com");
        ScopeRef acmeDev = people.env("acme", "acme-dev");
        Fixtures fixtures = new Fixtures(ctx);
        Image kestrel = fixtures.named(alice, acmeDev, Fixtures.EAST, "ubuntu-22-04", Fixtures.unique("kestrel-web"));
        Image osprey = fixtures.named(alice, acmeDev, Fixtures.EAST, "ubuntu-22-04", Fixtures.unique("osprey-db"));
        Role web = fixtures.roleUsing(alice, acmeDev, kestrel);
        Role db = fixtures.roleUsing(alice, acmeDev, osprey);
        String heronName = Fixtures.unique("heron-shop");
        Farm heron = farm(bob, acmeDev, heronName, web, 2, db, 1);
        farm(bob, acmeDev, Fixtures.unique("egret-blog"), web, 1, db, 1);
        ctx.scaler.runOnce();

        Page page = browser.page();
        LoginPage.open(page, app.baseUrl()).logIn("bob@example.com", TestApp.DEMO_PASSWORD);
        page.navigate(app.baseUrl() + acmeDev.path() + UsageRoutes.PATH);
        UsagePages explorer = new UsagePages(page);
        PickerPages images = new PickerPages(page, "imageId");
        PickerPages farms = new PickerPages(page, "farmId");

        images.box().click();
        images.box().pressSequentially("kestrel");
        assertThat(images.box()).hasAttribute("aria-expanded", "true");
        assertThat(images.option(kestrel.name())).containsText(kestrel.id());
        images.option(kestrel.name()).click();
        assertThat(images.chip()).containsText(kestrel.name());
        assertThat(explorer.total()).hasText("3");

        farms.pickWithKeyboard(heronName.substring(2));
        assertThat(farms.chip()).containsText(heronName);
        assertThat(images.chip()).containsText(kestrel.name());
        assertThat(explorer.total()).hasText("2");

        images.removeChip();
        assertThat(images.chip()).hasCount(0);
        assertThat(farms.chip()).containsText(heronName);
        assertThat(explorer.total()).hasText("3");
        assertThat(page).hasURL(Pattern.compile("farmId=" + heron.id() + "$"));
    }

    @Test
    void the_picker_closes_on_escape_and_says_when_nothing_matches() {
        Page page = browser.page();
        ScopeRef acmeDev = new People(app.context()).env("acme", "acme-dev");
        LoginPage.open(page, app.baseUrl()).logIn("bob@example.com", TestApp.DEMO_PASSWORD);
        page.navigate(app.baseUrl() + acmeDev.path() + UsageRoutes.PATH);
        PickerPages farms = new PickerPages(page, "farmId");
        farms.box().focus();
        page.keyboard().type("no-farm-is-called-this");
        assertThat(farms.options()).hasText("No farm matches");
        page.keyboard().press("Escape");
        assertThat(farms.box()).hasAttribute("aria-expanded", "false");
        assertThat(farms.options().first()).isHidden();
    }

    private static Farm farm(imagehub.access.Viewer owner, ScopeRef env, String name, Role first, int firstServers,
            Role second, int secondServers) {
        AppContext ctx = app.context();
        Farm farm = ctx.farms.create(owner, env.id(), new FarmService.FarmInput(name, "", null));
        ctx.farms.addFarmRole(owner, farm.id(), new FarmService.FarmRoleInput(first.id(), "sandbox", Fixtures.EAST,
                firstServers, firstServers, null));
        ctx.farms.addFarmRole(owner, farm.id(), new FarmService.FarmRoleInput(second.id(), "sandbox", Fixtures.EAST,
                secondServers, secondServers, null));
        ctx.lifecycle.launch(owner, farm.id());
        return farm;
    }
}
