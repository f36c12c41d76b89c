package imagehub.image;

import imagehub.access.Access;
import imagehub.access.AccessLevel;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.core.ValidationException;
import imagehub.scope.ScopeChain;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Image naming policies: the pattern image names must match, set at Global or an account and inherited by
 * the scopes below; the nearest one wins. The catalog checks names against it when it registers or edits.
 */
public final class ImageNaming {
    public static final int MAX_NAME = 100;
    private static final int MAX_PATTERN = 200;

    private final Jdbi jdbi;
    private final Access access;
    private final AuditWriter audit;
    private final Clock clock;

    public ImageNaming(Jdbi jdbi, Access access, AuditWriter audit, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    /** The naming policy in force at {@code scope}. */
    public NamingPolicy namingPolicy(Viewer viewer, ScopeRef scope) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.withExtension(ImageDao.class, dao -> policy(dao, chain));
    }

    /**
     * Sets the naming pattern of Global or an account; a blank pattern removes it, so the scope inherits
     * again. Applies to names registered or edited from then on.
     */
    public NamingPolicy setNamingPolicy(Viewer viewer, ScopeRef scope, String pattern) {
        access.requireManage(viewer, scope);
        if (!takesNamingPolicy(scope)) {
            throw ValidationException.of("", "Naming policies are set for Global or for an account");
        }
        String value = pattern == null || pattern.isBlank() ? null : pattern.strip();
        if (value != null) {
            if (value.length() > MAX_PATTERN) {
                throw ValidationException.of("pattern", "A pattern has at most " + MAX_PATTERN + " characters");
            }
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw ValidationException.of("pattern", "Not a valid regular expression: " + e.getDescription());
            }
        }
        ScopeChain chain = access.chain(scope);
        return jdbi.inTransaction(h -> {
            ImageDao dao = h.attach(ImageDao.class);
            NamingPolicy before = policy(dao, chain);
            if (value == null) {
                dao.removeNamingPattern(scope.level().name(), scope.id());
            } else {
                dao.setNamingPattern(scope.level().name(), scope.id(), value, viewer.email(), clock.instant());
            }
            NamingPolicy after = policy(dao, chain);
            audit.record(h, viewer, new AuditWriter.Change("naming-policy.set", "naming-policy", scope.level().name()
                    + ":" + scope.id(), after.pattern(), scope, before, after));
            return after;
        });
    }

    /** Whether the viewer may set the naming policy of {@code scope}: Global or an account they administer. */
    public boolean canSetNamingPolicy(Viewer viewer, ScopeRef scope) {
        return takesNamingPolicy(scope) && access.allows(viewer, scope, AccessLevel.ADMIN);
    }

    private static boolean takesNamingPolicy(ScopeRef scope) {
        return scope.level() != ScopeLevel.ENVIRONMENT;
    }

    /** The policy in force at the end of {@code chain}: the nearest scope's pattern, else the default. */
    static NamingPolicy policy(ImageDao dao, ScopeChain chain) {
        return policy(dao::namingPattern, chain);
    }

    /** The same, in one statement for the whole chain: on the API's PATCH path. */
    static NamingPolicy policy(Handle h, ScopeChain chain) {
        Map<String, String> patterns = new HashMap<>();
        chain.bind(h.createQuery("SELECT scope_level, scope_id, pattern FROM naming_policies WHERE " + chain.visibleCondition()))
                .map((rs, ctx) -> Map.entry(rs.getString(1) + ":" + rs.getLong(2), rs.getString(3)))
                .forEach(entry -> patterns.put(entry.getKey(), entry.getValue()));
        return policy((level, id) -> Optional.ofNullable(patterns.get(level + ":" + id)), chain);
    }

    private static NamingPolicy policy(BiFunction<String, Long, Optional<String>> patterns, ScopeChain chain) {
        List<ScopeRef> nearestFirst = new ArrayList<>(chain.scopes());
        Collections.reverse(nearestFirst);
        for (ScopeRef scope : nearestFirst) {
            var pattern = patterns.apply(scope.level().name(), scope.id());
            if (pattern.isPresent()) {
                return new NamingPolicy(pattern.get(), scope);
            }
        }
        return NamingPolicy.DEFAULT;
    }

    /** The name as typed, stripped; an error on {@code name} when it is blank, too long or breaks {@code policy}. */
    static String checkName(ValidationException.Collector errors, String raw, NamingPolicy policy) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            errors.add("name", "A name has 1 to " + MAX_NAME + " characters");
        } else if (!policy.matches(name)) {
            errors.add("name", policy.explain());
        }
        return name;
    }
}
