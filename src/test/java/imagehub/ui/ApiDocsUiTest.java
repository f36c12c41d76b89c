package imagehub.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import imagehub.api.ApiDocs;
import imagehub.support.Browser;
import imagehub.support.TestApp;
import imagehub.ui.pages.LoginPage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The API docs page in Chromium: Swagger UI from its webjar renders each scope's spec, with no console error. */
class ApiDocsUiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void the_user_menu_leads_to_docs_of_the_three_scopes_without_console_errors() {
        Page page = browser.page();
        List<String> errors = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(message -> {
            if (message.type().equals("error") || message.type().equals("warning")) {
                errors.add(message.type() + ": " + message.text());
            }
        });
        page.onPageError(error -> errors.add("page error: " + error));
        page.onRequestFailed(request -> errors.add("request failed: " + request.url()));
        LoginPage.open(page, app.baseUrl()).logIn("bob@example.com", TestApp.DEMO_PASSWORD);
        page.locator(".user-menu summary").click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("API docs")).click();
        page.waitForURL("**" + ApiDocs.PATH);

        Locator scope = page.getByLabel("Scope");
        assertEquals(List.of("Environment (user API)", "Account (account API)", "Global (global API)"),
                scope.locator("option").allTextContents());
        assertThat(page.locator(".swagger-ui .info .title")).containsText("Imagehub User API");
        assertThat(operation(page, "/{envId}/images/")).isVisible();

        scope.selectOption("/api/account.v1beta0.yml");
        assertThat(page.locator(".swagger-ui .info .title")).containsText("Imagehub Account API");
        assertThat(operation(page, "/{accountId}/environments/")).isVisible();

        scope.selectOption("/api/global.v1beta0.yml");
        assertThat(page.locator(".swagger-ui .info .title")).containsText("Imagehub Global API");
        assertThat(operation(page, "/accounts/")).isVisible();
        assertThat(page.locator(".swagger-ui .try-out")).hasCount(0);

        assertThat(page.locator("#sign-script")).containsText("X-Scalr-Signature: V1-HMAC-SHA256");
        assertTrue(errors.isEmpty(), "console: " + errors);
    }

    private static Locator operation(Page page, String path) {
        return page.locator(".swagger-ui .opblock-summary-path[data-path='" + path + "']").first();
    }
}
