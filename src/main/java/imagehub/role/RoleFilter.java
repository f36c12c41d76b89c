package imagehub.role;

import imagehub.core.ValidationException;

/** What a role list is narrowed to; null filters match everything. */
public record RoleFilter(String text, String osFamily, Boolean deprecated) {
    public static final RoleFilter ALL = new RoleFilter(null, null, null);

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
