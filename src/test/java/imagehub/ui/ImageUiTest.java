package imagehub.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import imagehub.support.Browser;
import imagehub.support.People;
import imagehub.support.SandboxImages;
import imagehub.support.TestApp;
import imagehub.ui.pages.ImagePages;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ImageUiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void an_admin_registers_an_image_finds_it_in_the_list_and_deprecates_it() {
        Page page = browser.page();
        String acmeDev = new People(app.context()).env("acme", "acme-dev").path();
        ImagePages images = new ImagePages(page, app.baseUrl());
        images.logIn("alice@example.com", TestApp.DEMO_PASSWORD);

        images.openList(acmeDev);
        images.register(SandboxImages.hold(app.context(), "sbx-00abcdef"), "nginx-1-25");
        assertThat(images.heading()).containsText("nginx-1-25");
        assertThat(images.heading()).containsText("active");

        images.openList(acmeDev);
        images.filterByText("nginx");
        assertThat(page).hasURL(Pattern.compile(".*q=nginx.*"));
        assertThat(images.rowNamed("nginx-1-25")).containsText("acme / acme-dev");
        assertThat(page.locator("#image-table tbody tr")).hasCount(1);

        images.rowNamed("nginx-1-25").getByText("nginx-1-25").click();
        images.deprecate("replaced by nginx 1.27");
        assertThat(images.heading()).containsText("deprecated");
        assertThat(page.locator("#deprecation")).containsText("replaced by nginx 1.27");
    }
}
