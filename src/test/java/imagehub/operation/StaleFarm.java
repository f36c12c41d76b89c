package imagehub.operation;

import imagehub.AppContext;
import imagehub.access.Viewer;
import imagehub.farm.Farm;
import imagehub.farm.FarmRole;
import imagehub.farm.FarmService;
import imagehub.image.Image;
import imagehub.role.Role;
import imagehub.core.ScopeRef;
import imagehub.support.Fixtures;

/** A running farm of {@code min} servers on an old image whose role has since moved to {@code fresh}. */
public record StaleFarm(Farm farm, FarmRole farmRole, Image old, Image fresh) {

    /** Images and role by {@code admin}, farm by {@code operator}, in {@code env}; the scaler is run once. */
    public static StaleFarm create(AppContext ctx, Viewer admin, Viewer operator, ScopeRef env, int min) {
        Fixtures fixtures = new Fixtures(ctx);
        Image old = fixtures.ubuntu(admin, env, Fixtures.EAST);
        Image fresh = fixtures.ubuntu(admin, env, Fixtures.EAST);
        Role role = fixtures.roleUsing(admin, env, old);
        Farm farm = ctx.farms.create(operator, env.id(), new FarmService.FarmInput(Fixtures.unique("farm"), "", null));
        FarmRole farmRole = ctx.farms.addFarmRole(operator, farm.id(),
                new FarmService.FarmRoleInput(role.id(), "sandbox", Fixtures.EAST, min, min + 2, null));
        ctx.lifecycle.launch(operator, farm.id());
        ctx.scaler.runOnce();
        ctx.roleImages.replaceImage(admin, env, role.id(), old.id(), fresh.id());
        return new StaleFarm(farm, farmRole, old, fresh);
    }
}
