package imagehub.usage;

import imagehub.AppContext;
import imagehub.access.Viewer;
import imagehub.farm.Farm;
import imagehub.farm.FarmService;
import imagehub.image.Image;
import imagehub.image.ImageDeprecations;
import imagehub.role.Role;
import imagehub.core.ScopeRef;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;

/**
 * A small fleet for the usage tests, made through the services and the scaler: in acme-dev, farm "stale"
 * (bob) with 3 servers on an image its role has since replaced, farm "deprecated" (alice) with 2 servers on
 * its role's current but deprecated image; in globex-prod, farm "globex" (admin) with 1 fresh server.
 */
final class UsageSeed {
    final Viewer admin;
    final Viewer alice;
    final Viewer bob;
    final Viewer carol;
    final ScopeRef acme;
    final ScopeRef acmeDev;
    final ScopeRef globexProd;
    final Image replaced;
    final Image current;
    final Image deprecated;
    final Farm staleFarm;
    final Farm deprecatedFarm;
    final Farm globexFarm;

    UsageSeed(AppContext ctx) {
        People people = new People(ctx);
        Fixtures fixtures = new Fixtures(ctx);
        admin = people.viewer(TestApp.ADMIN);
        alice = people.viewer("alice@example.com");
        bob = people.viewer("bob@example.com");
        carol = people.viewer("carol@example.com");
        acme = people.account("acme");
        acmeDev = people.env("acme", "acme-dev");
        globexProd = people.env("globex", "globex-prod");

        clearDemoFleet(ctx, admin);
        replaced = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        current = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        Role staleRole = fixtures.roleUsing(alice, acmeDev, replaced);
        staleFarm = farm(ctx, bob, acmeDev, staleRole, Fixtures.EAST, 3, null);

        deprecated = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        Role deprecatedRole = fixtures.roleUsing(alice, acmeDev, deprecated);
        deprecatedFarm = farm(ctx, bob, acmeDev, deprecatedRole, Fixtures.EAST, 2, "alice@example.com");

        Image globexImage = fixtures.ubuntu(admin, globexProd, Fixtures.WEST);
        Role globexRole = fixtures.roleUsing(admin, globexProd, globexImage);
        globexFarm = farm(ctx, admin, globexProd, globexRole, Fixtures.WEST, 1, null);

        ctx.scaler.runOnce();
        ctx.roleImages.replaceImage(alice, acmeDev, staleRole.id(), replaced.id(), current.id());
        ctx.imageDeprecations.deprecate(alice, acmeDev, deprecated.id(),
                new ImageDeprecations.Deprecation("old", null, null));
    }

    /** The demo's farms go first, so the counts below are exactly this fleet's. */
    private static void clearDemoFleet(AppContext ctx, Viewer admin) {
        for (Farm farm : ctx.farms.list(admin, ScopeRef.GLOBAL)) {
            if (farm.status() != imagehub.farm.FarmStatus.TERMINATED) {
                ctx.lifecycle.terminate(admin, farm.id());
            }
            ctx.farms.delete(admin, farm.id());
        }
    }

    static Farm farm(AppContext ctx, Viewer viewer, ScopeRef env, Role role, String location, int servers, String owner) {
        Farm farm = ctx.farms.create(viewer, env.id(), new FarmService.FarmInput(Fixtures.unique("farm"), "", owner));
        ctx.farms.addFarmRole(viewer, farm.id(), new FarmService.FarmRoleInput(role.id(), "sandbox", location, servers,
                servers + 2, null));
        return ctx.lifecycle.launch(viewer, farm.id());
    }
}
