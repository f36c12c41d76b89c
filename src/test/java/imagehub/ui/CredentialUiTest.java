package imagehub.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import imagehub.support.Browser;
import imagehub.support.MotoFixtures;
import imagehub.support.Moto;
import imagehub.support.TestApp;
import imagehub.ui.pages.CredentialPages;
import imagehub.ui.pages.LoginPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CredentialUiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void add_credentials_test_the_connection_and_see_the_checks() {
        Page page = browser.page();
        LoginPage.open(page, app.baseUrl()).logIn("alice@example.com", TestApp.DEMO_PASSWORD);
        page.navigate(app.baseUrl() + app.context().scopes().findAccountByName("acme").orElseThrow().scope().path());
        CredentialPages credentials = new CredentialPages(page);
        credentials.openFromSettings();
        assertThat(page.locator("h1")).containsText("Cloud credentials");

        credentials.openAddForm();
        credentials.submit("prod-aws", "Amazon EC2", "not-a-key", MotoFixtures.SECRET, "", "us-east-1");
        assertThat(credentials.fieldError("accessKeyId")).containsText("AWS access key id");
        assertThat(page.getByLabel("Secret")).hasValue("");

        credentials.submit("prod-aws", "Amazon EC2", MotoFixtures.ACCESS_KEY_ID, MotoFixtures.SECRET,
                Moto.endpoint().toString(), "us-east-1, eu-west-1");
        assertThat(page.locator("[role=status]")).containsText("Cloud credentials prod-aws stored");
        assertThat(credentials.row("prod-aws")).containsText("****0001");
        assertThat(credentials.row("prod-aws")).not().containsText(MotoFixtures.SECRET);

        credentials.testConnection("prod-aws");
        // The first AWS SDK call of a JVM loads and builds a lot; a busy machine takes more than the usual 5 s.
        assertThat(credentials.checks("prod-aws")).hasCount(5, new LocatorAssertions.HasCountOptions().setTimeout(60_000));
        assertThat(credentials.checks("prod-aws").first()).containsText("✓ Credentials: Credentials accepted as arn:aws:");
        assertThat(credentials.row("prod-aws").locator(".connection-checks")).containsText("Connection works in us-east-1");
        assertThat(page.locator("h1")).containsText("Cloud credentials");

        credentials.delete("prod-aws");
        assertThat(page.locator("[role=status]")).containsText("Cloud credentials prod-aws deleted");
        assertThat(credentials.row("prod-aws")).hasCount(0);
    }
}
