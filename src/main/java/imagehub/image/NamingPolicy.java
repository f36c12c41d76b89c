package imagehub.image;

import imagehub.core.ScopeRef;
import java.util.regex.Pattern;

/**
 * The pattern image names must match at a scope: the one of the nearest scope that sets one (the
 * account, then Global), else the default. {@code definedAt} is null for the default.
 */
public record NamingPolicy(String pattern, ScopeRef definedAt) {
    // Underscores too: an update task names each run's image <name>_on_<runId>_at_<yyyyMMddHHmm>.
    public static final String DEFAULT_PATTERN = "^[a-z0-9]+([_-][a-z0-9]+)*$";
    public static final NamingPolicy DEFAULT = new NamingPolicy(DEFAULT_PATTERN, null);

    public boolean matches(String name) {
        return Pattern.compile(pattern).matcher(name).matches();
    }

    /** How to explain a refused name. */
    public String explain() {
        return pattern.equals(DEFAULT_PATTERN)
                ? "Use lower-case words and digits joined by hyphens or underscores, the main software and its version "
                        + "(e.g. nginx-1-9)"
                : "The naming policy asks for names matching " + pattern;
    }
}
