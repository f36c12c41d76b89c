package imagehub.ui.pages;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/** Page objects for the replace-everywhere wizard and the Replacements page. */
public final class ReplacementPages {
    private final Page page;

    public ReplacementPages(Page page) {
        this.page = page;
    }

    public void startFromImage() {
        page.locator("#replace-everywhere").click();
    }

    public void preview(String newImageLabel) {
        page.getByLabel("New image").selectOption(new com.microsoft.playwright.options.SelectOption().setLabel(newImageLabel));
        page.locator("#replace-form").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Preview")).click();
    }

    public Locator changingRoles() {
        return page.locator("#preview-roles tr.changes");
    }

    public Locator skippedRoles() {
        return page.locator("#preview-roles tr.skipped");
    }

    public void confirm() {
        page.locator("#confirm-replace button").click();
    }

    public Locator replacement(long id) {
        return page.locator("#replacement-" + id);
    }

    public void rollBack(long id) {
        page.onceDialog(dialog -> dialog.accept());
        replacement(id).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Rollback")).click();
    }
}
