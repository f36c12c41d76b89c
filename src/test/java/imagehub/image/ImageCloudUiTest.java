package imagehub.image;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import imagehub.core.ScopeRef;
import imagehub.credentials.CredentialService.CredentialInput;
import imagehub.support.Browser;
import imagehub.support.Moto;
import imagehub.support.MotoFixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.ui.pages.LoginPage;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In Chromium: importing AMIs from the cloud page (moto behind stored credentials), and a copy's progress. */
class ImageCloudUiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    @RegisterExtension
    final Browser browser = new Browser();

    private static final String REGION = "eu-west-1";
    private static MotoFixtures aws;
    private static ScopeRef acmeDev;

    @BeforeAll
    static void credentials() {
        aws = MotoFixtures.shared(REGION);
        People people = new People(app.context());
        acmeDev = people.env("acme", "acme-dev");
        app.context().credentials.create(people.viewer("alice@example.com"), acmeDev, new CredentialInput("moto",
                "ec2", MotoFixtures.ACCESS_KEY_ID, MotoFixtures.SECRET, null, Moto.endpoint().toString(),
                List.of(REGION)));
    }

    @Test
    void import_two_images_from_the_cloud_page() {
        String shop = aws.image("Shop frontend ubuntu 24.04");
        String batch = aws.image("Nightly batch runner");
        Page page = browser.page();
        LoginPage.open(page, app.baseUrl()).logIn("alice@example.com", TestApp.DEMO_PASSWORD);
        page.navigate(app.baseUrl() + acmeDev.path() + "/images");

        page.locator("#import-images").click();
        page.locator("#import-source select[name=platform]").selectOption("ec2");
        page.locator("#import-source select[name=cloudLocation]").selectOption(REGION);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("List the account's images")).click();
        assertThat(page.locator("tr[data-cloud-image=" + shop + "]")).isVisible();

        page.locator("tr[data-cloud-image=" + shop + "] input[name=pick]").check();
        page.locator("tr[data-cloud-image=" + batch + "] input[name=pick]").check();
        assertThat(page.getByLabel("operating system for " + shop)).hasValue("ubuntu-24-04");
        page.getByLabel("operating system for " + batch).selectOption("debian-12");
        page.getByLabel("name for " + batch).fill("batch-runner");
        page.locator("#import-submit").click();

        assertThat(page.locator("[role=status]")).containsText("2 images imported");
        assertThat(page.locator("[role=status]")).containsText("shop-frontend-ubuntu-24-04");
        assertThat(page.locator("[role=status]")).containsText("batch-runner");
        assertThat(page.locator("#image-table")).containsText(shop);
        assertThat(page.locator("#image-table")).containsText(batch);
    }

    @Test
    void a_copy_shows_its_progress_until_the_cloud_has_made_it() {
        Page page = browser.page();
        LoginPage.open(page, app.baseUrl()).logIn("alice@example.com", TestApp.DEMO_PASSWORD);
        page.navigate(app.baseUrl() + acmeDev.path() + "/images?q=rocky-9-build&location=sandbox-east-1");
        page.locator("#image-table").getByText("rocky-9-build").first().click();

        page.locator("#copy-form").getByLabel("Region of Sandbox (local demo cloud)").selectOption("sandbox-west-1");
        page.locator("#copy-form").getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions()
                .setName("Copy")).click();

        assertThat(page.locator("[role=status]")).containsText("Copying rocky-9-build into sandbox-west-1");
        assertThat(page.locator("#cloud-state")).hasAttribute("data-state", "pending");
        assertThat(page.locator("#cloud-state")).hasAttribute("data-state", "available",
                new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
        assertThat(page.locator("#copied-from")).containsText("rocky-9-build");
    }
}
