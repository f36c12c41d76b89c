package imagehub.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import imagehub.operation.OperationRoutes;
import imagehub.operation.StaleFarm;
import imagehub.core.ScopeRef;
import imagehub.support.Browser;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.ui.pages.ImagePages;
import imagehub.ui.pages.OperationPages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replace servers with the real background scaler and driver: the progress bar fills up by itself. */
class OperationUiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo()
            .with("IMAGEHUB_SCALER_INTERVAL_MS", "300")
            .with("IMAGEHUB_OPERATIONS_INTERVAL_MS", "300");

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void an_operator_replaces_a_farms_servers_and_watches_the_progress_reach_100_percent() {
        People people = new People(app.context());
        ScopeRef acmeDev = people.env("acme", "acme-dev");
        StaleFarm stale = StaleFarm.create(app.context(), people.viewer("alice@example.com"),
                people.viewer("bob@example.com"), acmeDev, 2);

        Page page = browser.page();
        new ImagePages(page, app.baseUrl()).logIn("bob@example.com", TestApp.DEMO_PASSWORD);
        app.context().usage.snapshot();
        page.navigate(app.baseUrl() + acmeDev.path());
        String freshnessBefore = page.locator("#freshness-now").textContent();
        String chartPointBefore = page.locator("#freshness-chart g.day").last().getAttribute("aria-label");
        page.navigate(app.baseUrl() + OperationRoutes.replaceServersPath(acmeDev.id(), stale.farm().id()));
        OperationPages operation = new OperationPages(page);
        assertThat(operation.summary()).containsText("2 stale server(s)");
        operation.chooseTarget("Farm role " + stale.farmRole().alias());
        assertThat(operation.summary()).containsText(stale.farmRole().alias());

        operation.start(1, 0);
        assertThat(page.locator(".notice.ok")).containsText("Replacing 2 server(s)");
        LocatorAssertions.ContainsTextOptions patiently = new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);
        assertThat(operation.percent()).containsText("100 %", patiently);
        assertThat(operation.status()).containsText("completed", patiently);
        assertThat(operation.bar()).hasAttribute("value", "100");
        assertThat(operation.cancelButton()).hasCount(0);
        assertTrue(app.context().farms.servers(people.viewer("bob@example.com"), stale.farm().id()).stream()
                .allMatch(s -> s.imageId().equals(stale.fresh().id())), "every server on the current image");

        app.context().usage.snapshot();
        page.navigate(app.baseUrl() + acmeDev.path());
        assertThat(page.locator("#freshness-now")).not().hasText(freshnessBefore);
        assertThat(page.locator("#freshness-chart g.day").last()).not().hasAttribute("aria-label", chartPointBefore);
    }
}
