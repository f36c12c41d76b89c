package imagehub.ui.pages;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import imagehub.credentials.CredentialRoutes;

/** Page objects for Settings → Cloud credentials: the list, the add/edit form and the connection checks. */
public final class CredentialPages {
    private final Page page;

    public CredentialPages(Page page) {
        this.page = page;
    }

    /** From a scope's page: Settings, then Cloud credentials. */
    public void openFromSettings() {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Settings")).click();
        page.locator("#cloud-credentials-link").click();
    }

    public void openAddForm() {
        page.locator("#add-credentials").click();
    }

    /** Fills the add form (open, or re-shown with errors) and submits it. */
    public void submit(String name, String platformLabel, String keyId, String secret, String endpoint, String regions) {
        Locator form = page.locator("#credentials-form");
        form.getByLabel("Name").fill(name);
        form.locator("select[name=cloudPlatform]").selectOption(new SelectOption().setLabel(platformLabel));
        form.getByLabel("Access key id").fill(keyId);
        form.getByLabel("Secret").fill(secret);
        form.getByLabel("Endpoint (optional)").fill(endpoint);
        form.getByLabel("Default regions").fill(regions);
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Store credentials")).click();
    }

    public Locator fieldError(String field) {
        return page.locator("[data-field=" + field + "]");
    }

    public Locator row(String name) {
        return page.locator("#" + CredentialRoutes.TABLE_ID + " tbody tr[data-name='" + name + "']");
    }

    public void testConnection(String name) {
        row(name).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Test connection")).click();
    }

    public Locator checks(String name) {
        return row(name).locator(".connection-checks li");
    }

    public void delete(String name) {
        page.onceDialog(dialog -> dialog.accept());
        row(name).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
    }
}
