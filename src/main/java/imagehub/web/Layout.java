package imagehub.web;

import java.util.List;

/**
 * What the page shell needs: the title, who is signed in, the scope the page runs in, the scopes the
 * viewer may switch to, the navigation of that scope, the CSRF token for forms, and what the build stamped (version, htmx).
 */
public record Layout(
        String title,
        String viewerEmail,
        ScopeOption currentScope,
        List<ScopeOption> scopes,
        List<NavItem> nav,
        String csrfToken,
        String notice,
        Build build) {

    /** One entry of the scope switcher. {@code depth} indents environments below their account. */
    public record ScopeOption(String label, String path, int depth) {
    }

    public record NavItem(String label, String path, boolean active) {
    }

    /** A shell with a title only: for answers that must not touch the database (it is unreachable). */
    public static Layout standalone(String title, Build build) {
        return new Layout(title, null, null, List.of(), List.of(), null, null, build);
    }

    public boolean signedIn() {
        return viewerEmail != null;
    }
}
