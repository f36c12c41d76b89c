package imagehub.demo;

import imagehub.AppContext;
import imagehub.access.Viewer;
import imagehub.catalog.Platform;
import imagehub.provider.sandbox.SandboxCloud;
import imagehub.provider.sandbox.SandboxModule;
import imagehub.catalog.SandboxImage;
import imagehub.farm.Farm;
import imagehub.farm.FarmDao;
import imagehub.farm.FarmRole;
import imagehub.farm.FarmService;
import imagehub.farm.ServerStatus;
import imagehub.image.Image;
import imagehub.image.ImageDeprecations;
import imagehub.image.ImageFilter;
import imagehub.image.ImageService;
import imagehub.replacement.ReplacementService;
import imagehub.role.Role;
import imagehub.role.RoleFilter;
import imagehub.role.RoleService;
import imagehub.scope.Account;
import imagehub.scope.Environment;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import imagehub.user.Passwords;
import imagehub.user.UserDao;
import imagehub.user.UserService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox demo: a living system a newcomer can click through. Seeding is idempotent: every object
 * is looked up by its natural key first, so a second run (or a restart) creates nothing twice. It goes
 * through the same services as the UI, as the system identity, so it is audited like any change.
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
        seedImages();
        seedRoles();
        seedFarms();
        imagehub.updatetask.UpdateTaskDemo.seed(app);
        log.info("Demo data is in place");
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

    /**
     * Sandbox images in both locations: Global Ubuntu builds (the older one deprecated and superseded by
     * the newer), an acme image, an acme-dev image, a deprecated acme-prod image, and globex's own copy
     * of the Debian image acme has (allowed: different chains).
     */
    private void seedImages() {
        ScopeRef global = ScopeRef.GLOBAL;
        for (String location : SandboxModule.REGIONS) {
            Image newer = image(global, location, "sbx-00000002", "ubuntu-22-04-2");
            if (find(global, location, "sbx-00000001").isEmpty()) {
                Image old = image(global, location, "sbx-00000001", "ubuntu-22-04");
                app.imageDeprecations.deprecate(system, global, old.id(),
                        new ImageDeprecations.Deprecation("Superseded by the 2024-09 build", newer.id(), null));
            }
            image(global, location, "sbx-00000003", "ubuntu-24-04");
            image(account("acme"), location, "sbx-00000004", "debian-12-base");
            image(env("acme", "acme-dev"), location, "sbx-00000005", "rocky-9-build");
            image(account("globex"), location, "sbx-00000004", "debian-12");
            ScopeRef acmeProd = env("acme", "acme-prod");
            if (find(acmeProd, location, "sbx-00000006").isEmpty()) {
                Image windows = image(acmeProd, location, "sbx-00000006", "iis-10");
                app.imageDeprecations.deprecate(system, acmeProd, windows.id(),
                        new ImageDeprecations.Deprecation("Windows servers are being retired", null, null));
            }
        }
    }

    /**
     * Ubuntu roles at each level, all on the newer Global Ubuntu build in both locations, and one
     * replacement (acme's roles moved to Ubuntu 24.04 in sandbox-east-1) that can be rolled back.
     */
    private void seedRoles() {
        ScopeRef acme = account("acme");
        role(ScopeRef.GLOBAL, "base-ubuntu", "base", "Plain Ubuntu server with the agent");
        role(acme, "nginx-1-24", "web", "nginx 1.24 reverse proxy");
        role(env("acme", "acme-dev"), "app-server", "app", "Application server of the dev environment");
        if (app.replacements.page(system, acme, 0, 1).total() == 0) {
            String east = SandboxModule.REGIONS.get(0);
            app.replacements.replace(system, acme, new ReplacementService.ReplaceEverywhere(
                    find(ScopeRef.GLOBAL, east, "sbx-00000002").orElseThrow().id(),
                    find(ScopeRef.GLOBAL, east, "sbx-00000003").orElseThrow().id(), false, null,
                    Set.of(ScopeLevel.ACCOUNT, ScopeLevel.ENVIRONMENT)));
        }
    }

    /**
     * Running farms in acme-dev, acme-prod and globex-prod. Some of their servers were "launched before"
     * the demo replacement or the deprecation (written as history: launched in the sandbox from the old
     * image), so the usage explorer and the freshness chart have something real to show; the scaler
     * brings the rest up on the current images.
     */
    private void seedFarms() {
        String east = SandboxModule.REGIONS.get(0);
        String west = SandboxModule.REGIONS.get(1);
        Image ubuntu2204 = find(ScopeRef.GLOBAL, east, "sbx-00000002").orElseThrow();
        Image ubuntu2204West = find(ScopeRef.GLOBAL, west, "sbx-00000002").orElseThrow();
        Image deprecatedWest = find(ScopeRef.GLOBAL, west, "sbx-00000001").orElseThrow();
        farm(env("acme", "acme-dev"), "web-dev", "bob@example.com", "Development web tier",
                List.of(new DemoFarmRole(roleId(env("acme", "acme-dev"), "app-server"), east, 2, List.of(ubuntu2204))));
        farm(env("acme", "acme-prod"), "shop-prod", "alice@example.com", "The web shop",
                List.of(new DemoFarmRole(roleId(account("acme"), "nginx-1-24"), east, 3, List.of(ubuntu2204, ubuntu2204)),
                        new DemoFarmRole(roleId(account("acme"), "nginx-1-24"), west, 2, List.of())));
        farm(env("globex", "globex-prod"), "globex-api", "carol@example.com", "Public API",
                List.of(new DemoFarmRole(roleId(ScopeRef.GLOBAL, "base-ubuntu"), west, 2,
                        List.of(deprecatedWest, ubuntu2204West))));
        app.scaler.runOnce();
    }

    /** A farm role of the demo with the servers it had before the roles moved on. */
    private record DemoFarmRole(long roleId, String location, int min, List<Image> earlierServers) {
    }

    private void farm(ScopeRef env, String name, String owner, String description, List<DemoFarmRole> farmRoles) {
        if (app.jdbi.withExtension(FarmDao.class, dao -> dao.findFarmByName(env.id(), name)).isPresent()) {
            return;
        }
        Farm farm = app.farms.create(system, env.id(), new FarmService.FarmInput(name, description, owner));
        for (DemoFarmRole spec : farmRoles) {
            FarmRole farmRole = app.farms.addFarmRole(system, farm.id(), new FarmService.FarmRoleInput(spec.roleId(),
                    Platform.SANDBOX.id(), spec.location(), spec.min(), spec.min() + 2, null));
            for (Image image : spec.earlierServers()) {
                SandboxCloud cloud = app.sandbox.in(spec.location());
                cloud.applyImage(farmRole.groupName(), image.cloudImageId());
                String instanceId = cloud.launchInstance(farmRole.groupName()).instanceId();
                app.jdbi.useExtension(FarmDao.class, dao -> dao.insertServer(farmRole.id(), farm.id(), farm.envId(),
                        farm.accountId(), Platform.SANDBOX, spec.location(), instanceId, image,
                        ServerStatus.RUNNING, app.clock.instant().minus(java.time.Duration.ofDays(40))));
            }
        }
        app.lifecycle.launch(system, farm.id());
    }

    private long roleId(ScopeRef scope, String name) {
        return app.roles.list(system, scope, RoleFilter.of(name, null, null)).stream()
                .filter(r -> r.scope().equals(scope) && r.name().equals(name)).findFirst().orElseThrow().id();
    }

    /** The Ubuntu role of this name at exactly {@code scope}, created with the newer Ubuntu build if missing. */
    private void role(ScopeRef scope, String name, String category, String description) {
        boolean exists = app.roles.list(system, scope, RoleFilter.of(name, null, null)).stream()
                .anyMatch(r -> r.scope().equals(scope) && r.name().equals(name));
        if (!exists) {
            Role role = app.roles.create(system, scope, new RoleService.RoleInput(name, "ubuntu", category, description));
            for (String location : SandboxModule.REGIONS) {
                app.roleImages.addImage(system, scope, role.id(), find(ScopeRef.GLOBAL, location, "sbx-00000002").orElseThrow().id());
            }
        }
    }

    /** The image of this sandbox cloud image at exactly {@code scope}, registered if missing. */
    private Image image(ScopeRef scope, String location, String cloudImageId, String name) {
        return find(scope, location, cloudImageId).orElseGet(() -> {
            SandboxImage base = SandboxImage.get(cloudImageId);
            return app.images.register(system, scope, new ImageService.NewImage(Platform.SANDBOX.id(), location,
                    cloudImageId, name, base.description(), base.osId(), "x86_64", true, base.sizeGb()));
        });
    }

    private Optional<Image> find(ScopeRef scope, String location, String cloudImageId) {
        ImageFilter filter = ImageFilter.of(Platform.SANDBOX.id(), location, null, null, null, cloudImageId, null, null);
        return app.images.list(system, scope, filter, 1, ImageService.MAX_PAGE_SIZE).images().stream()
                .filter(i -> i.scope().equals(scope) && i.cloudImageId().equals(cloudImageId)).findFirst();
    }

    private boolean member(String email, String name, String password, ScopeRef scope, String role) {
        boolean exists = app.jdbi.withExtension(UserDao.class, dao -> dao.findByEmail(email)).isPresent();
        if (!exists) {
            app.users.addMember(system, scope, new UserService.NewMember(email, name, password, role));
        }
        return !exists;
    }

    private ScopeRef account(String name) {
        return app.scopes().findAccountByName(name).orElseThrow().scope();
    }

    private ScopeRef env(String accountName, String envName) {
        Account account = app.scopes().findAccountByName(accountName).orElseThrow();
        Environment env = app.scopes().findEnvironmentByName(account.id(), envName).orElseThrow();
        return env.scope();
    }
}
