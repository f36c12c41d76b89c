package imagehub.ui.pages;

import com.microsoft.playwright.Page;

/** The login form. */
public final class LoginPage {
    private final Page page;

    public LoginPage(Page page) {
        this.page = page;
    }

    public static LoginPage open(Page page, String baseUrl) {
        page.navigate(baseUrl + "/login");
        return new LoginPage(page);
    }

    public void logIn(String email, String password) {
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(password);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Log in")).click();
    }
}
