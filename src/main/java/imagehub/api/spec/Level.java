package imagehub.api.spec;

import imagehub.api.ApiRoutes;
import java.util.EnumSet;
import java.util.Set;

/** The three APIs: each has its own base path and spec, and names its scope in the path (except global). */
public enum Level {
    USER("user", "envId", "Environment", "The ID of the Environment scoping this request."),
    ACCOUNT("account", "accountId", "Account", "The ID of the Account scoping this request."),
    GLOBAL("global", null, "Scalr (Global) scope", null);

    public static final Set<Level> ALL = EnumSet.allOf(Level.class);

    private final String id;
    private final String param;
    private final String word;
    private final String paramDescription;

    Level(String id, String param, String word, String paramDescription) {
        this.id = id;
        this.param = param;
        this.word = word;
        this.paramDescription = paramDescription;
    }

    /** {@code user}, {@code account} or {@code global}: the spec file and base path segment. */
    public String id() {
        return id;
    }

    /** The path parameter naming the scope ({@code envId}, {@code accountId}), or null at the global level. */
    public String param() {
        return param;
    }

    /** How descriptions name the scope: "Environment", "Account", "Scalr (Global) scope". */
    public String word() {
        return word;
    }

    /** The path parameter naming this level's scope, as every route key of its spec starts with it. */
    public Schema pathParam() {
        if (param == null) {
            throw new IllegalStateException("the global level has no scope parameter");
        }
        return Schema.integer().describe(paramDescription);
    }

    /** The base path of this level's API, e.g. {@code /api/v1beta0/user}. */
    public String basePath() {
        return ApiRoutes.PREFIX + "/" + id;
    }

    /** The start of every route key of this level's spec: {@code /{envId}}, {@code /{accountId}} or nothing. */
    public String keyPrefix() {
        return param == null ? "" : "/{" + param + "}";
    }
}
