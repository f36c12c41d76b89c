package imagehub.web;

import imagehub.access.AccessLevel;

/**
 * One entry of a scope's navigation, contributed by the feature that serves {@code suffix} below the scope's
 * path: shown when the viewer holds {@code needed} there (and only in environments when
 * {@code environmentsOnly}).
 */
public record NavEntry(String label, String suffix, AccessLevel needed, boolean environmentsOnly) {
    /** An entry for everyone who may enter the scope. */
    public static NavEntry readers(String label, String suffix) {
        return new NavEntry(label, suffix, AccessLevel.READ_ONLY, false);
    }

    /** An entry for everyone who may enter the scope, offered in environments only. */
    public static NavEntry readersInEnvironments(String label, String suffix) {
        return new NavEntry(label, suffix, AccessLevel.READ_ONLY, true);
    }

    /** An entry for the scope's admins. */
    public static NavEntry admins(String label, String suffix) {
        return new NavEntry(label, suffix, AccessLevel.ADMIN, false);
    }
}
