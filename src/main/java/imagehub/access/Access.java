package imagehub.access;

import imagehub.scope.Environment;
import imagehub.scope.ScopeChain;
import imagehub.scope.ScopeDao;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import imagehub.scope.Scoped;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The one resolver of scopes and rights: the chain and parent of a scope, and "may this viewer read /
 * operate / change things in this scope, or this object?". Every service asks it first. A scope or an
 * object the viewer cannot reach answers 404, exactly like one that does not exist; one they can see
 * but not change answers 403. Who may manage which user follows from {@link #adminReach}.
 */
public final class Access {
    private final Jdbi jdbi;
    private final AccessCache.Memo<Long, Optional<Environment>> environments;
    private final AccessCache.Memo<Long, Boolean> accounts;

    public Access(Jdbi jdbi, AccessCache cache) {
        this.jdbi = jdbi;
        this.environments = cache.memo(id -> jdbi.withExtension(ScopeDao.class, dao -> dao.findEnvironment(id)));
        this.accounts = cache.memo(id -> jdbi.withExtension(ScopeDao.class, dao -> dao.findAccount(id)).isPresent());
    }

    /** Whether some grant of the viewer covers {@code scope} with at least {@code needed}. */
    public boolean allows(Viewer viewer, ScopeRef scope, AccessLevel needed) {
        return viewer.isSystem() || allowsWith(viewer, scope, accountOf(scope), needed);
    }

    public boolean canEnter(Viewer viewer, ScopeRef scope) {
        return exists(scope) && allows(viewer, scope, AccessLevel.READ_ONLY);
    }

    /**
     * Whether an object defined at {@code owner} is visible from some scope the viewer may enter: a Global
     * one to anyone with a grant, an account's to its admins and to members of its environments, an
     * environment's to its members. Usage reports name only such objects and count the others.
     */
    public boolean canSee(Viewer viewer, ScopeRef owner) {
        if (viewer.isSystem()) {
            return true;
        }
        return switch (owner.level()) {
            case GLOBAL -> !viewer.grants().isEmpty();
            case ACCOUNT -> canEnter(viewer, owner) || holdsBelow(viewer, owner);
            case ENVIRONMENT -> canEnter(viewer, owner);
        };
    }

    /**
     * SQL: the user {@code userId} holds a grant covering the environment {@code envId} of account
     * {@code accountId}, as {@link #allows} answers for read-only, for many rows at once. The arguments are
     * column names or bind parameters, never values.
     */
    public static String coversEnvironmentSql(String userId, String accountId, String envId) {
        return "EXISTS (SELECT 1 FROM grants cg WHERE cg.user_id = " + userId + " AND (cg.scope_level = 'GLOBAL'"
                + " OR (cg.scope_level = 'ACCOUNT' AND cg.scope_id = " + accountId + ")"
                + " OR (cg.scope_level = 'ENVIRONMENT' AND cg.scope_id = " + envId + ")))";
    }

    /**
     * The viewer may enter {@code scope} or holds a grant below it (an environment of an account); otherwise
     * 404. Whoever has a foothold in an account may learn that it exists, and nobody else.
     */
    public void requireReach(Viewer viewer, ScopeRef scope) {
        if (scope.level() != ScopeLevel.ACCOUNT || !holdsBelow(viewer, scope)) {
            requireEnter(viewer, scope);
        }
    }

    /** The viewer holds a grant on an environment of {@code account}. */
    private boolean holdsBelow(Viewer viewer, ScopeRef account) {
        return viewer.grants().stream().anyMatch(g -> g.scopeLevel() == ScopeLevel.ENVIRONMENT
                && accountOf(g.scope()).map(a -> a == account.id()).orElse(false));
    }

    /** The scope exists and the viewer may enter it; otherwise 404. */
    public void requireEnter(Viewer viewer, ScopeRef scope) {
        if (!canEnter(viewer, scope)) {
            throw new NotFoundException(capitalized(scope));
        }
    }

    /** Admin rights on {@code scope}: 404 when the viewer cannot even see it, 403 when they only see it. */
    public void requireManage(Viewer viewer, ScopeRef scope) {
        require(viewer, scope, AccessLevel.ADMIN);
    }

    /** Operator (or admin) rights on {@code scope}, for farm and server actions. */
    public void requireOperate(Viewer viewer, ScopeRef scope) {
        require(viewer, scope, AccessLevel.OPERATOR);
    }

    private void require(Viewer viewer, ScopeRef scope, AccessLevel needed) {
        requireEnter(viewer, scope);
        if (!allows(viewer, scope, needed)) {
            throw new ForbiddenException("You need " + needed.label() + " rights on " + capitalized(scope) + " for this");
        }
    }

    /**
     * Admin rights on {@code scope}, where the viewer already sees what they act on (an object visible from
     * their scope, defined at or above it): a refusal is 403 even when they cannot enter {@code scope}.
     */
    public void requireAdmin(Viewer viewer, ScopeRef scope, String action) {
        if (!allows(viewer, scope, AccessLevel.ADMIN)) {
            throw new ForbiddenException("You need admin rights on " + describe(scope) + " to " + action);
        }
    }

    /** The chain of {@code scope}, once it exists and the viewer may enter it; 404 otherwise. */
    public ScopeChain enter(Viewer viewer, ScopeRef scope) {
        requireEnter(viewer, scope);
        return chain(scope);
    }

    /** The chain of {@code scope}: it and the scopes above it, whose objects are visible from it. */
    public ScopeChain chain(ScopeRef scope) {
        return new ScopeChain(scope, accountOf(scope).orElse(null));
    }

    /** The scope one level up (an environment's account, an account's Global); empty for Global. 404 for a missing environment. */
    public Optional<ScopeRef> parentOf(ScopeRef scope) {
        return switch (scope.level()) {
            case GLOBAL -> Optional.empty();
            case ACCOUNT -> Optional.of(ScopeRef.GLOBAL);
            case ENVIRONMENT -> Optional.of(ScopeRef.account(
                    accountOf(scope).orElseThrow(() -> new NotFoundException(capitalized(scope)))));
        };
    }

    /** The object {@code found} when it is defined at a scope of {@code chain}; otherwise 404 as {@code what}, like a missing one. */
    public <T extends Scoped> T visible(ScopeChain chain, Optional<T> found, String what) {
        return found.filter(object -> chain.sees(object.scope())).orElseThrow(() -> new NotFoundException(what));
    }

    /**
     * The object {@code locked} (the caller's DAO locked its row) once it is {@link #visible} and the viewer
     * administers the scope it is defined at: 404 as {@code what} when unseen, 403 when only seen.
     */
    public <T extends Scoped> T requireChange(Viewer viewer, ScopeChain chain, Optional<T> locked, String what) {
        T object = visible(chain, locked, what);
        requireAdmin(viewer, object.scope(), "change " + object.name());
        return object;
    }

    /** The scopes the viewer administers; reads the environments once when they administer an account. */
    public AdminReach adminReach(Viewer viewer) {
        if (allowsWith(viewer, ScopeRef.GLOBAL, Optional.empty(), AccessLevel.ADMIN)) {
            return new AdminReach(true, java.util.Set.of(), java.util.Set.of());
        }
        java.util.Set<Long> accounts = new java.util.HashSet<>();
        java.util.Set<Long> environments = new java.util.HashSet<>();
        for (Grant grant : viewer.grants()) {
            if (grant.role() == AccessLevel.ADMIN) {
                (grant.scopeLevel() == ScopeLevel.ACCOUNT ? accounts : environments).add(grant.scopeId());
            }
        }
        if (!accounts.isEmpty()) {
            jdbi.withExtension(ScopeDao.class, ScopeDao::listEnvironments).stream()
                    .filter(env -> accounts.contains(env.accountId()))
                    .forEach(env -> environments.add(env.id()));
        }
        return new AdminReach(false, accounts, environments);
    }

    /**
     * Every scope the viewer may enter, widest first, each environment after its account: what the
     * scope switcher offers. Reads all accounts and environments once.
     */
    public java.util.List<ScopeRef> enterableScopes(Viewer viewer) {
        return jdbi.withExtension(ScopeDao.class, dao -> {
            java.util.List<ScopeRef> scopes = new java.util.ArrayList<>();
            if (allowsWith(viewer, ScopeRef.GLOBAL, Optional.empty(), AccessLevel.READ_ONLY)) {
                scopes.add(ScopeRef.GLOBAL);
            }
            java.util.List<Environment> envs = dao.listEnvironments();
            for (var account : dao.listAccounts()) {
                if (allowsWith(viewer, account.scope(), Optional.of(account.id()), AccessLevel.READ_ONLY)) {
                    scopes.add(account.scope());
                }
                for (Environment env : envs) {
                    if (env.accountId() == account.id()
                            && allowsWith(viewer, env.scope(), Optional.of(account.id()), AccessLevel.READ_ONLY)) {
                        scopes.add(env.scope());
                    }
                }
            }
            return scopes;
        });
    }

    private boolean allowsWith(Viewer viewer, ScopeRef scope, Optional<Long> accountOfScope, AccessLevel needed) {
        return viewer.isSystem() || viewer.grants().stream()
                .anyMatch(g -> covers(g, scope, accountOfScope) && satisfies(g.role(), needed));
    }

    /** The account an account or environment scope belongs to; empty for Global or a missing environment. */
    public Optional<Long> accountOf(ScopeRef scope) {
        return switch (scope.level()) {
            case GLOBAL -> Optional.empty();
            case ACCOUNT -> Optional.of(scope.id());
            case ENVIRONMENT -> environment(scope.id()).map(Environment::accountId);
        };
    }

    private Optional<Environment> environment(long envId) {
        return environments.get(envId);
    }

    private boolean exists(ScopeRef scope) {
        return switch (scope.level()) {
            case GLOBAL -> true;
            case ACCOUNT -> accounts.get(scope.id());
            case ENVIRONMENT -> environment(scope.id()).isPresent();
        };
    }

    private static boolean covers(Grant grant, ScopeRef scope, Optional<Long> accountOfScope) {
        return switch (grant.scopeLevel()) {
            case GLOBAL -> true;
            case ACCOUNT -> accountOfScope.map(a -> a == grant.scopeId()).orElse(false);
            case ENVIRONMENT -> scope.level() == ScopeLevel.ENVIRONMENT && scope.id() == grant.scopeId();
        };
    }

    private static boolean satisfies(AccessLevel held, AccessLevel needed) {
        return held.ordinal() <= needed.ordinal();
    }

    /** "Global", "account 3", "environment 7": a scope named in the middle of a message. */
    public static String describe(ScopeRef scope) {
        return switch (scope.level()) {
            case GLOBAL -> "Global";
            case ACCOUNT -> "account " + scope.id();
            case ENVIRONMENT -> "environment " + scope.id();
        };
    }

    /**
     * The roles whose rights the viewer holds at {@code scope} (an admin's include operator and read-only),
     * resolving the scope's account once: for a page that checks many rights, like the navigation.
     */
    public java.util.Set<AccessLevel> rolesAt(Viewer viewer, ScopeRef scope) {
        Optional<Long> accountOfScope = accountOf(scope);
        java.util.Set<AccessLevel> held = java.util.EnumSet.noneOf(AccessLevel.class);
        for (AccessLevel role : AccessLevel.values()) {
            if (allowsWith(viewer, scope, accountOfScope, role)) {
                held.add(role);
            }
        }
        return held;
    }

    private static String capitalized(ScopeRef scope) {
        String described = describe(scope);
        return Character.toUpperCase(described.charAt(0)) + described.substring(1);
    }
}
