package imagehub.ui.pages;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import imagehub.farm.FarmRoutes;

/** Page objects for the farm list and the farm detail page. */
public final class FarmPages {
    private final Page page;

    public FarmPages(Page page) {
        this.page = page;
    }

    public void create(String name, String description) {
        page.locator("#new-farm").click();
        Locator form = page.locator("#farm-form");
        form.getByLabel("Name").fill(name);
        form.getByLabel("Description").fill(description);
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create")).click();
    }

    public Locator heading() {
        return page.locator("#farm-name");
    }

    public Locator status() {
        return page.locator("#farm-status");
    }

    public void addFarmRole(String roleName, String location, int min, int max) {
        Locator form = page.locator("#add-farm-role-form");
        form.locator("select[name=roleId]").selectOption(new SelectOption().setLabel(roleName));
        form.locator("select[name=cloudLocation]").selectOption(location);
        form.getByLabel("Min servers").fill(String.valueOf(min));
        form.getByLabel("Max servers").fill(String.valueOf(max));
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add farm role")).click();
    }

    /**
     * Adds a farm role on a real cloud: the form reloads with the groups the cloud lists for the platform and
     * location; each choice waits for the reload it causes, so no later swap drops a choice made meanwhile.
     */
    public void bindFarmRole(String roleName, String platform, String location, String scalingGroup) {
        page.locator("#add-farm-role-form select[name=roleId]").selectOption(new SelectOption().setLabel(roleName));
        page.locator("#add-farm-role-form select[name=platform]").selectOption(platform);
        String reloaded = "#" + FarmRoutes.FARM_ROLE_FORM_ID + "[data-platform='" + platform + "']";
        page.locator(reloaded).waitFor();
        if (!location.equals(page.locator(reloaded + " select[name=cloudLocation]").inputValue())) {
            page.locator(reloaded + " select[name=cloudLocation]").selectOption(location);
            page.locator(reloaded + "[data-location='" + location + "']").waitFor();
        }
        page.locator("#add-farm-role-form select[name=scalingGroupId]").selectOption(scalingGroup);
        page.locator("#add-farm-role-form").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Add farm role")).click();
    }

    /** The image-sync badge of the farm role bound to {@code scalingGroup}. */
    public Locator imageSync(String scalingGroup) {
        return farmRoles().filter(new Locator.FilterOptions().setHasText(scalingGroup)).locator(".scaling-group");
    }

    public Locator farmRoles() {
        return page.locator("#farm-roles tbody tr");
    }

    public void launch() {
        page.locator("#launch-farm-form button").click();
    }

    /** The rows of the live servers table. */
    public Locator servers() {
        return page.locator("#" + FarmRoutes.SERVERS_ID + " tbody tr");
    }

    public Locator freshness() {
        return page.locator("#farm-freshness");
    }

    public void terminateServer(String cloudInstanceId) {
        page.onceDialog(dialog -> dialog.accept());
        page.locator("tr[data-instance='" + cloudInstanceId + "'] .terminate-server button").click();
    }
}
