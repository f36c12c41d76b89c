package imagehub.ui.pages;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/** Page objects for logging in and the image pages, so tests read as what a person does. */
public final class ImagePages {
    private final Page page;
    private final String baseUrl;

    public ImagePages(Page page, String baseUrl) {
        this.page = page;
        this.baseUrl = baseUrl;
    }

    public void logIn(String email, String password) {
        page.navigate(baseUrl + "/login");
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
        page.locator(".user-menu").waitFor();
    }

    public void openList(String scopePath) {
        page.navigate(baseUrl + scopePath + "/images");
    }

    public void register(String cloudImageId, String name) {
        page.locator("#register-image").click();
        Locator form = page.locator("#register-form");
        form.getByLabel("Cloud image id").fill(cloudImageId);
        form.getByLabel("Name").fill(name);
        form.getByLabel("Operating system").selectOption("debian-12");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Register")).click();
    }

    public Locator heading() {
        return page.locator("#image-name");
    }

    public Locator rowNamed(String name) {
        return page.locator("#image-table tbody tr").filter(new Locator.FilterOptions().setHasText(name));
    }

    public void filterByText(String text) {
        page.getByLabel("Name starts with, or cloud image id").fill(text);
        page.locator("#image-filters").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Filter")).click();
    }

    public void deprecate(String reason) {
        Locator form = page.locator("#deprecate-form");
        form.getByLabel("Reason").fill(reason);
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Deprecate")).click();
    }
}
