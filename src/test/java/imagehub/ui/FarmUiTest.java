package imagehub.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import imagehub.access.Viewer;
import imagehub.farm.FarmRoutes;
import imagehub.image.Image;
import imagehub.role.Role;
import imagehub.core.ScopeRef;
import imagehub.support.Browser;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.ui.pages.FarmPages;
import imagehub.ui.pages.ImagePages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FarmUiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "300");

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void an_operator_launches_a_farm_watches_servers_appear_and_a_terminated_one_replaced() {
        People people = new People(app.context());
        Viewer alice = people.viewer("alice@example.com");
        ScopeRef acmeDev = people.env("acme", "acme-dev");
        Fixtures fixtures = new Fixtures(app.context());
        Image image = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        Role role = fixtures.roleUsing(alice, acmeDev, image);

        Page page = browser.page();
        new ImagePages(page, app.baseUrl()).logIn("bob@example.com", TestApp.DEMO_PASSWORD);
        page.navigate(app.baseUrl() + acmeDev.path() + FarmRoutes.PATH);
        FarmPages farm = new FarmPages(page);
        farm.create("ui-farm", "Launched from the browser");
        assertThat(farm.heading()).containsText("ui-farm");
        assertThat(farm.status()).hasText("terminated");

        farm.addFarmRole(role.name(), Fixtures.EAST, 2, 3);
        assertThat(page.locator(".notice.ok")).containsText("Farm role added");
        assertThat(farm.farmRoles()).hasCount(1);
        assertThat(farm.farmRoles()).containsText("sandbox");

        farm.launch();
        assertThat(farm.status()).hasText("running");
        assertThat(farm.servers()).hasCount(2);
        assertThat(farm.freshness()).containsText("100 %");

        String victim = farm.servers().first().getAttribute("data-instance");
        farm.terminateServer(victim);
        assertThat(page.locator(".notice.ok")).containsText("Server terminated");
        assertThat(page.locator("tr[data-instance='" + victim + "']")).hasCount(0);
        assertThat(farm.servers()).hasCount(2);
        assertThat(farm.servers().filter(new Locator.FilterOptions().setHasText(image.name()))).hasCount(2);
    }
}
