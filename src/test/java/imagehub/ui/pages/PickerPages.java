package imagehub.ui.pages;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** A picker of a form (templates/tag/picker.jte): its combobox, options and chip, found by the field's name. */
public final class PickerPages {
    private final Page page;
    private final String name;

    public PickerPages(Page page, String name) {
        this.page = page;
        this.name = name;
    }

    public Locator box() {
        return page.locator("#pick-" + name);
    }

    public Locator options() {
        return page.locator("#pick-" + name + "-options [role=option]");
    }

    public Locator option(String text) {
        return options().filter(new Locator.FilterOptions().setHasText(text));
    }

    public Locator chip() {
        return page.locator("[data-chip=" + name + "]");
    }

    /** Types {@code part} and clicks the option that shows {@code text}. */
    public void pickWithMouse(String part, String text) {
        box().click();
        box().pressSequentially(part);
        option(text).click();
    }

    /** Focuses the box, types {@code part}, moves to the first option with the arrow key and picks it with Enter. */
    public void pickWithKeyboard(String part) {
        box().focus();
        page.keyboard().type(part);
        options().first().waitFor();
        page.keyboard().press("ArrowDown");
        page.keyboard().press("Enter");
    }

    public void removeChip() {
        chip().locator(".chip-remove").click();
    }
}
