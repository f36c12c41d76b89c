package imagehub.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.farm.Farm;
import imagehub.farm.Server;
import imagehub.image.ImageRoutes;
import imagehub.role.Role;
import imagehub.role.RoleFilter;
import imagehub.role.RoleRoutes;
import imagehub.support.Browser;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.ui.pages.LoginPage;
import imagehub.updatetask.Execution;
import imagehub.updatetask.PublishInput;
import imagehub.updatetask.UpdateTask;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * In Chromium: a periodic update task set up in the form (its next runs previewed), run now, its steps watched to
 * the end, the new image found in the role and its lineage on the image's page.
 */
class UpdateTaskUiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SANDBOX_IMAGE_DELAY_MS", "1500");

    @RegisterExtension
    final Browser browser = new Browser();

    private static final LocatorAssertions.ContainsTextOptions RUN_TIME =
            new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

    private static ScopeRef acmeDev;
    private static Viewer alice;
    private static Server source;
    private static Role appServer;

    @BeforeAll
    static void setUp() {
        People people = new People(app.context());
        acmeDev = people.env("acme", "acme-dev");
        alice = people.viewer("alice@example.com");
        Farm webDev = app.context().farms.list(alice, acmeDev).stream().filter(f -> f.name().equals("web-dev"))
                .findFirst().orElseThrow();
        source = app.context().farms.servers(alice, webDev.id()).get(0);
        appServer = app.context().roles.list(alice, acmeDev, RoleFilter.of("app-server", null, null)).get(0);
        // Every run's name is <name>_on_<id>_at_<date>: the default policy (hyphens only) would refuse it.
        app.context().imageNaming.setNamingPolicy(alice, people.account("acme"), "^[a-z0-9]+([_-][a-z0-9]+)*$");
    }

    @Test
    void a_periodic_task_set_up_in_the_form_runs_now_and_its_image_lands_in_the_role_with_its_lineage() {
        Page page = browser.page();
        LoginPage.open(page, app.baseUrl()).logIn("alice@example.com", TestApp.DEMO_PASSWORD);
        page.navigate(app.baseUrl() + acmeDev.path());
        page.locator("nav.mainnav").getByText("Update tasks").click();
        page.locator("#new-task").click();

        Locator form = page.locator("#task-form");
        form.getByLabel("Task name").fill("weekly golden");
        form.locator("select[name=sourceServer]").selectOption(String.valueOf(source.id()));
        form.getByLabel("Image name").fill("app-golden");
        form.locator("input[name=targets][value='role:" + appServer.id() + ":" + source.cloudLocation() + "']").check();
        form.locator("input[name=deprecateReplaced]").uncheck();
        form.locator("input[name='timing.type'][value=periodic]").check();
        form.locator("input[name='timing.timeZone']").fill("Europe/Berlin");
        form.locator("select[name='timing.frequency']").selectOption("weekly");
        form.locator("input[name='timing.daysOfWeek'][value=THURSDAY]").check();
        form.locator("input[name='timing.timeOfDay']").fill("02:00");
        form.locator("input[name='timing.expiresAt']").fill("2099-08-26T00:00");

        Locator runs = page.locator("#next-runs-list li");
        assertThat(runs).hasCount(5);
        assertThat(runs.first()).containsText(Pattern.compile("^(Mon|Thu) .* 02:00 Europe/Berlin$"));
        for (String run : runs.allTextContents()) {
            assertEquals(true, run.startsWith("Mon ") || run.startsWith("Thu "), run);
        }

        form.locator("select[name=runAs]").selectOption(new com.microsoft.playwright.options.SelectOption()
                .setLabel("ci-publisher@service.imagehub"));
        form.getByText("Create task").click();

        assertThat(page.locator("#task-name")).containsText("weekly golden");
        assertThat(page.locator("#task-status")).hasText("active");
        assertThat(page.locator("#task-timing")).containsText("Weekly on Mon, Thu at 02:00 (Europe/Berlin)");
        page.locator("#run-task-form button").click();
        assertThat(page.locator("[role=status]")).containsText("started");

        Locator run = page.locator("article.execution").first();
        assertThat(run.locator("[data-execution-status]")).containsText("succeeded", RUN_TIME);
        assertThat(run.locator("tr[data-step='replace in targets'] .badge")).hasText("succeeded");
        assertThat(run.locator("tr[data-step='create image'] .badge")).hasText("succeeded");

        UpdateTask task = app.context().updateTasks.list(alice, acmeDev.id(), 0, 10).items().stream()
                .filter(t -> t.name().equals("weekly golden")).findFirst().orElseThrow();
        Execution done = task.lastExecution();
        assertThat(run.locator(".execution-image")).hasText(done.imageName());

        page.locator("#verify-task").click();
        assertThat(page.locator("#verify-table")).containsText(done.imageName());

        page.navigate(app.baseUrl() + RoleRoutes.detailPath(acmeDev, appServer.id()));
        assertThat(page.locator("main")).containsText(done.imageName());

        page.navigate(app.baseUrl() + ImageRoutes.detailPath(acmeDev, done.imageId()));
        Locator lineage = page.locator("#image-lineage");
        assertThat(lineage.locator("#lineage-source")).containsText(source.cloudInstanceId());
        assertThat(lineage.locator("#lineage-parent")).containsText(source.imageName());
        assertThat(lineage.locator("#lineage-run")).containsText("weekly golden");
    }

    @Test
    void a_publish_run_of_the_api_shows_in_the_tasks_tab_and_on_a_page_of_its_own_with_its_steps() {
        Execution published = app.context().updateTasks.publish(alice, acmeDev.id(), new PublishInput(source.id(),
                appServer.id(), source.cloudLocation(), "ci-build", "environment", false));
        Page page = browser.page();
        LoginPage.open(page, app.baseUrl()).logIn("alice@example.com", TestApp.DEMO_PASSWORD);
        page.navigate(app.baseUrl() + acmeDev.path());
        page.locator("nav.mainnav").getByText("Update tasks").click();

        Locator row = page.locator("#publish-run-table tr[data-run='" + published.id() + "']");
        assertThat(row).containsText("ci-build_on_" + published.id() + "_at_");
        row.getByText("Run " + published.id()).click();

        assertThat(page.locator("#run-title")).containsText("Publish");
        Locator run = page.locator("article.execution");
        assertThat(run.locator("[data-execution-status]")).containsText("succeeded", RUN_TIME);
        for (String step : new String[] {"create image", "wait until available", "register", "replace in targets"}) {
            assertThat(run.locator("tr[data-step='" + step + "'] .badge")).hasText("succeeded");
        }
        page.getByText("← Update tasks").click();
        assertThat(page.locator("#publish-run-table tr[data-run='" + published.id() + "'] .badge"))
                .hasText("succeeded");
    }
}
