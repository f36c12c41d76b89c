package imagehub.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import imagehub.core.ScopeRef;
import imagehub.farm.Farm;
import imagehub.farm.FarmDao;
import imagehub.support.Browser;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.ui.pages.FreshnessChartPage;
import imagehub.ui.pages.LoginPage;
import imagehub.usage.FreshnessRoutes;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The freshness charts of a first start's demo, read by pointer and by keyboard. */
class FreshnessChartUiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    @RegisterExtension
    final Browser browser = new Browser();

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    private static String daysAgo(int days) {
        return DAY.format(LocalDate.now(ZoneOffset.UTC).minusDays(days));
    }

    private Page signedIn(String email) {
        Page page = browser.page();
        LoginPage.open(page, app.baseUrl()).logIn(email, TestApp.DEMO_PASSWORD);
        return page;
    }

    @Test
    void a_first_starts_dashboard_chart_has_a_point_per_day_a_legend_and_the_replacement_markers() {
        Page page = signedIn("alice@example.com");
        page.navigate(app.baseUrl() + new People(app.context()).account("acme").path());
        FreshnessChartPage chart = new FreshnessChartPage(page, FreshnessRoutes.CHART_ID);
        assertTrue(chart.points().count() >= 30, chart.points().count() + " points");
        assertThat(chart.days()).hasCount(chart.points().count());
        assertThat(chart.legend()).containsText("Replacement rolled back since");
        // Three weeks ago Global replaced Ubuntu 22.04 in both locations (one marker for the day); acme tried 24.04 in
        // the west nine days ago and rolled it back; three days ago it moved the east.
        assertThat(chart.markers()).hasCount(3);
        assertThat(chart.markers().nth(0)).containsText("ubuntu-22-04-2");
        assertThat(chart.markers().nth(1)).containsText("ubuntu-24-04 (rolled back)");
        assertThat(chart.markers().nth(1)).hasClass("marker rolled-back");
        assertThat(chart.markers().nth(2).locator("title"))
                .hasText(daysAgo(3) + ": replaced ubuntu-22-04-2 → ubuntu-24-04 in sandbox-east-1");
        assertThat(chart.notes()).hasCount(4);
        assertThat(chart.notes().nth(2)).containsText(daysAgo(9) + " replaced ubuntu-22-04-2 → ubuntu-24-04 in "
                + "sandbox-west-1, rolled back " + daysAgo(8));
    }

    @Test
    void hovering_or_focusing_a_day_shows_its_figures() {
        Page page = signedIn("alice@example.com");
        page.navigate(app.baseUrl() + new People(app.context()).account("acme").path());
        FreshnessChartPage chart = new FreshnessChartPage(page, FreshnessRoutes.CHART_ID);
        int days = chart.days().count();
        Locator replacementDay = chart.days().nth(days - 1 - 21);
        assertThat(chart.tip(replacementDay)).isHidden();
        chart.hover(replacementDay);
        assertThat(chart.tip(replacementDay)).isVisible();
        assertThat(chart.tip(replacementDay)).containsText(daysAgo(21));
        assertThat(chart.tip(replacementDay)).containsText("0 of 7 servers on their role's current image (0.0 %)");
        assertThat(chart.tip(replacementDay)).containsText("Replaced ubuntu-22-04 → ubuntu-22-04-2 in sandbox-east-1");

        // The keyboard: one tab stop (today), the arrow keys walk the days, the focused day shows its figures.
        assertThat(chart.tabStop()).hasCount(1);
        Locator today = chart.days().nth(days - 1);
        assertThat(chart.tabStop()).hasAttribute("aria-label", java.util.regex.Pattern.compile(
                "^" + daysAgo(0) + ": 4 of 7 servers"));
        page.mouse().move(0, 0);
        chart.tabStop().focus();
        assertThat(chart.tip(today)).isVisible();
        assertThat(chart.tip(today)).containsText("4 of 7 servers on their role's current image (57.1 %)");
        page.keyboard().press("ArrowLeft");
        Locator yesterday = chart.days().nth(days - 2);
        assertThat(yesterday).isFocused();
        assertThat(chart.tip(today)).isHidden();
        assertThat(chart.tip(yesterday)).isVisible();
        assertThat(chart.tip(yesterday)).containsText(daysAgo(1));
        assertThat(chart.tabStop()).hasCount(1);
        page.keyboard().press("Home");
        assertThat(chart.days().nth(0)).isFocused();
    }

    @Test
    void the_farm_page_has_the_chart_of_its_own_farm() {
        People people = new People(app.context());
        ScopeRef acmeDev = people.env("acme", "acme-dev");
        Farm webDev = app.context().jdbi.withExtension(FarmDao.class, dao -> dao.findFarmByName(acmeDev.id(), "web-dev"))
                .orElseThrow();
        Page page = signedIn("bob@example.com");
        page.navigate(app.baseUrl() + acmeDev.path() + "/farms/" + webDev.id());
        FreshnessChartPage chart = new FreshnessChartPage(page, FreshnessRoutes.FARM_CHART_ID);
        assertThat(chart.points()).hasCount(30);
        // web-dev runs in sandbox-east-1 only: the west replacement (and its rollback) is not its story.
        assertThat(chart.markers()).hasCount(2);
        assertThat(chart.notes()).hasCount(2);
        assertThat(chart.notes().nth(1)).containsText(daysAgo(3) + " replaced ubuntu-22-04-2 → ubuntu-24-04 in sandbox-east-1");
        Locator today = chart.days().nth(29);
        chart.hover(today);
        assertThat(chart.tip(today)).containsText("1 of 2 servers on their role's current image (50.0 %)");
        assertEquals(1, page.locator("#farm-freshness-chart").count());
    }
}
