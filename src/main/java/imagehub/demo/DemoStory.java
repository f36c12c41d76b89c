package imagehub.demo;

import imagehub.AppContext;
import imagehub.access.Viewer;
import imagehub.catalog.Platform;
import imagehub.catalog.SandboxImage;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import imagehub.farm.Farm;
import imagehub.farm.FarmRole;
import imagehub.farm.FarmService;
import imagehub.farm.Server;
import imagehub.image.Image;
import imagehub.image.ImageDeprecations;
import imagehub.image.ImageFilter;
import imagehub.image.ImageService;
import imagehub.provider.sandbox.SandboxModule;
import imagehub.replacement.Replacement;
import imagehub.replacement.ReplacementService;
import imagehub.role.Role;
import imagehub.role.RoleService;
import imagehub.usage.UsageService;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The demo's past, played in order through the services the UI uses, each step then moved back to the day it
 * happened ({@link Backdating}):
 * <ul>
 * <li>half a year ago the accounts and the first images; roles and farms two months ago, all on Ubuntu 22.04;</li>
 * <li>three weeks ago Ubuntu 22.04 was replaced everywhere by the 22.04.2 build (the old image deprecated), and the
 * farms' servers were replaced one by one over the following days;</li>
 * <li>nine days ago acme moved its roles to Ubuntu 24.04 in sandbox-west-1 and rolled that back the next day;</li>
 * <li>three days ago acme moved them in sandbox-east-1 (the replacement that can still be rolled back); two servers
 * were replaced since, three still run the superseded build;</li>
 * <li>a deprecation of acme's Debian image is scheduled ten days from now.</li>
 * </ul>
 * Every evening of the last 30 days the freshness snapshot is taken of the fleet as it then is, so the dashboard's
 * and the farms' charts show the story. Runs once, on a database without the demo's images.
 */
final class DemoStory {
    /** The demo's base images, as the sandbox cloud knows them. */
    private static final String UBUNTU_2204 = "sbx-00000001";
    private static final String UBUNTU_2204_2 = "sbx-00000002";
    private static final String UBUNTU_2404 = "sbx-00000003";
    private static final String DEBIAN_12 = "sbx-00000004";
    private static final String ROCKY_9 = "sbx-00000005";
    private static final String WINDOWS = "sbx-00000006";
    private static final String EAST = SandboxModule.REGIONS.get(0);
    /** The days of the dashboard's chart. */
    private static final int SNAPSHOT_DAYS = UsageService.SERIES_DAYS;
    private static final String WEST = SandboxModule.REGIONS.get(1);

    private final AppContext app;
    private final DemoData demo;
    private final Viewer system = Viewer.system();
    private final Backdating backdating;
    private final LocalDate today;
    /** The days ago of the evening to record next, counting down (days beyond the chart's are not recorded). */
    private int snapshotsUpTo = SNAPSHOT_DAYS;

    DemoStory(AppContext app, DemoData demo) {
        this.app = app;
        this.demo = demo;
        this.backdating = new Backdating(app.jdbi);
        this.today = LocalDate.ofInstant(app.clock.instant(), ZoneOffset.UTC);
    }

    /** Whether the story was told on this database already (its first image is there). */
    static boolean told(AppContext app) {
        return find(app, ScopeRef.GLOBAL, EAST, UBUNTU_2204).isPresent();
    }

    /** Plays the story; what was written since {@code seedStart} (the demo's accounts and users) opens it. */
    void tell(Instant seedStart) {
        backdating.moveSince(seedStart, at(200, 9));
        ScopeRef global = ScopeRef.GLOBAL;
        ScopeRef acme = demo.account("acme");
        ScopeRef acmeDev = demo.env("acme", "acme-dev");
        ScopeRef acmeProd = demo.env("acme", "acme-prod");
        ScopeRef globex = demo.account("globex");

        on(170, 10, () -> bothLocations(location -> image(acmeProd, location, WINDOWS, "iis-10")));
        on(150, 14, () -> bothLocations(location -> image(global, location, UBUNTU_2204, "ubuntu-22-04")));
        on(120, 11, () -> bothLocations(location -> image(acme, location, DEBIAN_12, "debian-12-base")));
        // globex's own copy of the Debian image acme has: allowed, the two chains do not meet.
        on(110, 16, () -> bothLocations(location -> image(globex, location, DEBIAN_12, "debian-12")));
        on(90, 10, () -> {
            role(global, "base-ubuntu", "base", "Plain Ubuntu server with the agent");
            role(acme, "nginx-1-24", "web", "nginx 1.24 reverse proxy");
        });
        on(75, 15, () -> {
            bothLocations(location -> image(acmeDev, location, ROCKY_9, "rocky-9-build"));
            role(acmeDev, "app-server", "app", "Application server of the dev environment");
        });
        on(60, 9, () -> {
            farm(acmeDev, "web-dev", "bob@example.com", "Development web tier",
                    List.of(new DemoFarmRole(demo.roleId(acmeDev, "app-server"), EAST, 2)));
            farm(acmeProd, "shop-prod", "alice@example.com", "The web shop",
                    List.of(new DemoFarmRole(demo.roleId(acme, "nginx-1-24"), EAST, 3),
                            new DemoFarmRole(demo.roleId(acme, "nginx-1-24"), WEST, 2)));
            farm(demo.env("globex", "globex-prod"), "globex-api", "carol@example.com", "Public API",
                    List.of(new DemoFarmRole(demo.roleId(global, "base-ubuntu"), WEST, 2)));
            app.scaler.runOnce();
        });
        on(40, 13, () -> bothLocations(location -> app.imageDeprecations.deprecate(system, acmeProd,
                find(acmeProd, location, WINDOWS).orElseThrow().id(),
                new ImageDeprecations.Deprecation("Windows servers are being retired", null, null))));
        on(24, 10, () -> bothLocations(location -> image(global, location, UBUNTU_2204_2, "ubuntu-22-04-2")));
        on(21, 11, () -> bothLocations(location -> replace(global, location, UBUNTU_2204, UBUNTU_2204_2, true,
                Set.of())));
        Farm webDev = demo.farm(acmeDev, "web-dev");
        Farm shop = demo.farm(acmeProd, "shop-prod");
        Farm globexApi = demo.farm(demo.env("globex", "globex-prod"), "globex-api");
        on(20, 10, () -> replaceServer(shop, EAST, UBUNTU_2204));
        on(19, 10, () -> replaceServer(shop, EAST, UBUNTU_2204));
        on(18, 15, () -> replaceServer(webDev, EAST, UBUNTU_2204));
        on(17, 10, () -> replaceServer(shop, EAST, UBUNTU_2204));
        on(16, 12, () -> replaceServer(globexApi, WEST, UBUNTU_2204));
        on(15, 16, () -> replaceServer(webDev, EAST, UBUNTU_2204));
        on(14, 10, () -> replaceServer(shop, WEST, UBUNTU_2204));
        on(13, 10, () -> replaceServer(shop, WEST, UBUNTU_2204));
        on(12, 9, () -> bothLocations(location -> image(global, location, UBUNTU_2404, "ubuntu-24-04")));
        Set<ScopeLevel> acmeRoles = Set.of(ScopeLevel.ACCOUNT, ScopeLevel.ENVIRONMENT);
        Replacement tried = onAndReturn(9, 14, () -> replace(acme, WEST, UBUNTU_2204_2, UBUNTU_2404, false, acmeRoles));
        on(8, 10, () -> app.replacements.rollback(system, acme, tried.id()));
        on(5, 11, () -> app.imageDeprecations.deprecate(system, acme, find(acme, EAST, DEBIAN_12).orElseThrow().id(),
                new ImageDeprecations.Deprecation("Debian 12 base images move to the 2025 build pipeline", null,
                        at(-10, 0))));
        on(3, 15, () -> replace(acme, EAST, UBUNTU_2204_2, UBUNTU_2404, false, acmeRoles));
        on(2, 10, () -> replaceServer(shop, EAST, UBUNTU_2204_2));
        on(1, 11, () -> replaceServer(webDev, EAST, UBUNTU_2204_2));
        snapshotsUntil(0);
        app.usage.snapshot();
    }

    /** A farm role of the demo: its role, location and minimum (the scaler brings it up). */
    private record DemoFarmRole(long roleId, String location, int min) {
    }

    private static void bothLocations(Consumer<String> step) {
        SandboxModule.REGIONS.forEach(step);
    }

    /** Runs {@code step} as of {@code daysAgo} days before today at {@code hour} UTC. */
    private void on(int daysAgo, int hour, Runnable step) {
        onAndReturn(daysAgo, hour, () -> {
            step.run();
            return null;
        });
    }

    private <T> T onAndReturn(int daysAgo, int hour, Supplier<T> step) {
        snapshotsUntil(daysAgo);
        Instant started = app.clock.instant();
        T result = step.get();
        backdating.moveSince(started, at(daysAgo, hour));
        return result;
    }

    /** Takes the evening snapshots of the days of the last {@link #SNAPSHOT_DAYS} before {@code daysAgo}. */
    private void snapshotsUntil(int daysAgo) {
        for (; snapshotsUpTo > daysAgo; snapshotsUpTo--) {
            if (snapshotsUpTo < SNAPSHOT_DAYS) {
                app.usage.snapshot(today.minusDays(snapshotsUpTo), at(snapshotsUpTo, 23));
            }
        }
    }

    /** {@code daysAgo} days before today (negative: after), at {@code hour} UTC. */
    private Instant at(int daysAgo, int hour) {
        return today.minusDays(daysAgo).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(hour));
    }

    private Replacement replace(ScopeRef scope, String location, String oldCloudImageId, String newCloudImageId,
            boolean deprecateOld, Set<ScopeLevel> levels) {
        return app.replacements.replace(system, scope, new ReplacementService.ReplaceEverywhere(
                find(ScopeRef.GLOBAL, location, oldCloudImageId).orElseThrow().id(),
                find(ScopeRef.GLOBAL, location, newCloudImageId).orElseThrow().id(), deprecateOld,
                deprecateOld ? "Superseded by the 22.04.2 point release" : null, levels));
    }

    /** Terminates the oldest server of {@code farm} in {@code location} on that image; the scaler relaunches it. */
    private void replaceServer(Farm farm, String location, String cloudImageId) {
        String imageId = find(ScopeRef.GLOBAL, location, cloudImageId).orElseThrow().id();
        FarmService.FarmDetail detail = app.farms.detail(system, farm.id());
        List<Long> farmRoles = detail.farmRoles().stream().filter(fr -> fr.cloudLocation().equals(location))
                .map(FarmRole::id).toList();
        Server server = detail.servers().stream()
                .filter(s -> farmRoles.contains(s.farmRoleId()) && s.imageId().equals(imageId))
                .min(Comparator.comparingLong(Server::id)).orElseThrow();
        app.lifecycle.terminateServer(system, server.id());
        app.scaler.runOnce();
    }

    private void farm(ScopeRef env, String name, String owner, String description, List<DemoFarmRole> farmRoles) {
        Farm farm = app.farms.create(system, env.id(), new FarmService.FarmInput(name, description, owner));
        for (DemoFarmRole spec : farmRoles) {
            app.farms.addFarmRole(system, farm.id(), new FarmService.FarmRoleInput(spec.roleId(), Platform.SANDBOX.id(),
                    spec.location(), spec.min(), spec.min() + 2, null));
        }
        app.lifecycle.launch(system, farm.id());
    }

    /** An Ubuntu role on the Ubuntu 22.04 image in both locations. */
    private void role(ScopeRef scope, String name, String category, String description) {
        Role role = app.roles.create(system, scope, new RoleService.RoleInput(name, "ubuntu", category, description));
        bothLocations(location -> app.roleImages.addImage(system, scope, role.id(),
                find(ScopeRef.GLOBAL, location, UBUNTU_2204).orElseThrow().id()));
    }

    private void image(ScopeRef scope, String location, String cloudImageId, String name) {
        SandboxImage base = SandboxImage.get(cloudImageId);
        app.images.register(system, scope, new ImageService.NewImage(Platform.SANDBOX.id(), location, cloudImageId,
                name, base.description(), base.osId(), "x86_64", true, base.sizeGb()));
    }

    private Optional<Image> find(ScopeRef scope, String location, String cloudImageId) {
        return find(app, scope, location, cloudImageId);
    }

    /** The image of this sandbox cloud image at exactly {@code scope}. */
    private static Optional<Image> find(AppContext app, ScopeRef scope, String location, String cloudImageId) {
        ImageFilter filter = ImageFilter.of(Platform.SANDBOX.id(), location, null, null, null, cloudImageId, null, null);
        return app.images.list(Viewer.system(), scope, filter, 1, ImageService.MAX_PAGE_SIZE).images().stream()
                .filter(i -> i.scope().equals(scope) && i.cloudImageId().equals(cloudImageId)).findFirst();
    }
}
