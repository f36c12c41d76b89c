package imagehub.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import imagehub.support.Browser;
import imagehub.support.TestApp;
import imagehub.ui.pages.LoginPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccessUiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void log_in_switch_scope_change_something_and_find_it_in_the_audit_log() {
        Page page = browser.page();
        LoginPage.open(page, app.baseUrl()).logIn("alice@example.com", TestApp.DEMO_PASSWORD);
        assertThat(page.locator(".user-menu summary")).hasText("alice@example.com");

        page.locator("#scope-switcher summary").click();
        assertThat(page.locator("#scope-switcher li")).hasCount(3);
        page.locator("#scope-switcher").getByText("acme-dev").click();
        assertThat(page.locator("h1")).hasText("acme / acme-dev");

        page.locator("#scope-switcher summary").click();
        page.locator("#scope-switcher a", new Page.LocatorOptions().setHasText("acme")).first().click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Settings")).click();
        page.locator("#create-child").getByLabel("Name").fill("acme-staging");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create environment")).click();
        assertThat(page.locator("[role=status]")).containsText("Environment acme-staging created");
        assertThat(page.locator("#children")).containsText("acme-staging");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit log")).click();
        page.getByLabel("Action").fill("environment.create");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(page.locator("#audit-table tbody tr").first()).containsText("acme-staging");
        assertThat(page.locator("#audit-table tbody tr").first()).containsText("alice@example.com");
    }

    @Test
    void a_form_error_is_shown_next_to_its_field() {
        Page page = browser.page();
        LoginPage.open(page, app.baseUrl()).logIn("alice@example.com", TestApp.DEMO_PASSWORD);
        page.navigate(app.baseUrl() + "/profile");
        page.getByLabel("Current password").fill("wrong-password");
        page.getByLabel("New password").fill("short");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change password")).click();
        assertThat(page.locator("[data-field=current]")).hasText("The current password is not right");
    }
}
