package imagehub.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.credentials.CredentialService;
import imagehub.farm.Farm;
import imagehub.farm.FarmRoutes;
import imagehub.farm.FarmService;
import imagehub.farm.ImageSyncStatus;
import imagehub.image.Image;
import imagehub.image.ImageRoutes;
import imagehub.image.ImageService;
import imagehub.role.Role;
import imagehub.support.Browser;
import imagehub.support.Fixtures;
import imagehub.support.Moto;
import imagehub.support.MotoFixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.ui.pages.FarmPages;
import imagehub.ui.pages.ImagePages;
import imagehub.ui.pages.ReplacementPages;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An admin binds a farm role to an Auto Scaling group (moto), replaces its image everywhere and sees it applied. */
class FarmCloudUiTest {
    private static final String REGION = "us-east-1";

    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void an_admin_binds_a_farm_role_to_a_scaling_group_replaces_everywhere_and_sees_it_applied() {
        MotoFixtures moto = MotoFixtures.shared(REGION);
        People people = new People(app.context());
        Viewer alice = people.viewer("alice@example.com");
        ScopeRef acmeDev = people.env("acme", "acme-dev");
        app.context().credentials.create(alice, acmeDev, new CredentialService.CredentialInput("moto", "ec2",
                MotoFixtures.ACCESS_KEY_ID, MotoFixtures.SECRET, null, Moto.endpoint().toString(), List.of(REGION)));
        Image old = register(alice, acmeDev, moto.image(Fixtures.unique("ami")));
        Image fresh = register(alice, acmeDev, moto.image(Fixtures.unique("ami")));
        Role role = new Fixtures(app.context()).roleUsing(alice, acmeDev, old);
        String group = moto.group(Fixtures.unique("ui-asg"), old.cloudImageId(), 1);
        Farm farm = app.context().farms.create(alice, acmeDev.id(), new FarmService.FarmInput("cloud-ui", "", null));

        Page page = browser.page();
        new ImagePages(page, app.baseUrl()).logIn("alice@example.com", TestApp.DEMO_PASSWORD);
        page.navigate(app.baseUrl() + FarmRoutes.detailPath(farm));
        FarmPages farmPage = new FarmPages(page);
        farmPage.bindFarmRole(role.name(), "ec2", REGION, group);
        assertThat(page.locator(".notice.ok")).containsText("Farm role added");
        assertThat(farmPage.imageSync(group)).containsText("applied");
        assertThat(farmPage.imageSync(group)).containsText(old.cloudImageId());

        page.navigate(app.baseUrl() + ImageRoutes.detailPath(acmeDev, old.id()));
        ReplacementPages wizard = new ReplacementPages(page);
        wizard.startFromImage();
        wizard.preview(fresh.name() + " · " + fresh.cloudImageId() + " · " + fresh.osId());
        assertThat(page.locator("#preview-scaling-groups")).containsText(group);
        wizard.confirm();
        assertThat(page.locator(".notice.ok")).containsText("in 1 role");

        // The group is written right after the replacement commits, off the request: wait for that, then look.
        long farmRoleId = app.context().farms.detail(alice, farm.id()).farmRoles().get(0).id();
        long deadline = System.currentTimeMillis() + 20_000;
        while (!fresh.cloudImageId().equals(app.context().farms.farmRole(alice, farmRoleId).imageSyncTarget())
                || app.context().farms.farmRole(alice, farmRoleId).imageSyncStatus() == ImageSyncStatus.PENDING) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the image sync did not finish");
            }
            page.waitForTimeout(100);
        }
        page.navigate(app.baseUrl() + FarmRoutes.detailPath(farm));
        assertThat(farmPage.imageSync(group)).containsText("applied");
        assertThat(farmPage.imageSync(group)).containsText(fresh.cloudImageId());
    }

    private static Image register(Viewer viewer, ScopeRef scope, String amiId) {
        return app.context().images.register(viewer, scope, new ImageService.NewImage("ec2", REGION, amiId,
                Fixtures.unique("img"), "", "ubuntu-22-04", "x86_64", true, 8));
    }
}
