package imagehub.user;

import imagehub.access.Access;
import imagehub.access.Grant;
import imagehub.access.NotFoundException;
import imagehub.access.Role;
import imagehub.access.Viewer;
import imagehub.audit.AuditLog;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.scope.Environment;
import imagehub.scope.ScopeDao;
import imagehub.scope.ScopeLevel;
import imagehub.scope.ScopeRef;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Users, service accounts and their grants. Admins manage the members of the scopes they administer. */
public final class UserService {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{1,63}$");
    private static final Pattern SERVICE_NAME = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    public static final String SERVICE_DOMAIN = "@service.imagehub";

    private final Jdbi jdbi;
    private final Access access;
    private final AuditLog audit;
    private final Clock clock;

    public UserService(Jdbi jdbi, Access access, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    /** A user with the grants that matter in the scope being looked at. */
    public record Member(User user, List<Grant> grants) {
    }

    public record NewMember(String email, String name, String password, String role) {
    }

    /** Members of {@code scope}: users holding a grant on it or below it (Global: every user). */
    public List<Member> members(Viewer viewer, ScopeRef scope) {
        access.requireManage(viewer, scope);
        return jdbi.withHandle(h -> {
            UserDao users = h.attach(UserDao.class);
            List<Environment> envs = h.attach(ScopeDao.class).listEnvironments();
            Map<Long, List<Grant>> grants = users.allGrants().stream()
                    .filter(g -> within(g.scope(), scope, envs))
                    .collect(Collectors.groupingBy(Grant::userId));
            return users.list().stream()
                    .filter(u -> scope.level() == ScopeLevel.GLOBAL || grants.containsKey(u.id()))
                    .map(u -> new Member(u, grants.getOrDefault(u.id(), List.of())))
                    .toList();
        });
    }

    /** The identity an authenticated request acts as; only for callers that verified who it is. */
    public Viewer viewerOf(long userId, imagehub.access.Channel channel) {
        return jdbi.withExtension(UserDao.class, dao -> {
            User user = dao.find(userId).orElseThrow(() -> new NotFoundException("User " + userId));
            return new Viewer(userId, user.email(), dao.grants(userId), channel);
        });
    }

    /** Users the viewer may see through the API: every user for Global admins, else members of scopes they administer. */
    public List<Member> visibleUsers(Viewer viewer) {
        if (access.allows(viewer, ScopeRef.GLOBAL, Role.ADMIN)) {
            return members(viewer, ScopeRef.GLOBAL);
        }
        Map<Long, Member> seen = new java.util.LinkedHashMap<>();
        for (Grant grant : viewer.grants()) {
            if (grant.role() == Role.ADMIN) {
                members(viewer, grant.scope()).forEach(m -> seen.putIfAbsent(m.user().id(), m));
            }
        }
        return List.copyOf(seen.values());
    }

    public User find(Viewer viewer, long userId) {
        return jdbi.withHandle(h -> visibleUser(h, viewer, userId));
    }

    public List<Grant> grants(Viewer viewer, long userId) {
        return jdbi.withHandle(h -> {
            visibleUser(h, viewer, userId);
            return h.attach(UserDao.class).grants(userId);
        });
    }

    /**
     * Adds a member to {@code scope}: an existing user (by email) gets the grant; a new one is created
     * with the given password first.
     */
    public User addMember(Viewer viewer, ScopeRef scope, NewMember input) {
        access.requireManage(viewer, scope);
        String email = input.email() == null ? "" : input.email().strip().toLowerCase(Locale.ROOT);
        ValidationException.Collector errors = new ValidationException.Collector();
        if (!EMAIL.matcher(email).matches()) {
            errors.add("email", "Enter an email address like name@example.com");
        }
        Role role = parseRole(input.role(), scope, errors);
        errors.throwIfAny();
        return jdbi.inTransaction(h -> {
            UserDao users = h.attach(UserDao.class);
            Optional<User> existing = users.findByEmail(email);
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
                audit.record(h, viewer, new AuditLog.Change("user.create", "user", String.valueOf(id), email,
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
        Role parsed = parseRole(role, scope, errors);
        errors.throwIfAny();
        return jdbi.inTransaction(h -> {
            UserDao users = h.attach(UserDao.class);
            String email = slug + SERVICE_DOMAIN;
            if (users.findByEmail(email).isPresent()) {
                throw ConflictException.unicity("name", "A service account named " + slug + " already exists");
            }
            long id = users.insert(email, slug, UserKind.SERVICE, null, clock.instant());
            User user = users.find(id).orElseThrow();
            audit.record(h, viewer, new AuditLog.Change("service-account.create", "user", String.valueOf(id), email,
                    scope, null, user));
            grant(h, viewer, user, scope, parsed);
            return user;
        });
    }

    public void setGrant(Viewer viewer, long userId, ScopeRef scope, String role) {
        access.requireManage(viewer, scope);
        ValidationException.Collector errors = new ValidationException.Collector();
        Role parsed = parseRole(role, scope, errors);
        errors.throwIfAny();
        jdbi.useTransaction(h -> {
            User user = h.attach(UserDao.class).find(userId).orElseThrow(() -> new NotFoundException("User " + userId));
            grant(h, viewer, user, scope, parsed);
        });
    }

    public void removeGrant(Viewer viewer, long grantId) {
        jdbi.useTransaction(h -> {
            UserDao users = h.attach(UserDao.class);
            Grant grant = users.findGrant(grantId).orElseThrow(() -> new NotFoundException("Grant " + grantId));
            if (!access.canEnter(viewer, grant.scope())) {
                throw new NotFoundException("Grant " + grantId);
            }
            access.requireManage(viewer, grant.scope());
            if (grant.userId() == viewer.userId() && grant.scopeLevel() == ScopeLevel.GLOBAL) {
                throw ValidationException.of("", "You cannot remove your own Global admin grant");
            }
            users.deleteGrant(grantId);
            User user = users.find(grant.userId()).orElseThrow();
            audit.record(h, viewer, new AuditLog.Change("grant.remove", "user", String.valueOf(user.id()), user.email(),
                    grant.scope(), grant, null));
        });
    }

    /** Disables or enables a user (Global admins only); a disabled user's sessions and keys stop working. */
    public void setDisabled(Viewer viewer, long userId, boolean disabled) {
        access.requireManage(viewer, ScopeRef.GLOBAL);
        if (userId == viewer.userId()) {
            throw ValidationException.of("", "You cannot disable yourself");
        }
        jdbi.useTransaction(h -> {
            UserDao users = h.attach(UserDao.class);
            User before = users.find(userId).orElseThrow(() -> new NotFoundException("User " + userId));
            users.setDisabled(userId, disabled);
            if (disabled) {
                h.createUpdate("DELETE FROM sessions WHERE user_id = :id").bind("id", userId).execute();
            }
            audit.record(h, viewer, new AuditLog.Change(disabled ? "user.disable" : "user.enable", "user",
                    String.valueOf(userId), before.email(), ScopeRef.GLOBAL, before, users.find(userId).orElseThrow()));
        });
    }

    public void delete(Viewer viewer, long userId) {
        access.requireManage(viewer, ScopeRef.GLOBAL);
        if (userId == viewer.userId()) {
            throw ValidationException.of("", "You cannot delete yourself");
        }
        jdbi.useTransaction(h -> {
            UserDao users = h.attach(UserDao.class);
            User before = users.find(userId).orElseThrow(() -> new NotFoundException("User " + userId));
            List<Grant> grants = users.grants(userId);
            users.delete(userId);
            audit.record(h, viewer, new AuditLog.Change("user.delete", "user", String.valueOf(userId), before.email(),
                    ScopeRef.GLOBAL, Map.of("user", before, "grants", grants), null));
        });
    }

    public void changePassword(Viewer viewer, String current, String replacement) {
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
            audit.record(h, viewer, new AuditLog.Change("user.password-change", "user", String.valueOf(user.id()),
                    user.email(), ScopeRef.GLOBAL, null, null));
        });
    }

    private void grant(Handle h, Viewer viewer, User user, ScopeRef scope, Role role) {
        UserDao users = h.attach(UserDao.class);
        List<Grant> before = users.grants(user.id());
        users.upsertGrant(user.id(), scope.level().name(), scope.id(), role.name());
        audit.record(h, viewer, new AuditLog.Change("grant.set", "user", String.valueOf(user.id()), user.email(),
                scope, before, users.grants(user.id())));
    }

    /** A user the viewer may see: themselves, or a member of a scope they administer. */
    private User visibleUser(Handle h, Viewer viewer, long userId) {
        UserDao users = h.attach(UserDao.class);
        User user = users.find(userId).orElseThrow(() -> new NotFoundException("User " + userId));
        if (user.id() == viewer.userId() || viewer.isSystem()) {
            return user;
        }
        boolean visible = users.grants(userId).stream()
                .anyMatch(g -> access.allows(viewer, g.scope(), Role.ADMIN))
                || access.allows(viewer, ScopeRef.GLOBAL, Role.ADMIN);
        if (!visible) {
            throw new NotFoundException("User " + userId);
        }
        return user;
    }

    private static Role parseRole(String value, ScopeRef scope, ValidationException.Collector errors) {
        if (scope.level() != ScopeLevel.ENVIRONMENT) {
            if (value != null && !value.isBlank() && !"admin".equalsIgnoreCase(value)) {
                errors.add("role", "Global and account grants are admin grants");
            }
            return Role.ADMIN;
        }
        try {
            return Role.parse(value == null ? "" : value.strip());
        } catch (IllegalArgumentException e) {
            errors.add("role", "Choose admin, operator or read-only");
            return Role.READ_ONLY;
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
