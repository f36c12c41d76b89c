package imagehub.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.AppContext;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.core.ValidationException;
import imagehub.image.Image;
import imagehub.image.ImageService;
import imagehub.role.Role;
import imagehub.role.RoleService;
import imagehub.core.ScopeRef;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Farms, farm roles, servers and the scaler on real MariaDB and the sandbox cloud. */
class FarmServiceTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    private AppContext ctx;
    private Fixtures fixtures;
    private Viewer alice;
    private Viewer bob;
    private Viewer carol;
    private ScopeRef acmeDev;

    @BeforeEach
    void setUp() {
        ctx = app.context();
        fixtures = new Fixtures(ctx);
        People people = new People(ctx);
        alice = people.viewer("alice@example.com");
        bob = people.viewer("bob@example.com");
        carol = people.viewer("carol@example.com");
        acmeDev = people.env("acme", "acme-dev");
    }

    private Farm farmWith(Role role, int min) {
        Farm farm = ctx.farms.create(bob, acmeDev.id(), new FarmService.FarmInput(Fixtures.unique("farm"), "", null));
        ctx.farms.addFarmRole(bob, farm.id(), new FarmService.FarmRoleInput(role.id(), "sandbox", Fixtures.EAST, min, 5, null));
        return ctx.lifecycle.launch(bob, farm.id());
    }

    @Test
    void the_scaler_brings_a_launched_farm_to_its_minimum_on_the_roles_current_image() {
        Image image = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        Role role = fixtures.roleUsing(alice, acmeDev, image);
        Farm farm = farmWith(role, 3);
        assertEquals(3, ctx.scaler.runOnce(), "three launches");
        List<Server> servers = ctx.farms.servers(bob, farm.id());
        assertEquals(3, servers.size());
        assertTrue(servers.stream().allMatch(s -> s.imageId().equals(image.id())));
        assertTrue(servers.stream().allMatch(s -> s.status() == ServerStatus.RUNNING));
        assertTrue(ctx.images.get(alice, acmeDev, image.id()).lastUsedAt() != null, "last used is kept");
        ctx.scaler.runOnce();
        assertEquals(3, ctx.farms.servers(bob, farm.id()).size(), "a second pass launches nothing more");
    }

    @Test
    void a_server_terminated_on_an_old_image_is_replaced_on_the_new_one() {
        Image old = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        Image fresh = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        Role role = fixtures.roleUsing(alice, acmeDev, old);
        Farm farm = farmWith(role, 2);
        ctx.scaler.runOnce();
        ctx.roleImages.replaceImage(alice, acmeDev, role.id(), old.id(), fresh.id());

        Server victim = ctx.farms.servers(bob, farm.id()).get(0);
        ctx.lifecycle.terminateServer(bob, victim.id());
        assertEquals(1, ctx.farms.servers(bob, farm.id()).size());
        ctx.scaler.runOnce();
        List<Server> servers = ctx.farms.servers(bob, farm.id());
        assertEquals(2, servers.size());
        assertEquals(1, servers.stream().filter(s -> s.imageId().equals(fresh.id())).count());
        assertEquals(1, servers.stream().filter(s -> s.imageId().equals(old.id())).count());
    }

    @Test
    void deprecated_roles_and_roles_without_an_image_for_the_location_cannot_be_added() {
        Image image = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        Role role = fixtures.roleUsing(alice, acmeDev, image);
        Farm farm = ctx.farms.create(bob, acmeDev.id(), new FarmService.FarmInput(Fixtures.unique("farm"), "", null));
        ValidationException noImage = assertThrows(ValidationException.class, () -> ctx.farms.addFarmRole(bob, farm.id(),
                new FarmService.FarmRoleInput(role.id(), "sandbox", Fixtures.WEST, 1, 2, null)));
        assertTrue(noImage.getMessage().contains("has no image"));
        ctx.roles.deprecate(alice, acmeDev, role.id(), new RoleService.RoleDeprecation(null));
        ValidationException deprecated = assertThrows(ValidationException.class, () -> ctx.farms.addFarmRole(bob, farm.id(),
                new FarmService.FarmRoleInput(role.id(), "sandbox", Fixtures.EAST, 1, 2, null)));
        assertTrue(deprecated.getMessage().contains("deprecated"));
        assertThrows(ValidationException.class, () -> ctx.farms.addFarmRole(bob, farm.id(),
                new FarmService.FarmRoleInput(role.id(), "sandbox", Fixtures.EAST, 3, 2, null)));
    }

    @Test
    void images_and_roles_in_use_by_farms_cannot_be_deleted() {
        Image image = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        Role role = fixtures.roleUsing(alice, acmeDev, image);
        farmWith(role, 1);
        ctx.scaler.runOnce();
        ImageService.UsageReport usage = ctx.images.usage(alice, acmeDev, image.id());
        assertTrue(usage.uses().stream().anyMatch(u -> u.kind().equals("farm")));
        assertThrows(imagehub.core.ConflictException.class, () -> ctx.roles.delete(alice, acmeDev, role.id()));
    }

    @Test
    void operators_run_farms_read_only_users_do_not_see_them() {
        Image image = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        Role role = fixtures.roleUsing(alice, acmeDev, image);
        Farm farm = farmWith(role, 1);
        assertThrows(NotFoundException.class, () -> ctx.farms.get(carol, farm.id()));
        assertThrows(NotFoundException.class, () -> ctx.lifecycle.terminate(carol, farm.id()));
        Viewer readOnly = new People(ctx).viewer("carol@example.com");
        assertThrows(NotFoundException.class, () -> ctx.farms.create(readOnly, acmeDev.id(),
                new FarmService.FarmInput("x", "", null)));
        ctx.scaler.runOnce();
        Farm terminated = ctx.lifecycle.terminate(bob, farm.id());
        assertEquals(FarmStatus.TERMINATED, terminated.status());
        assertEquals(0, ctx.farms.servers(bob, farm.id()).size());
        ctx.farms.delete(bob, farm.id());
        assertThrows(NotFoundException.class, () -> ctx.farms.get(bob, farm.id()));
    }

    @Test
    void registering_a_sandbox_image_the_sandbox_does_not_hold_is_refused() {
        ValidationException refused = assertThrows(ValidationException.class, () -> ctx.images.register(alice, acmeDev,
                new ImageService.NewImage("sandbox", Fixtures.EAST, "sbx-0badc0de", "ghost", "", "ubuntu-22-04",
                        "x86_64", true, 8)));
        assertTrue(refused.errors().get("cloudImageId").contains("holds no image"));
    }
}
