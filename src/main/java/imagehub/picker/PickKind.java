package imagehub.picker;

import imagehub.core.ScopeRef;
import imagehub.scope.ScopeChain;

/**
 * What a picker picks, with the SQL that finds such objects in reach of a scope: those a viewer who may enter
 * the scope sees there. Images: visible from the scope or defined below it (the servers of its environments run
 * them). Farms: of the scope's environments.
 */
public enum PickKind {
    IMAGE("images", "image") {
        @Override
        String select(ScopeChain chain) {
            return "SELECT id AS value, name, CONCAT(platform, ' · ', cloud_location) AS detail FROM images"
                    + " WHERE " + chain.overlapCondition();
        }

        @Override
        String matches() {
            return "(name LIKE :pattern ESCAPE '!' OR id = :query)";
        }

        @Override
        String byValue() {
            return "id = :value";
        }

        @Override
        String order() {
            return "name, cloud_location, id";
        }
    },
    FARM("farms", "farm") {
        @Override
        String select(ScopeChain chain) {
            String within = switch (chain.scope().level()) {
                case GLOBAL -> "TRUE";
                case ACCOUNT -> "f.account_id = :chainAccount";
                case ENVIRONMENT -> "f.env_id = :chainEnv";
            };
            return "SELECT CAST(f.id AS CHAR) AS value, f.name, e.name AS detail FROM farms f"
                    + " JOIN environments e ON e.id = f.env_id WHERE " + within;
        }

        @Override
        String matches() {
            return "(f.name LIKE :pattern ESCAPE '!' OR CAST(f.id AS CHAR) = :query)";
        }

        @Override
        String byValue() {
            return "CAST(f.id AS CHAR) = :value";
        }

        @Override
        String order() {
            return "f.name, e.name, f.id";
        }
    };

    private final String path;
    private final String noun;

    PickKind(String path, String noun) {
        this.path = path;
        this.noun = noun;
    }

    /** The search route below a scope's path: {@code {scope}/pick/images}. */
    public String path() {
        return "/pick/" + path;
    }

    public String noun() {
        return noun;
    }

    /** The path of this kind's search in {@code scope}. */
    public String searchPath(ScopeRef scope) {
        return scope.path() + path();
    }

    /** {@code SELECT value, name, detail FROM … WHERE <in reach of the chain's scope>}; binds through the chain. */
    abstract String select(ScopeChain chain);

    /** Condition: the name contains {@code :pattern} or the value is exactly {@code :query}. */
    abstract String matches();

    /** Condition: the value is {@code :value}. */
    abstract String byValue();

    abstract String order();
}
