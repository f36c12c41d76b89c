package imagehub.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import imagehub.access.Viewer;
import imagehub.image.Image;
import imagehub.image.ImageFilter;
import imagehub.image.ImageRoutes;
import imagehub.replacement.Replacement;
import imagehub.core.ScopeRef;
import imagehub.support.Browser;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.ui.pages.ImagePages;
import imagehub.ui.pages.ReplacementPages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReplacementUiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void an_admin_replaces_an_image_everywhere_with_a_preview_and_rolls_it_back() {
        People people = new People(app.context());
        Viewer aliceViewer = people.viewer("alice@example.com");
        ScopeRef acme = people.account("acme");
        Image old = sandboxImage(aliceViewer, acme, "sbx-00000002");
        Image newer = sandboxImage(aliceViewer, acme, "sbx-00000003");

        Page page = browser.page();
        new ImagePages(page, app.baseUrl()).logIn("alice@example.com", TestApp.DEMO_PASSWORD);
        page.navigate(app.baseUrl() + ImageRoutes.detailPath(acme, old.id()));
        assertThat(page.locator("#usage")).containsText("role nginx-1-24");

        ReplacementPages wizard = new ReplacementPages(page);
        long before = app.context().replacements.page(aliceViewer, acme, 0, 100).total();
        wizard.startFromImage();
        wizard.preview(newer.name() + " · " + newer.cloudImageId() + " · " + newer.osId());
        assertThat(wizard.changingRoles()).hasCount(2);
        assertThat(wizard.changingRoles().filter(new Locator.FilterOptions().setHasText("nginx-1-24"))).hasCount(1);
        assertThat(wizard.changingRoles().filter(new Locator.FilterOptions().setHasText("app-server"))).hasCount(1);
        assertThat(wizard.skippedRoles()).containsText("base-ubuntu");
        assertEquals(before, app.context().replacements.page(aliceViewer, acme, 0, 100).total(), "the preview changed nothing");

        wizard.confirm();
        assertThat(page.locator(".notice.ok")).containsText("in 2 roles");
        Replacement done = app.context().replacements.page(aliceViewer, acme, 0, 100).items().get(0);
        assertThat(wizard.replacement(done.id())).containsText(old.name() + " → " + newer.name());
        assertThat(wizard.replacement(done.id()).locator(".state")).containsText("applied");

        wizard.rollBack(done.id());
        assertThat(page.locator(".notice.ok")).containsText("rolled back");
        assertThat(wizard.replacement(done.id()).locator(".state")).containsText("rolled back");
    }

    /** The Global demo image of this sandbox base image in sandbox-west-1 (the demo replacement ran in east). */
    private static Image sandboxImage(Viewer viewer, ScopeRef scope, String cloudImageId) {
        return app.context().images.list(viewer, scope,
                ImageFilter.of("sandbox", "sandbox-west-1", null, null, null, cloudImageId, null, null), 1, 10)
                .images().stream().filter(i -> i.scope().equals(ScopeRef.GLOBAL)).findFirst().orElseThrow();
    }
}
