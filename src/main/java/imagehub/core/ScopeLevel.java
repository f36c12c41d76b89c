package imagehub.core;

/** The three nested scopes, widest first. */
public enum ScopeLevel {
    GLOBAL, ACCOUNT, ENVIRONMENT;

    /** The name Scalr's API uses for this scope in object bodies. */
    public String apiName() {
        return switch (this) {
            case GLOBAL -> "scalr";
            case ACCOUNT -> "account";
            case ENVIRONMENT -> "environment";
        };
    }
}
