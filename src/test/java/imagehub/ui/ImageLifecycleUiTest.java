package imagehub.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import imagehub.access.Viewer;
import imagehub.image.ImageRoutes;
import imagehub.role.Role;
import imagehub.role.RoleRoutes;
import imagehub.core.ScopeRef;
import imagehub.support.Browser;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.SandboxImages;
import imagehub.support.TestApp;
import imagehub.ui.pages.ImagePages;
import imagehub.ui.pages.ReplacementPages;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The life of an image in the browser: register → promote → add to a role → replace everywhere with a
 * preview → roll back → deprecate → delete refused while used → delete once unused.
 */
class ImageLifecycleUiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void an_image_from_registration_to_deletion() {
        People people = new People(app.context());
        Viewer alice = people.viewer("alice@example.com");
        ScopeRef acme = people.account("acme");
        ScopeRef acmeDev = people.env("acme", "acme-dev");
        Role role = new Fixtures(app.context()).role(alice, acme, "debian");
        Page page = browser.page();
        ImagePages images = new ImagePages(page, app.baseUrl());
        images.logIn("alice@example.com", TestApp.DEMO_PASSWORD);

        // Register in acme-dev, then promote it to the acme account.
        images.openList(acmeDev.path());
        images.register(SandboxImages.hold(app.context(), "sbx-0000f001"), "debian-app-1");
        assertThat(images.heading()).containsText("debian-app-1");
        page.locator("#promote-form button").click();
        assertThat(page.locator("#image-meta")).containsText("acme");
        String imageId = page.url().substring(page.url().lastIndexOf('/') + 1);
        String firstUrl = app.baseUrl() + ImageRoutes.detailPath(acme, imageId);
        assertTrue(app.context().images.get(alice, acme, imageId).scope().equals(acme), "promoted to the account");

        // A second image at the account, then the first one goes into the role.
        images.openList(acme.path());
        images.register(SandboxImages.hold(app.context(), "sbx-0000f002"), "debian-app-2");
        assertThat(images.heading()).containsText("debian-app-2");
        page.navigate(app.baseUrl() + RoleRoutes.detailPath(acme, role.id()));
        page.locator("#add-image-form select").selectOption(new com.microsoft.playwright.options.SelectOption()
                .setLabel(page.locator("#add-image-form option", new Page.LocatorOptions().setHasText("debian-app-1"))
                        .first().textContent().strip()));
        page.locator("#add-image-form button").click();
        assertThat(page.locator("#role-images")).containsText("debian-app-1");

        // Replace everywhere with a preview, then roll it back.
        page.navigate(firstUrl);
        ReplacementPages wizard = new ReplacementPages(page);
        wizard.startFromImage();
        page.getByLabel("New image").selectOption(new com.microsoft.playwright.options.SelectOption()
                .setLabel(page.locator("#replace-form option", new Page.LocatorOptions().setHasText("debian-app-2"))
                        .first().textContent().strip()));
        page.locator("#replace-form").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Preview")).click();
        assertThat(wizard.changingRoles()).hasCount(1);
        assertThat(wizard.changingRoles()).containsText(role.name());
        wizard.confirm();
        assertThat(page.locator(".notice.ok")).containsText("in 1 role");
        long replacementId = app.context().replacements.page(alice, acme, 0, 100).items().get(0).id();
        wizard.rollBack(replacementId);
        assertThat(wizard.replacement(replacementId).locator(".state")).containsText("rolled back");
        page.navigate(app.baseUrl() + RoleRoutes.detailPath(acme, role.id()));
        assertThat(page.locator("#role-images")).containsText("debian-app-1");

        // Deprecate; deleting is refused while the role uses it, allowed once it does not.
        page.navigate(firstUrl);
        images.deprecate("Replaced by debian-app-2");
        assertThat(images.heading()).containsText("deprecated");
        page.onceDialog(dialog -> dialog.accept());
        page.locator("#delete-form button").click();
        assertThat(page.locator(".notice.error")).containsText(role.name());

        page.navigate(app.baseUrl() + RoleRoutes.detailPath(acme, role.id()));
        page.locator("#role-images tr", new Page.LocatorOptions().setHasText("debian-app-1"))
                .locator(".remove-image button").click();
        assertThat(page.locator("main")).containsText("No image yet");
        page.navigate(firstUrl);
        List<String> asked = new java.util.ArrayList<>();
        page.onceDialog(dialog -> {
            asked.add(dialog.message());
            dialog.dismiss();
        });
        page.locator("#delete-form button").click();
        assertThat(page.locator("h1")).containsText("debian-app-1");
        assertEquals(List.of("Delete debian-app-1 from Imagehub?"), asked, "a dismissed confirmation sends nothing");
        page.onceDialog(dialog -> dialog.accept());
        page.locator("#delete-form button").click();
        assertThat(page.locator(".notice.ok")).containsText("deleted");
        page.navigate(firstUrl);
        assertThat(page.locator("h1")).containsText("Not found");
    }
}
