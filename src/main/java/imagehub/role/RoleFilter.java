package imagehub.role;

import imagehub.core.ScopeLevel;
import imagehub.core.ValidationException;

/**
 * What a role list is narrowed to; null filters match everything. {@code text} is the portal's search (part of the
 * name); the API's Scalr filters match exactly: the role id, the whole name, the category and the scope level.
 */
public record RoleFilter(String text, String osFamily, Boolean deprecated, Long id, String name, String category,
        ScopeLevel scope) {
    public static final RoleFilter ALL = new RoleFilter(null, null, null);

    public RoleFilter(String text, String osFamily, Boolean deprecated) {
        this(text, osFamily, deprecated, null, null, null, null);
    }

    public RoleFilter exactly(Long id, String name, String category, ScopeLevel scope) {
        return new RoleFilter(text, osFamily, deprecated, id, name, category, scope);
    }

    /** A filter from request parameters; blank means "any", {@code deprecated} is "true", "false" or blank. */
    public static RoleFilter of(String text, String osFamily, String deprecated) {
        if (!blank(osFamily) && !RoleService.OS_FAMILIES.contains(osFamily.strip())) {
            throw ValidationException.of("os", "Unknown OS family " + osFamily);
        }
        if (!blank(deprecated) && !deprecated.equals("true") && !deprecated.equals("false")) {
            throw ValidationException.of("deprecated", "Deprecated is true or false");
        }
        return new RoleFilter(blank(text) ? null : text.strip(), blank(osFamily) ? null : osFamily.strip(),
                blank(deprecated) ? null : Boolean.valueOf(deprecated));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
