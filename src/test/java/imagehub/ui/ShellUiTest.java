package imagehub.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import imagehub.support.Browser;
import imagehub.support.TestApp;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ShellUiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void first_page_loads_htmx() {
        Page page = browser.page();
        page.navigate(app.baseUrl() + "/login");
        assertThat(page.locator("footer")).containsText("Imagehub");
        page.waitForFunction("() => typeof window.htmx !== 'undefined'");
        assertEquals("2.0.10", page.evaluate("() => htmx.version"));
    }
}
