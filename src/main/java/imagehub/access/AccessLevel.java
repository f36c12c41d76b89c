package imagehub.access;

/** What a grant lets its holder do in the scopes it covers. */
public enum AccessLevel {
    ADMIN("admin"), OPERATOR("operator"), READ_ONLY("read-only");

    private final String label;

    AccessLevel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static AccessLevel parse(String value) {
        for (AccessLevel role : values()) {
            if (role.label.equalsIgnoreCase(value) || role.name().equalsIgnoreCase(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be admin, operator or read-only");
    }
}
