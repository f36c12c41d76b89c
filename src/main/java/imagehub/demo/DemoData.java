package imagehub.demo;

import imagehub.AppContext;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.farm.Farm;
import imagehub.farm.FarmDao;
import imagehub.role.RoleFilter;
import imagehub.scope.Account;
import imagehub.scope.Environment;
import imagehub.user.Passwords;
import imagehub.user.UserDao;
import imagehub.user.UserService;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox demo: a living system with a past ({@link DemoStory}) a newcomer can click through. Seeding is
 * idempotent: accounts, environments and users are looked up by their natural key first, and the story is told only
 * on a database without its images, so a second run (or a restart) creates nothing twice. It goes through the same
 * services as the UI, as the system identity, so it is audited like any change.
 */
public final class DemoData {
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final Map<String, List<String>> ENVIRONMENTS = new LinkedHashMap<>();

    static {
        ENVIRONMENTS.put("acme", List.of("acme-dev", "acme-prod"));
        ENVIRONMENTS.put("globex", List.of("globex-dev", "globex-prod"));
    }

    private final AppContext app;
    private final Viewer system = Viewer.system();

    public DemoData(AppContext app) {
        this.app = app;
    }

    public void seed() {
        long started = System.nanoTime();
        Instant seedStart = app.clock.instant();
        ENVIRONMENTS.forEach((accountName, envNames) -> {
            Account account = app.scopes().findAccountByName(accountName)
                    .orElseGet(() -> app.scopeService.createAccount(system, accountName));
            for (String envName : envNames) {
                if (app.scopes().findEnvironmentByName(account.id(), envName).isEmpty()) {
                    app.scopeService.createEnvironment(system, account.id(), envName);
                }
            }
        });
        seedUsers();
        if (!DemoStory.told(app)) {
            new DemoStory(app, this).tell(seedStart);
        }
        imagehub.updatetask.UpdateTaskDemo.seed(app);
        log.info("Demo data is in place ({} ms)", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private void seedUsers() {
        String password = app.config.demoPassword().orElse(null);
        boolean generated = password == null;
        if (generated) {
            password = Passwords.generate();
        }
        boolean created = false;
        created |= member("alice@example.com", "Alice (acme admin)", password, account("acme"), "admin");
        created |= member("bob@example.com", "Bob (acme-dev operator)", password, env("acme", "acme-dev"), "operator");
        created |= member("carol@example.com", "Carol (globex-prod read-only)", password, env("globex", "globex-prod"), "read-only");
        if (app.jdbi.withExtension(UserDao.class, dao -> dao.findByEmail("ci-publisher" + UserService.SERVICE_DOMAIN)).isEmpty()) {
            app.users.createServiceAccount(system, env("acme", "acme-dev"), "ci-publisher", "admin");
        }
        if (created && generated) {
            log.warn("Demo users alice@, bob@ and carol@example.com have the generated password: {}  (shown only this once)",
                    password);
        }
    }

    long roleId(ScopeRef scope, String name) {
        return app.roles.list(system, scope, RoleFilter.of(name, null, null)).stream()
                .filter(r -> r.scope().equals(scope) && r.name().equals(name)).findFirst().orElseThrow().id();
    }

    private boolean member(String email, String name, String password, ScopeRef scope, String role) {
        boolean exists = app.jdbi.withExtension(UserDao.class, dao -> dao.findByEmail(email)).isPresent();
        if (!exists) {
            app.users.addMember(system, scope, new UserService.NewMember(email, name, password, role));
        }
        return !exists;
    }

    /** The demo farm {@code name} of environment {@code env}. */
    Farm farm(ScopeRef env, String name) {
        return app.jdbi.withExtension(FarmDao.class, dao -> dao.findFarmByName(env.id(), name)).orElseThrow();
    }

    ScopeRef account(String name) {
        return app.scopes().findAccountByName(name).orElseThrow().scope();
    }

    ScopeRef env(String accountName, String envName) {
        Account account = app.scopes().findAccountByName(accountName).orElseThrow();
        Environment env = app.scopes().findEnvironmentByName(account.id(), envName).orElseThrow();
        return env.scope();
    }
}
