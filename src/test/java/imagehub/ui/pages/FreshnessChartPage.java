package imagehub.ui.pages;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** A freshness chart (the dashboard's or a farm's) and its legend. */
public final class FreshnessChartPage {
    private final Page page;
    private final String id;

    public FreshnessChartPage(Page page, String id) {
        this.page = page;
        this.id = id;
    }

    public Locator points() {
        return page.locator("#" + id + " circle.dot");
    }

    /** The days, oldest first; each shows its tooltip on hover and on focus. */
    public Locator days() {
        return page.locator("#" + id + " g.day");
    }

    public Locator tip(Locator day) {
        return day.locator("g.tip");
    }

    public void hover(Locator day) {
        day.locator("rect.hit").hover();
    }

    /** The one day of the chart in the tab order. */
    public Locator tabStop() {
        return page.locator("#" + id + " g.day[tabindex='0']");
    }

    public Locator markers() {
        return page.locator("#" + id + " g.marker");
    }

    public Locator legend() {
        return page.locator("#" + id + "-figure .chart-legend");
    }

    public Locator notes() {
        return page.locator("#" + id + "-figure .chart-notes li");
    }
}
