package imagehub.scope;

import imagehub.core.ScopeRef;

import imagehub.access.Access;
import imagehub.access.AccessCache;
import imagehub.access.NotFoundException;
import imagehub.access.AccessLevel;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.core.Page;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Accounts (managed by Global admins) and environments (managed by their account's admins). Names are
 * unique within their parent; a scope that still holds objects is not deleted, and the refusal says
 * what it holds.
 */
public final class ScopeService {
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

    private final Jdbi jdbi;
    private final Access access;
    private final AccessCache cache;
    private final AuditWriter audit;
    private final Clock clock;
    private final List<ScopeContents> contents = new ArrayList<>();

    public ScopeService(Jdbi jdbi, Access access, AccessCache cache, AuditWriter audit, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.cache = cache;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Counts what a feature keeps in a scope (images, roles, farms…), so deleting a scope can refuse
     * while it holds anything. Features register one when they are wired.
     */
    public interface ScopeContents {
        /** Non-empty descriptions like "3 images" of what {@code scope} holds. */
        List<String> describe(Handle handle, ScopeRef scope);
    }

    public void registerContents(ScopeContents counter) {
        contents.add(counter);
    }

    /** Accounts the viewer can enter (all of them for Global admins). */
    public List<Account> accounts(Viewer viewer) {
        return jdbi.withExtension(ScopeDao.class, ScopeDao::listAccounts).stream()
                .filter(a -> access.canEnter(viewer, a.scope()))
                .toList();
    }

    /** One page of all accounts, for viewers with a Global grant (404 for everyone else). */
    public Page<Account> accountPage(Viewer viewer, long offset, int limit) {
        access.requireEnter(viewer, ScopeRef.GLOBAL);
        return jdbi.withExtension(ScopeDao.class, dao -> new Page<>(dao.pageAccounts(offset, limit), dao.countAccounts()));
    }

    /** One page of an account's environments: whoever may enter the account may enter each of them. */
    public Page<Environment> environmentPage(Viewer viewer, long accountId, long offset, int limit) {
        account(viewer, accountId);
        return jdbi.withExtension(ScopeDao.class, dao -> new Page<>(dao.pageEnvironments(accountId, offset, limit),
                dao.countEnvironments(accountId)));
    }

    /** Environments the viewer can enter. */
    public List<Environment> environments(Viewer viewer) {
        return jdbi.withExtension(ScopeDao.class, dao -> dao.listEnvironments()).stream()
                .filter(e -> access.canEnter(viewer, e.scope()))
                .toList();
    }

    public Account account(Viewer viewer, long accountId) {
        access.requireEnter(viewer, ScopeRef.account(accountId));
        return jdbi.withExtension(ScopeDao.class, dao -> dao.findAccount(accountId))
                .orElseThrow(() -> new NotFoundException("Account " + accountId));
    }

    public Environment environment(Viewer viewer, long envId) {
        access.requireEnter(viewer, ScopeRef.environment(envId));
        return jdbi.withExtension(ScopeDao.class, dao -> dao.findEnvironment(envId))
                .orElseThrow(() -> new NotFoundException("Environment " + envId));
    }

    /** The scope above {@code scope}, which the viewer may enter; 404 otherwise and for Global, which has none. */
    public ScopeRef parent(Viewer viewer, ScopeRef scope) {
        access.requireEnter(viewer, scope);
        return access.parentOf(scope).orElseThrow(() -> new NotFoundException("Global has no parent"));
    }

    /** Environments of an account that the viewer can enter. */
    public List<Environment> environments(Viewer viewer, long accountId) {
        account(viewer, accountId);
        return jdbi.withExtension(ScopeDao.class, dao -> dao.listEnvironments(accountId)).stream()
                .filter(e -> access.canEnter(viewer, e.scope()))
                .toList();
    }

    public Account createAccount(Viewer viewer, String name) {
        access.requireManage(viewer, ScopeRef.GLOBAL);
        String valid = validName(name);
        return jdbi.inTransaction(h -> {
            ScopeDao dao = h.attach(ScopeDao.class);
            h.afterCommit(cache::changed);
            if (dao.findAccountByName(valid).isPresent()) {
                throw ConflictException.unicity("name", "An account named " + valid + " already exists");
            }
            Account account = dao.findAccount(dao.insertAccount(valid, clock.instant())).orElseThrow();
            audit.record(h, viewer, new AuditWriter.Change("account.create", "account", String.valueOf(account.id()),
                    valid, ScopeRef.GLOBAL, null, account));
            return account;
        });
    }

    public Account renameAccount(Viewer viewer, long accountId, String name) {
        account(viewer, accountId);
        requireGlobalAdmin(viewer);
        String valid = validName(name);
        return jdbi.inTransaction(h -> {
            ScopeDao dao = h.attach(ScopeDao.class);
            h.afterCommit(cache::changed);
            Account before = dao.findAccount(accountId).orElseThrow(() -> new NotFoundException("Account " + accountId));
            if (dao.findAccountByName(valid).filter(a -> a.id() != accountId).isPresent()) {
                throw ConflictException.unicity("name", "An account named " + valid + " already exists");
            }
            dao.renameAccount(accountId, valid);
            Account after = dao.findAccount(accountId).orElseThrow();
            audit.record(h, viewer, new AuditWriter.Change("account.rename", "account", String.valueOf(accountId),
                    valid, ScopeRef.GLOBAL, before, after));
            return after;
        });
    }

    public void deleteAccount(Viewer viewer, long accountId) {
        account(viewer, accountId);
        requireGlobalAdmin(viewer);
        jdbi.useTransaction(h -> {
            ScopeDao dao = h.attach(ScopeDao.class);
            h.afterCommit(cache::changed);
            Account before = dao.findAccount(accountId).orElseThrow(() -> new NotFoundException("Account " + accountId));
            List<String> held = new ArrayList<>();
            int envs = dao.listEnvironments(accountId).size();
            if (envs > 0) {
                held.add(envs + (envs == 1 ? " environment" : " environments"));
            }
            held.addAll(heldBy(h, before.scope()));
            if (!held.isEmpty()) {
                throw ConflictException.inUse("Account " + before.name() + " still holds " + String.join(", ", held));
            }
            h.createUpdate("DELETE FROM grants WHERE scope_level = 'ACCOUNT' AND scope_id = :id").bind("id", accountId).execute();
            dao.deleteAccount(accountId);
            audit.record(h, viewer, new AuditWriter.Change("account.delete", "account", String.valueOf(accountId),
                    before.name(), ScopeRef.GLOBAL, before, null));
        });
    }

    public Environment createEnvironment(Viewer viewer, long accountId, String name) {
        account(viewer, accountId);
        access.requireManage(viewer, ScopeRef.account(accountId));
        String valid = validName(name);
        return jdbi.inTransaction(h -> {
            ScopeDao dao = h.attach(ScopeDao.class);
            h.afterCommit(cache::changed);
            if (dao.findEnvironmentByName(accountId, valid).isPresent()) {
                throw ConflictException.unicity("name", "This account already has an environment named " + valid);
            }
            Environment env = dao.findEnvironment(dao.insertEnvironment(accountId, valid, clock.instant())).orElseThrow();
            audit.record(h, viewer, new AuditWriter.Change("environment.create", "environment", String.valueOf(env.id()),
                    valid, ScopeRef.account(accountId), null, env));
            return env;
        });
    }

    public Environment renameEnvironment(Viewer viewer, long envId, String name) {
        Environment current = environment(viewer, envId);
        access.requireManage(viewer, ScopeRef.account(current.accountId()));
        String valid = validName(name);
        return jdbi.inTransaction(h -> {
            ScopeDao dao = h.attach(ScopeDao.class);
            h.afterCommit(cache::changed);
            if (dao.findEnvironmentByName(current.accountId(), valid).filter(e -> e.id() != envId).isPresent()) {
                throw ConflictException.unicity("name", "This account already has an environment named " + valid);
            }
            dao.renameEnvironment(envId, valid);
            Environment after = dao.findEnvironment(envId).orElseThrow();
            audit.record(h, viewer, new AuditWriter.Change("environment.rename", "environment", String.valueOf(envId),
                    valid, ScopeRef.account(current.accountId()), current, after));
            return after;
        });
    }

    public void deleteEnvironment(Viewer viewer, long envId) {
        Environment current = environment(viewer, envId);
        access.requireManage(viewer, ScopeRef.account(current.accountId()));
        jdbi.useTransaction(h -> {
            h.afterCommit(cache::changed);
            List<String> held = heldBy(h, current.scope());
            if (!held.isEmpty()) {
                throw ConflictException.inUse("Environment " + current.name() + " still holds " + String.join(", ", held));
            }
            h.createUpdate("DELETE FROM grants WHERE scope_level = 'ENVIRONMENT' AND scope_id = :id").bind("id", envId).execute();
            h.attach(ScopeDao.class).deleteEnvironment(envId);
            audit.record(h, viewer, new AuditWriter.Change("environment.delete", "environment", String.valueOf(envId),
                    current.name(), ScopeRef.account(current.accountId()), current, null));
        });
    }

    /** The name of an account, for labels of environments the viewer has already been let into. */
    public String accountName(long accountId) {
        return jdbi.withExtension(ScopeDao.class, dao -> dao.findAccount(accountId)).map(Account::name).orElse("?");
    }

    public void requireEnter(Viewer viewer, ScopeRef scope) {
        access.requireEnter(viewer, scope);
    }

    /** Whether the viewer administers {@code scope}. */
    public boolean canManage(Viewer viewer, ScopeRef scope) {
        return access.allows(viewer, scope, AccessLevel.ADMIN);
    }

    /** For accounts the viewer can see: changing them is for Global admins (403, not 404). */
    private void requireGlobalAdmin(Viewer viewer) {
        if (!access.allows(viewer, ScopeRef.GLOBAL, AccessLevel.ADMIN)) {
            throw new imagehub.access.ForbiddenException("Only Global admins rename or delete accounts");
        }
    }

    private List<String> heldBy(Handle h, ScopeRef scope) {
        return contents.stream().flatMap(c -> c.describe(h, scope).stream()).toList();
    }

    private static String validName(String name) {
        String value = name == null ? "" : name.strip();
        if (value.isEmpty() || value.length() > 64 || !NAME.matcher(value).matches()) {
            throw new ValidationException(Map.of("name",
                    "Use 1 to 64 lower-case letters and digits, words joined by hyphens (e.g. acme-prod)"));
        }
        return value;
    }
}
