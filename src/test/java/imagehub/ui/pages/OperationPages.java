package imagehub.ui.pages;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;

/** Page objects for the replace-servers form and the operation page. */
public final class OperationPages {
    private final Page page;

    public OperationPages(Page page) {
        this.page = page;
    }

    public void chooseTarget(String label) {
        page.getByLabel("Replace").selectOption(new SelectOption().setLabel(label));
    }

    public Locator summary() {
        return page.locator("#replace-summary");
    }

    public void start(int batchSize, int pauseSeconds) {
        page.getByLabel("Batch size").fill(String.valueOf(batchSize));
        page.getByLabel("Pause between batches (seconds)").fill(String.valueOf(pauseSeconds));
        page.locator("#start-replace-servers").getByRole(AriaRole.BUTTON).click();
    }

    public Locator bar() {
        return page.locator("#operation-bar");
    }

    public Locator percent() {
        return page.locator("#operation-percent");
    }

    public Locator status() {
        return page.locator("#operation-status");
    }

    public Locator cancelButton() {
        return page.locator("#cancel-operation button");
    }
}
