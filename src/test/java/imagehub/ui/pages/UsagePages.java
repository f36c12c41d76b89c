package imagehub.ui.pages;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import imagehub.usage.UsageRoutes;

/** The usage explorer and the dashboard's freshness card. */
public final class UsagePages {
    private final Page page;

    public UsagePages(Page page) {
        this.page = page;
    }

    public void filterImageState(String state) {
        page.locator("#" + UsageRoutes.FILTERS_ID + " select[name=imageState]").selectOption(state);
        page.locator("#" + UsageRoutes.FILTERS_ID + " button[type=submit]").click();
    }

    public Locator serverRows() {
        return page.locator("#" + UsageRoutes.SERVERS_ID + " tbody tr");
    }

    public Locator total() {
        return page.locator("#usage-total");
    }

    public Download downloadCsv() {
        return page.waitForDownload(() -> page.locator("#usage-csv").click());
    }

    public Locator chartSeries() {
        return page.locator("#freshness-chart path.series");
    }
}
