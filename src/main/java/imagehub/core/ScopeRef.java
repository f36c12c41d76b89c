package imagehub.core;

/**
 * One scope: Global (id 0), an account, or an environment. Objects are stored with
 * {@code (scope_level, scope_id)} taken from this record.
 */
public record ScopeRef(ScopeLevel level, long id) {
    public static final ScopeRef GLOBAL = new ScopeRef(ScopeLevel.GLOBAL, 0);

    public ScopeRef {
        if (level == null) {
            throw new IllegalArgumentException("scope level is required");
        }
        if (level == ScopeLevel.GLOBAL ? id != 0 : id <= 0) {
            throw new IllegalArgumentException("invalid " + level + " scope id " + id);
        }
    }

    public static ScopeRef account(long accountId) {
        return new ScopeRef(ScopeLevel.ACCOUNT, accountId);
    }

    public static ScopeRef environment(long envId) {
        return new ScopeRef(ScopeLevel.ENVIRONMENT, envId);
    }

    /** The portal URL prefix of this scope: {@code /global}, {@code /accounts/7}, {@code /envs/12}. */
    public String path() {
        return switch (level) {
            case GLOBAL -> "/global";
            case ACCOUNT -> "/accounts/" + id;
            case ENVIRONMENT -> "/envs/" + id;
        };
    }

    /** The API prefix of this scope: {@code /api/v1beta0/global}, {@code …/account/7}, {@code …/user/12}. */
    public String apiPath() {
        return switch (level) {
            case GLOBAL -> "/api/v1beta0/global";
            case ACCOUNT -> "/api/v1beta0/account/" + id;
            case ENVIRONMENT -> "/api/v1beta0/user/" + id;
        };
    }
}
