package imagehub.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import imagehub.audit.AuditRoutes;
import imagehub.core.ScopeRef;
import imagehub.farm.FarmRoutes;
import imagehub.image.ImageRoutes;
import imagehub.operation.OperationRoutes;
import imagehub.replacement.ReplacementRoutes;
import imagehub.role.RoleRoutes;
import imagehub.scope.ScopeRoutes;
import imagehub.support.Axe;
import imagehub.support.Browser;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.ui.pages.LoginPage;
import imagehub.ui.pages.PickerPages;
import imagehub.updatetask.UpdateTaskRoutes;
import imagehub.usage.UsageRoutes;
import imagehub.user.UserRoutes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** axe-core on the main pages of each scope, as the Global admin (who sees every control) and as a read-only user. */
class AccessibilityUiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    @RegisterExtension
    final Browser browser = new Browser();

    private static final List<String> SCOPE_PAGES = List.of("", ImageRoutes.PATH, RoleRoutes.PATH, FarmRoutes.PATH,
            UsageRoutes.PATH, ReplacementRoutes.PATH, ScopeRoutes.SETTINGS);
    private static final List<String> ENVIRONMENT_PAGES = List.of(UpdateTaskRoutes.PATH, OperationRoutes.NAV.suffix());

    @Test
    void the_main_pages_of_an_environment_have_no_serious_accessibility_violation() {
        ScopeRef acmeDev = new People(app.context()).env("acme", "acme-dev");
        String env = acmeDev.path();
        List<String> pages = new ArrayList<>(SCOPE_PAGES.stream().map(p -> env + p).toList());
        pages.addAll(ENVIRONMENT_PAGES.stream().map(p -> env + p).toList());
        pages.addAll(List.of(env + UpdateTaskRoutes.PATH + "/new", env + ImageRoutes.NEW, env + RoleRoutes.NEW,
                env + FarmRoutes.NEW, env + FarmRoutes.PATH + "/" + id("SELECT id FROM farms WHERE name = 'web-dev'"),
                ImageRoutes.detailPath(acmeDev, id("SELECT id FROM images WHERE name = 'ubuntu-22-04-2' LIMIT 1")),
                RoleRoutes.detailPath(acmeDev, Long.parseLong(id("SELECT id FROM roles WHERE name = 'app-server'")))));
        assertAccessible(TestApp.ADMIN, pages);
    }

    @Test
    void the_main_pages_of_an_account_and_of_global_have_no_serious_accessibility_violation() {
        String account = new People(app.context()).account("acme").path();
        List<String> pages = new ArrayList<>(SCOPE_PAGES.stream().map(p -> account + p).toList());
        pages.addAll(SCOPE_PAGES.stream().map(p -> ScopeRef.GLOBAL.path() + p).toList());
        pages.addAll(List.of(UserRoutes.PROFILE, UserRoutes.PROFILE_KEYS, account + UserRoutes.MEMBERS, account + AuditRoutes.PATH));
        assertAccessible(TestApp.ADMIN, pages);
    }

    @Test
    void a_read_only_user_s_pages_and_an_open_picker_have_no_serious_accessibility_violation() {
        String env = new People(app.context()).env("globex", "globex-prod").path();
        List<String> pages = new ArrayList<>(SCOPE_PAGES.stream().filter(p -> !p.equals(ScopeRoutes.SETTINGS)).map(p -> env + p).toList());
        pages.addAll(ENVIRONMENT_PAGES.stream().map(p -> env + p).toList());
        Page page = assertAccessible("carol@example.com", pages);

        page.navigate(app.baseUrl() + env + UsageRoutes.PATH);
        PickerPages images = new PickerPages(page, "imageId");
        images.box().focus();
        page.keyboard().type("u");
        images.options().first().waitFor();
        page.keyboard().press("ArrowDown");
        List<Axe.Violation> open = Axe.seriousViolations(page);
        assertTrue(open.isEmpty(), "the explorer with its image picker open: " + open);
    }

    /** Tab from the top of the explorer to the end of the page: every control reached shows its focus. */
    @Test
    void keyboard_focus_is_visible_on_every_control_it_reaches() {
        String env = new People(app.context()).env("acme", "acme-dev").path();
        Page page = browser.page();
        LoginPage.open(page, app.baseUrl()).logIn("bob@example.com", TestApp.DEMO_PASSWORD);
        page.navigate(app.baseUrl() + env + UsageRoutes.PATH);
        List<String> unmarked = new ArrayList<>();
        int reached = 0;
        for (int i = 0; i < 40; i++) {
            page.keyboard().press("Tab");
            String focused = (String) page.evaluate("""
                    () => { const e = document.activeElement; if (e === document.body) return 'END'; const s = getComputedStyle(e);
                            const shown = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
                            return (shown ? '' : 'UNMARKED ') + e.tagName + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || '').trim().slice(0, 30).replace(/\\s+/g, ' '); }""");
            if (focused.equals("END")) {
                break;
            }
            reached++;
            if (focused.startsWith("UNMARKED")) {
                unmarked.add(focused);
            }
        }
        assertTrue(reached > 15, "the tab order reaches the nav, the filters and the results: " + reached);
        assertTrue(unmarked.isEmpty(), "focused without a visible outline: " + unmarked);
    }

    @Test
    void the_check_finds_a_control_without_a_label() {
        Page page = browser.page();
        LoginPage.open(page, app.baseUrl()).logIn(TestApp.ADMIN, TestApp.DEMO_PASSWORD);
        page.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<input id=\"unlabelled\">')");
        List<Axe.Violation> found = Axe.seriousViolations(page);
        assertTrue(found.stream().anyMatch(v -> v.rule().equals("label") && v.nodes().toString().contains("#unlabelled")),
                "axe reports the unlabelled field: " + found);
    }

    private static String id(String sql) {
        return app.context().jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    private Page assertAccessible(String email, List<String> paths) {
        Page page = browser.page();
        LoginPage.open(page, app.baseUrl()).logIn(email, TestApp.DEMO_PASSWORD);
        List<String> problems = new ArrayList<>();
        for (String path : paths) {
            var response = page.navigate(app.baseUrl() + path);
            if (response.status() != 200) {
                problems.add(path + " answered " + response.status());
                continue;
            }
            Axe.seriousViolations(page).forEach(v -> problems.add(path + ": " + v));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        return page;
    }
}
