package imagehub.user;

import imagehub.access.Access;
import imagehub.access.AccessCache;
import imagehub.access.AdminReach;
import imagehub.access.Grant;
import imagehub.access.NotFoundException;
import imagehub.access.AccessLevel;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.scope.Environment;
import imagehub.scope.ScopeDao;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Users, service accounts and their grants. Admins manage the members of the scopes they administer;
 * who may see and manage which user is {@link UserReach}'s rule.
 */
public final class UserService {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{1,63}$");
    private static final Pattern SERVICE_NAME = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    public static final String SERVICE_DOMAIN = "@service.imagehub";

    private final Jdbi jdbi;
    private final Access access;
    private final AccessCache cache;
    private final AccessCache.Memo<Long, Optional<Identity>> identities;
    private final UserReach reach;
    private final AuditWriter audit;
    private final Clock clock;

    public UserService(Jdbi jdbi, Access access, AccessCache cache, AuditWriter audit, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.cache = cache;
        this.identities = cache.memo(userId -> jdbi.withExtension(UserDao.class,
                dao -> dao.find(userId).map(user -> new Identity(user.email(), List.copyOf(dao.grants(userId))))));
        this.reach = new UserReach(access);
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A user with the grants the viewer may see (or that matter in the scope being looked at), and
     * whether the viewer manages them (keys, disable, delete).
     */
    public record Member(User user, List<Grant> grants, boolean manageable) {
    }

    /** One page of a list and the size of the whole list. */
    public record Page<T>(List<T> items, long total) {
    }

    public record NewMember(String email, String name, String password, String role) {
    }

    /** Members of {@code scope}: users holding a grant on it or below it (Global: every user). */
    public List<Member> members(Viewer viewer, ScopeRef scope) {
        access.requireManage(viewer, scope);
        AdminReach viewerReach = reach.of(viewer);
        return jdbi.withHandle(h -> {
            UserDao users = h.attach(UserDao.class);
            List<Environment> envs = h.attach(ScopeDao.class).listEnvironments();
            Map<Long, List<Grant>> all = users.allGrants().stream().collect(Collectors.groupingBy(Grant::userId));
            return users.list().stream()
                    .map(u -> {
                        List<Grant> held = all.getOrDefault(u.id(), List.of());
                        return new Member(u, held.stream().filter(g -> within(g.scope(), scope, envs)).toList(),
                                viewerReach.managesHolderOf(held));
                    })
                    .filter(m -> scope.level() == ScopeLevel.GLOBAL || !m.grants().isEmpty())
                    .toList();
        });
    }

    /** The identity an authenticated request acts as; only for callers that verified who it is. */
    public Viewer viewerOf(long userId, imagehub.access.Channel channel) {
        Identity identity = identities.get(userId).orElseThrow(() -> new NotFoundException("User " + userId));
        return new Viewer(userId, identity.email(), identity.grants(), channel);
    }

    /** Who a user is to {@link #viewerOf}: read on nearly every request, so kept in the {@link AccessCache}. */
    private record Identity(String email, List<Grant> grants) {
    }

    /** The users list of the API answers only admins: anyone else is 404, before their input is looked at. */
    public void requireUserAdmin(Viewer viewer) {
        if (reach.of(viewer).isEmpty()) {
            throw new NotFoundException("Users");
        }
    }

    /**
     * One page of the users the viewer may see (every user for Global admins, else those holding a
     * grant in a scope they administer), each with the grants the viewer may see.
     */
    public Page<Member> page(Viewer viewer, long offset, int limit) {
        AdminReach viewerReach = reach.of(viewer);
        if (viewerReach.isEmpty()) {
            throw new NotFoundException("Users");
        }
        String where = viewerReach.everything() ? "TRUE"
                : "EXISTS (SELECT 1 FROM grants g WHERE g.user_id = u.id AND " + UserReach.covers(viewerReach) + ")";
        return jdbi.withHandle(h -> {
            long total = UserReach.bind(h.createQuery("SELECT COUNT(*) FROM users u WHERE " + where), viewerReach)
                    .mapTo(Long.class).one();
            List<User> users = UserReach.bind(h.createQuery("SELECT " + UserDao.USER_COLUMNS + " FROM users u WHERE "
                    + where + " ORDER BY kind, email LIMIT :limit OFFSET :offset"), viewerReach)
                    .bind("limit", limit).bind("offset", offset).map(ConstructorMapper.of(User.class)).list();
            if (users.isEmpty()) {
                return new Page<>(List.<Member>of(), total);
            }
            Map<Long, List<Grant>> grants = h.createQuery("SELECT " + UserDao.GRANT_COLUMNS
                            + " FROM grants g WHERE g.user_id IN (<ids>) ORDER BY g.scope_level, g.scope_id")
                    .bindList("ids", users.stream().map(User::id).toList())
                    .map(ConstructorMapper.of(Grant.class)).stream().collect(Collectors.groupingBy(Grant::userId));
            return new Page<>(users.stream().map(u -> {
                List<Grant> held = grants.getOrDefault(u.id(), List.of());
                return new Member(u, UserReach.visible(viewer, viewerReach, held), viewerReach.managesHolderOf(held));
            }).toList(), total);
        });
    }

    /** A user the viewer may see; 404 otherwise. */
    public User find(Viewer viewer, long userId) {
        return jdbi.withHandle(h -> reach.requireVisible(h, viewer, userId));
    }

    /** A user the viewer may see, with the grants the viewer may see. */
    public Member member(Viewer viewer, long userId) {
        return jdbi.withHandle(h -> {
            User user = reach.requireVisible(h, viewer, userId);
            AdminReach viewerReach = reach.of(viewer);
            List<Grant> held = h.attach(UserDao.class).grants(userId);
            return new Member(user, UserReach.visible(viewer, viewerReach, held), viewerReach.managesHolderOf(held));
        });
    }

    /** A user the viewer manages (404 when unseen, 403 when only seen): checked before reading any input. */
    public User requireManages(Viewer viewer, long userId) {
        return jdbi.withHandle(h -> reach.requireManages(h, viewer, userId));
    }

    /** One page of the grants of a user the viewer may see, leaving out those the viewer may not see. */
    public Page<Grant> grants(Viewer viewer, long userId, long offset, int limit) {
        AdminReach viewerReach = reach.of(viewer);
        String where = "g.user_id = :userId AND (g.user_id = :self OR " + UserReach.covers(viewerReach) + ")";
        return jdbi.withHandle(h -> {
            reach.requireVisible(h, viewer, userId);
            long total = UserReach.bind(h.createQuery("SELECT COUNT(*) FROM grants g WHERE " + where), viewerReach)
                    .bind("userId", userId).bind("self", viewer.userId()).mapTo(Long.class).one();
            List<Grant> page = UserReach.bind(h.createQuery("SELECT " + UserDao.GRANT_COLUMNS + " FROM grants g WHERE "
                            + where + " ORDER BY g.scope_level, g.scope_id LIMIT :limit OFFSET :offset"), viewerReach)
                    .bind("userId", userId).bind("self", viewer.userId()).bind("limit", limit).bind("offset", offset)
                    .map(ConstructorMapper.of(Grant.class)).list();
            return new Page<>(page, total);
        });
    }

    /**
     * Adds a member to {@code scope} from the portal: an existing user (by email) gets the grant, and
     * the answer says nothing of their other grants; a new one is created with the given password first.
     */
    public User addMember(Viewer viewer, ScopeRef scope, NewMember input) {
        return member(viewer, scope, input, true);
    }

    /** Creates a person holding {@code role} on {@code scope}; an email in use already is a 409. */
    public User createUser(Viewer viewer, ScopeRef scope, NewMember input) {
        return member(viewer, scope, input, false);
    }

    private User member(Viewer viewer, ScopeRef scope, NewMember input, boolean existingGetsGrant) {
        access.requireManage(viewer, scope);
        String email = input.email() == null ? "" : input.email().strip().toLowerCase(Locale.ROOT);
        ValidationException.Collector errors = new ValidationException.Collector();
        if (!EMAIL.matcher(email).matches()) {
            errors.add("email", "Enter an email address like name@example.com");
        }
        AccessLevel role = parseRole(input.role(), scope, errors);
        errors.throwIfAny();
        return jdbi.inTransaction(h -> {
            UserDao users = h.attach(UserDao.class);
            Optional<User> existing = users.findByEmail(email);
            if (existing.isPresent() && !existingGetsGrant) {
                throw ConflictException.unicity("email", "A user with the email " + email
                        + " exists already; give them a grant instead");
            }
            User user;
            if (existing.isPresent()) {
                user = existing.get();
            } else {
                String name = input.name() == null || input.name().isBlank() ? email : input.name().strip();
                if (name.length() > 100) {
                    throw ValidationException.of("name", "Use at most 100 characters");
                }
                Passwords.problem(input.password()).ifPresent(p -> {
                    throw ValidationException.of("password", p);
                });
                long id = users.insert(email, name, UserKind.HUMAN, Passwords.hash(input.password()), clock.instant());
                user = users.find(id).orElseThrow();
                audit.record(h, viewer, new AuditWriter.Change("user.create", "user", String.valueOf(id), email,
                        ScopeRef.GLOBAL, null, user));
            }
            grant(h, viewer, user, scope, role);
            return user;
        });
    }

    /** Creates a service account holding {@code role} on {@code scope}; it has no password. */
    public User createServiceAccount(Viewer viewer, ScopeRef scope, String name, String role) {
        access.requireManage(viewer, scope);
        String slug = name == null ? "" : name.strip();
        ValidationException.Collector errors = new ValidationException.Collector();
        if (!SERVICE_NAME.matcher(slug).matches() || slug.length() > 60) {
            errors.add("name", "Use lower-case words joined by hyphens, at most 60 characters (e.g. ci-publisher)");
        }
        AccessLevel parsed = parseRole(role, scope, errors);
        errors.throwIfAny();
        return jdbi.inTransaction(h -> {
            UserDao users = h.attach(UserDao.class);
            String email = slug + SERVICE_DOMAIN;
            if (users.findByEmail(email).isPresent()) {
                throw ConflictException.unicity("name", "A service account named " + slug + " already exists");
            }
            long id = users.insert(email, slug, UserKind.SERVICE, null, clock.instant());
            User user = users.find(id).orElseThrow();
            audit.record(h, viewer, new AuditWriter.Change("service-account.create", "user", String.valueOf(id), email,
                    scope, null, user));
            grant(h, viewer, user, scope, parsed);
            return user;
        });
    }

    /** Gives a user the viewer may see {@code role} on {@code scope}, which the viewer administers. */
    public Grant setGrant(Viewer viewer, long userId, ScopeRef scope, String role) {
        find(viewer, userId);
        access.requireManage(viewer, scope);
        ValidationException.Collector errors = new ValidationException.Collector();
        AccessLevel parsed = parseRole(role, scope, errors);
        errors.throwIfAny();
        return jdbi.inTransaction(h -> {
            User user = reach.requireVisible(h, viewer, userId);
            grant(h, viewer, user, scope, parsed);
            return h.attach(UserDao.class).findGrant(userId, scope.level().name(), scope.id()).orElseThrow();
        });
    }

    public void removeGrant(Viewer viewer, long grantId) {
        removeGrant(viewer, Optional.empty(), grantId);
    }

    /** Removes grant {@code grantId} of user {@code userId}; a grant of another user is 404. */
    public void removeGrant(Viewer viewer, long userId, long grantId) {
        removeGrant(viewer, Optional.of(userId), grantId);
    }

    private void removeGrant(Viewer viewer, Optional<Long> userId, long grantId) {
        AdminReach viewerReach = reach.of(viewer);
        jdbi.useTransaction(h -> {
            h.afterCommit(cache::changed);
            UserDao users = h.attach(UserDao.class);
            Grant grant = users.findGrant(grantId)
                    .filter(g -> viewerReach.covers(g.scope()) && userId.map(id -> id == g.userId()).orElse(true))
                    .orElseThrow(() -> new NotFoundException("Grant " + grantId));
            if (grant.userId() == viewer.userId() && grant.scopeLevel() == ScopeLevel.GLOBAL) {
                throw ValidationException.of("", "You cannot remove your own Global admin grant");
            }
            users.deleteGrant(grantId);
            User user = users.find(grant.userId()).orElseThrow();
            audit.record(h, viewer, new AuditWriter.Change("grant.remove", "user", String.valueOf(user.id()), user.email(),
                    grant.scope(), grant, null));
        });
    }

    /** Disables or enables a user the viewer manages; disabling ends their sessions, and their keys stop working. */
    public void setDisabled(Viewer viewer, long userId, boolean disabled) {
        jdbi.useTransaction(h -> {
            User before = reach.requireManages(h, viewer, userId);
            h.afterCommit(cache::changed);
            if (userId == viewer.userId()) {
                throw ValidationException.of("", "You cannot disable yourself");
            }
            UserDao users = h.attach(UserDao.class);
            users.setDisabled(userId, disabled);
            if (disabled) {
                Sessions.endAll(h, userId);
            }
            audit.record(h, viewer, new AuditWriter.Change(disabled ? "user.disable" : "user.enable", "user",
                    String.valueOf(userId), before.email(), ScopeRef.GLOBAL, before, users.find(userId).orElseThrow()));
        });
    }

    public void delete(Viewer viewer, long userId) {
        jdbi.useTransaction(h -> {
            User before = reach.requireManages(h, viewer, userId);
            h.afterCommit(cache::changed);
            if (userId == viewer.userId()) {
                throw ValidationException.of("", "You cannot delete yourself");
            }
            UserDao users = h.attach(UserDao.class);
            List<Grant> grants = users.grants(userId);
            users.delete(userId);
            audit.record(h, viewer, new AuditWriter.Change("user.delete", "user", String.valueOf(userId), before.email(),
                    ScopeRef.GLOBAL, Map.of("user", before, "grants", grants), null));
        });
    }

    /** Changes the viewer's own password and ends their other sessions; {@code sessionToken} is the one kept. */
    public void changePassword(Viewer viewer, String current, String replacement, String sessionToken) {
        jdbi.useTransaction(h -> {
            UserDao users = h.attach(UserDao.class);
            User user = users.find(viewer.userId()).orElseThrow(() -> new NotFoundException("User " + viewer.userId()));
            if (user.kind() != UserKind.HUMAN) {
                throw ValidationException.of("", "Service accounts have no password");
            }
            if (current == null || !Passwords.matches(current, users.passwordHash(user.id()).orElse(null))) {
                throw ValidationException.of("current", "The current password is not right");
            }
            Passwords.problem(replacement).ifPresent(p -> {
                throw ValidationException.of("password", p);
            });
            users.setPasswordHash(user.id(), Passwords.hash(replacement));
            Sessions.endOthers(h, user.id(), sessionToken);
            audit.record(h, viewer, new AuditWriter.Change("user.password-change", "user", String.valueOf(user.id()),
                    user.email(), ScopeRef.GLOBAL, null, null));
        });
    }

    /** Sets a new password for a person the viewer manages, ending all their sessions. */
    public void resetPassword(Viewer viewer, long userId, String replacement) {
        jdbi.useTransaction(h -> {
            User user = reach.requireManages(h, viewer, userId);
            if (userId == viewer.userId()) {
                throw ValidationException.of("password", "Change your own password on your profile, with the current one");
            }
            if (user.kind() != UserKind.HUMAN) {
                throw ValidationException.of("password", "Service accounts have no password");
            }
            Passwords.problem(replacement).ifPresent(p -> {
                throw ValidationException.of("password", p);
            });
            h.attach(UserDao.class).setPasswordHash(userId, Passwords.hash(replacement));
            Sessions.endAll(h, userId);
            audit.record(h, viewer, new AuditWriter.Change("user.password-reset", "user", String.valueOf(userId),
                    user.email(), ScopeRef.GLOBAL, null, null));
        });
    }

    private void grant(Handle h, Viewer viewer, User user, ScopeRef scope, AccessLevel role) {
        h.afterCommit(cache::changed);
        UserDao users = h.attach(UserDao.class);
        // The audit entry of a grant shows the grants in the scope it touches, never the user's others.
        List<Environment> envs = h.attach(ScopeDao.class).listEnvironments();
        List<Grant> before = users.grants(user.id()).stream().filter(g -> within(g.scope(), scope, envs)).toList();
        users.upsertGrant(user.id(), scope.level().name(), scope.id(), role.name());
        audit.record(h, viewer, new AuditWriter.Change("grant.set", "user", String.valueOf(user.id()), user.email(),
                scope, before, users.grants(user.id()).stream().filter(g -> within(g.scope(), scope, envs)).toList()));
    }

    private static AccessLevel parseRole(String value, ScopeRef scope, ValidationException.Collector errors) {
        if (value == null || value.isBlank()) {
            errors.add("role", scope.level() == ScopeLevel.ENVIRONMENT
                    ? "Choose admin, operator or read-only" : "Global and account grants are admin grants: give role admin");
            return AccessLevel.READ_ONLY;
        }
        if (scope.level() != ScopeLevel.ENVIRONMENT) {
            if (!"admin".equalsIgnoreCase(value.strip())) {
                errors.add("role", "Global and account grants are admin grants");
            }
            return AccessLevel.ADMIN;
        }
        try {
            return AccessLevel.parse(value.strip());
        } catch (IllegalArgumentException e) {
            errors.add("role", "Choose admin, operator or read-only");
            return AccessLevel.READ_ONLY;
        }
    }

    private static boolean within(ScopeRef grantScope, ScopeRef scope, List<Environment> envs) {
        return switch (scope.level()) {
            case GLOBAL -> true;
            case ACCOUNT -> grantScope.equals(scope) || (grantScope.level() == ScopeLevel.ENVIRONMENT
                    && envs.stream().anyMatch(e -> e.id() == grantScope.id() && e.accountId() == scope.id()));
            case ENVIRONMENT -> grantScope.equals(scope);
        };
    }
}
