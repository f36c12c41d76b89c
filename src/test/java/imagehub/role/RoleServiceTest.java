package imagehub.role;

import static imagehub.support.Fixtures.EAST;
import static imagehub.support.Fixtures.WEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.ForbiddenException;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.audit.AuditRecord;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.image.Image;
import imagehub.image.ImageDeprecations;
import imagehub.image.ImageService;
import imagehub.role.RolePromotion.RoleClone;
import imagehub.role.RoleService.RoleDeprecation;
import imagehub.role.RoleService.RoleInput;
import imagehub.core.ScopeRef;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RoleServiceTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    private static RoleService roles;
    private static RoleImages roleImages;
    private static RolePromotion promotion;
    private static ImageService images;
    private static ImageDeprecations deprecations;
    private static Fixtures fx;
    private static Viewer admin;
    private static Viewer alice;
    private static Viewer bob;
    private static Viewer carol;
    private static ScopeRef acme;
    private static ScopeRef acmeDev;
    private static ScopeRef acmeProd;
    private static ScopeRef globex;

    @BeforeAll
    static void wire() {
        roles = app.context().roles;
        roleImages = app.context().roleImages;
        promotion = app.context().rolePromotion;
        images = app.context().images;
        deprecations = app.context().imageDeprecations;
        fx = new Fixtures(app.context());
        People people = new People(app.context());
        admin = people.viewer(TestApp.ADMIN);
        alice = people.viewer("alice@example.com");
        bob = people.viewer("bob@example.com");
        carol = people.viewer("carol@example.com");
        acme = people.account("acme");
        acmeDev = people.env("acme", "acme-dev");
        acmeProd = people.env("acme", "acme-prod");
        globex = people.account("globex");
    }

    @Test
    void a_role_is_created_with_one_audit_entry() {
        long mark = fx.auditMark();
        Role role = roles.create(alice, acme, new RoleInput("web-frontend", "ubuntu", "web", "nginx in front"));
        assertEquals(acme, role.scope());
        assertEquals("alice@example.com", role.createdBy());
        List<AuditRecord> entries = fx.auditSince(mark);
        assertEquals(1, entries.size());
        assertEquals("role.create", entries.get(0).action());
        assertNull(entries.get(0).beforeJson());
        assertTrue(entries.get(0).afterJson().contains("web-frontend"));
    }

    @Test
    void role_names_are_unique_along_the_scope_chain_only() {
        String name = Fixtures.unique("cache");
        roles.create(alice, acme, new RoleInput(name, "ubuntu", "", ""));
        assertThrows(ConflictException.class, () -> roles.create(alice, acmeDev, new RoleInput(name, "ubuntu", "", "")));
        assertThrows(ConflictException.class, () -> roles.create(admin, ScopeRef.GLOBAL, new RoleInput(name, "ubuntu", "", "")));
        assertEquals(globex, roles.create(admin, globex, new RoleInput(name, "ubuntu", "", "")).scope());
    }

    @Test
    void bad_input_is_refused_field_by_field() {
        ValidationException refused = assertThrows(ValidationException.class,
                () -> roles.create(alice, acme, new RoleInput("Web Server", "beos", "x".repeat(51), "")));
        assertEquals(List.of("category", "name", "osFamily"), refused.errors().keySet().stream().sorted().toList());
        assertThrows(ValidationException.class, () -> roles.create(alice, acme, new RoleInput("a".repeat(101), "ubuntu", "", "")));
    }

    @Test
    void only_admins_of_the_scope_change_roles_and_other_accounts_do_not_see_them() {
        Role role = fx.role(alice, acme, "ubuntu");
        assertThrows(ForbiddenException.class, () -> fx.role(bob, acmeDev, "ubuntu"));
        assertThrows(ForbiddenException.class, () -> roles.deprecate(bob, acmeDev, role.id(), new RoleDeprecation(null)));
        assertEquals(role, roles.get(bob, acmeDev, role.id()), "an operator below may read it");
        assertThrows(NotFoundException.class, () -> roles.get(carol, people().env("globex", "globex-prod"), role.id()));
    }

    @Test
    void a_role_holds_one_image_per_platform_and_location() {
        Role role = fx.role(alice, acme, "ubuntu");
        Image east = fx.ubuntu(alice, acme, EAST);
        long mark = fx.auditMark();
        RoleImage added = roleImages.addImage(alice, acme, role.id(), east.id());
        assertEquals(east.id(), added.image().id());
        List<AuditRecord> entries = fx.auditSince(mark);
        assertEquals(List.of("role.image.add"), entries.stream().map(AuditRecord::action).toList());
        assertTrue(entries.get(0).afterJson().contains(east.id()));

        Image secondEast = fx.ubuntu(alice, acme, EAST);
        ConflictException refused = assertThrows(ConflictException.class,
                () -> roleImages.addImage(alice, acme, role.id(), secondEast.id()));
        assertEquals("UnicityViolation", refused.code());
        roleImages.addImage(alice, acme, role.id(), fx.ubuntu(alice, acme, WEST).id());
        assertEquals(2, roles.detail(alice, acme, role.id()).images().size());
    }

    @Test
    void an_image_of_another_os_family_is_refused() {
        Role role = fx.role(alice, acme, "debian");
        Image ubuntu = fx.ubuntu(alice, acme, EAST);
        ConflictException refused = assertThrows(ConflictException.class,
                () -> roleImages.addImage(alice, acme, role.id(), ubuntu.id()));
        assertEquals(RoleService.OS_MISMATCH, refused.code());
        assertTrue(refused.getMessage().contains("debian"));
        assertTrue(roles.detail(alice, acme, role.id()).images().isEmpty());
    }

    @Test
    void a_deprecated_image_cannot_be_added_to_a_role() {
        Role role = fx.role(alice, acme, "ubuntu");
        Image image = fx.ubuntu(alice, acme, EAST);
        deprecations.deprecate(alice, acme, image.id(), new ImageDeprecations.Deprecation("old", null, null));
        ValidationException refused = assertThrows(ValidationException.class,
                () -> roleImages.addImage(alice, acme, role.id(), image.id()));
        assertTrue(refused.getMessage().contains("deprecated"));
    }

    @Test
    void an_account_role_cannot_use_an_environment_image() {
        Role role = fx.role(alice, acme, "ubuntu");
        Image envImage = fx.ubuntu(alice, acmeDev, EAST);
        ValidationException refused = assertThrows(ValidationException.class,
                () -> roleImages.addImage(alice, acmeDev, role.id(), envImage.id()));
        assertTrue(refused.getMessage().contains("not visible from"));
        assertFalse(roleImages.candidates(alice, acme, role.id()).stream().anyMatch(i -> i.id().equals(envImage.id())));
    }

    @Test
    void an_image_is_replaced_in_one_role_and_removed() {
        Image old = fx.ubuntu(alice, acme, EAST);
        Role role = fx.roleUsing(alice, acme, old);
        Image west = fx.ubuntu(alice, acme, WEST);
        assertThrows(ValidationException.class, () -> roleImages.replaceImage(alice, acme, role.id(), old.id(), west.id()));
        Image newer = fx.ubuntu(alice, acme, EAST);
        long mark = fx.auditMark();
        roleImages.replaceImage(alice, acme, role.id(), old.id(), newer.id());
        assertEquals(newer.id(), fx.imageOf(role, EAST));
        AuditRecord entry = fx.auditSince(mark).get(0);
        assertEquals("role.image.replace", entry.action());
        assertTrue(entry.beforeJson().contains(old.id()) && entry.afterJson().contains(newer.id()));

        roleImages.removeImage(alice, acme, role.id(), newer.id());
        assertNull(fx.imageOf(role, EAST));
        assertThrows(NotFoundException.class, () -> roleImages.removeImage(alice, acme, role.id(), newer.id()));
    }

    @Test
    void a_deprecated_role_keeps_its_images_and_names_its_replacement() {
        Role replacement = fx.role(alice, acme, "ubuntu");
        Role role = fx.roleUsing(alice, acme, fx.ubuntu(alice, acme, EAST));
        long mark = fx.auditMark();
        Role deprecated = roles.deprecate(alice, acme, role.id(), new RoleDeprecation(replacement.id()));
        assertTrue(deprecated.deprecated());
        assertEquals(replacement.id(), deprecated.replacementRoleId());
        assertEquals(1, roles.detail(alice, acme, role.id()).images().size());
        assertEquals(1, fx.auditSince(mark).size());
        assertThrows(ValidationException.class, () -> roles.deprecate(alice, acme, role.id(), new RoleDeprecation(null)));
        assertThrows(ConflictException.class, () -> roles.delete(alice, acme, replacement.id()),
                "a role named as a replacement is in use");
        assertFalse(roles.undeprecate(alice, acme, role.id()).deprecated());
        Role globexRole = fx.role(admin, globex, "ubuntu");
        assertThrows(ValidationException.class,
                () -> roles.deprecate(alice, acme, role.id(), new RoleDeprecation(globexRole.id())));
    }

    @Test
    void promoting_an_environment_role_moves_its_environment_images_to_the_account() {
        Image global = fx.ubuntu(admin, ScopeRef.GLOBAL, WEST);
        Image envImage = fx.ubuntu(alice, acmeDev, EAST);
        Role role = fx.roleUsing(alice, acmeDev, envImage, global);
        assertEquals(acme, promotion.promotionTarget(alice, role).orElseThrow());
        assertTrue(promotion.promotionTarget(bob, role).isEmpty());
        assertThrows(ForbiddenException.class, () -> promotion.promote(bob, acmeDev, role.id()));

        long mark = fx.auditMark();
        Role promoted = promotion.promote(alice, acmeDev, role.id());
        assertEquals(acme, promoted.scope());
        assertEquals(acme, images.get(alice, acme, envImage.id()).scope());
        assertEquals(ScopeRef.GLOBAL, images.get(alice, acme, global.id()).scope());
        assertEquals(List.of("image.promote", "role.promote"),
                fx.auditSince(mark).stream().map(AuditRecord::action).toList());

        assertThrows(ForbiddenException.class, () -> promotion.promote(alice, acme, role.id()),
                "account to Global needs a Global admin");
        assertEquals(ScopeRef.GLOBAL, promotion.promote(admin, acme, role.id()).scope());
        assertEquals(ScopeRef.GLOBAL, images.get(admin, ScopeRef.GLOBAL, envImage.id()).scope());
    }

    @Test
    void promotion_of_a_role_whose_image_cannot_move_changes_nothing() {
        Image movable = fx.ubuntu(alice, acmeDev, EAST);
        Image blocked = fx.ubuntu(alice, acmeDev, WEST);
        images.register(alice, acmeProd, new ImageService.NewImage("sandbox", WEST, blocked.cloudImageId(),
                Fixtures.unique("prod-copy"), "", "ubuntu-22-04", "x86_64", true, 8));
        Role role = fx.roleUsing(alice, acmeDev, movable, blocked);
        List<RoleImageRow> mappings = fx.roleImages();
        long mark = fx.auditMark();

        ConflictException refused = assertThrows(ConflictException.class, () -> promotion.promote(alice, acmeDev, role.id()));
        assertTrue(refused.getMessage().contains(blocked.name()), refused.getMessage());
        assertFalse(refused.getMessage().contains(movable.name()));

        assertEquals(acmeDev, roles.get(alice, acmeDev, role.id()).scope());
        assertEquals(acmeDev, images.get(alice, acmeDev, movable.id()).scope(), "the movable image did not move either");
        assertEquals(acmeDev, images.get(alice, acmeDev, blocked.id()).scope());
        assertEquals(mappings, fx.roleImages());
        assertTrue(fx.auditSince(mark).isEmpty());
    }

    @Test
    void a_clone_copies_the_images_under_a_new_name_at_or_below_the_scope() {
        Role source = fx.roleUsing(alice, acme, fx.ubuntu(alice, acme, EAST), fx.ubuntu(alice, acme, WEST));
        assertThrows(ConflictException.class,
                () -> promotion.cloneRole(alice, acme, source.id(), new RoleClone(source.name(), acmeDev)));
        assertThrows(ValidationException.class,
                () -> promotion.cloneRole(admin, acme, source.id(), new RoleClone(Fixtures.unique("x"), globex)));
        assertThrows(ForbiddenException.class,
                () -> promotion.cloneRole(bob, acmeDev, source.id(), new RoleClone(Fixtures.unique("x"), acmeDev)));
        long mark = fx.auditMark();
        Role clone = promotion.cloneRole(alice, acme, source.id(), new RoleClone(Fixtures.unique("clone"), acmeDev));
        assertEquals(acmeDev, clone.scope());
        assertEquals(roles.detail(alice, acme, source.id()).images().stream().map(ri -> ri.image().id()).toList(),
                roles.detail(alice, acmeDev, clone.id()).images().stream().map(ri -> ri.image().id()).toList());
        assertEquals(List.of("role.clone"), fx.auditSince(mark).stream().map(AuditRecord::action).toList());
    }

    @Test
    void an_image_used_by_a_role_reports_it_and_cannot_be_deleted_until_the_role_is() {
        Image image = fx.ubuntu(alice, acme, EAST);
        Role role = fx.roleUsing(alice, acme, image);
        assertTrue(images.usage(alice, acme, image.id()).uses().stream()
                .anyMatch(use -> use.kind().equals("role") && use.name().equals(role.name())));
        ConflictException refused = assertThrows(ConflictException.class, () -> images.delete(alice, acme, image.id()));
        assertTrue(refused.getMessage().contains("role " + role.name()));

        long mark = fx.auditMark();
        roles.delete(alice, acme, role.id());
        assertEquals(List.of("role.delete"), fx.auditSince(mark).stream().map(AuditRecord::action).toList());
        assertThrows(NotFoundException.class, () -> roles.get(alice, acme, role.id()));
        images.delete(alice, acme, image.id());
    }

    @Test
    void a_role_usage_hook_blocks_deletion() {
        Role role = fx.role(alice, acme, "ubuntu");
        roles.registerUsage((handle, r) -> r.id() == role.id()
                ? List.of(new RoleUsage.Use("farm", "7", "web-prod", acmeProd, "3 running servers")) : List.of());
        ConflictException refused = assertThrows(ConflictException.class, () -> roles.delete(alice, acme, role.id()));
        assertTrue(refused.getMessage().contains("farm web-prod (3 running servers)"));
        assertNotNull(roles.get(alice, acme, role.id()));
    }

    @Test
    void the_os_family_changes_only_while_no_image_of_the_old_one_is_used() {
        Role role = fx.roleUsing(alice, acme, fx.ubuntu(alice, acme, EAST));
        ConflictException refused = assertThrows(ConflictException.class,
                () -> roles.edit(alice, acme, role.id(), new RoleInput(role.name(), "debian", "", "")));
        assertEquals(RoleService.OS_MISMATCH, refused.code());
        Role renamed = roles.edit(alice, acme, role.id(), new RoleInput(role.name() + "-b", "ubuntu", "web", "x"));
        assertEquals(role.name() + "-b", renamed.name());
    }

    @Test
    void demo_roles_exist_at_each_level() {
        List<Role> visible = roles.list(alice, acmeDev, RoleFilter.ALL);
        for (String name : List.of("base-ubuntu", "nginx-1-24", "app-server")) {
            assertTrue(visible.stream().anyMatch(r -> r.name().equals(name)), name);
        }
        assertEquals(List.of("base-ubuntu"), roles.list(carol, people().env("globex", "globex-prod"),
                RoleFilter.of("base", "ubuntu", "false")).stream().map(Role::name).toList());
    }

    private static People people() {
        return new People(app.context());
    }

    @Test
    void image_choices_offer_switches_in_each_used_location_and_additions_elsewhere() {
        Image otherFamily = fx.image(alice, acme, WEST, "rocky-9");
        Image used = fx.ubuntu(alice, acme, EAST);
        Role role = fx.roleUsing(alice, acme, used);
        Image sameLocation = fx.ubuntu(alice, acme, EAST);
        Image otherLocation = fx.ubuntu(alice, acme, WEST);
        Image inEnvironment = fx.ubuntu(alice, acmeDev, WEST);

        RoleImages.ImageChoices choices = roleImages.imageChoices(alice, acme, roles.detail(alice, acme, role.id()));
        List<String> switches = choices.switchTo().get(used.id()).stream().map(Image::id).toList();
        assertTrue(switches.contains(sameLocation.id()));
        assertFalse(switches.contains(used.id()), "an image is no switch for itself");
        assertFalse(switches.contains(otherLocation.id()), "a switch stays in the image's platform and location");
        List<String> addable = choices.addable().stream().map(Image::id).toList();
        assertTrue(addable.contains(otherLocation.id()));
        assertFalse(addable.contains(sameLocation.id()), "the role has an image in that location already");
        assertFalse(addable.contains(otherFamily.id()), "another OS family is never offered");
        assertFalse(addable.contains(inEnvironment.id()), "an image below the role's scope is never offered");

        RoleImages.ImageChoices forOperator = roleImages.imageChoices(bob, acmeDev, roles.detail(bob, acmeDev, role.id()));
        assertTrue(forOperator.switchTo().get(used.id()).isEmpty() && forOperator.addable().isEmpty(),
                "who may not change the role is offered nothing");
    }

    @Test
    void a_patch_changing_nothing_needs_no_rights_and_one_that_changes_needs_admin_rights() {
        Role role = fx.role(alice, acme, "ubuntu");
        assertEquals(role, roles.patch(bob, acmeDev, role.id(), null, false), "not deprecated already: nothing to do");
        assertThrows(ForbiddenException.class, () -> roles.patch(bob, acmeDev, role.id(), null, true));
        ScopeRef globexProd = people().env("globex", "globex-prod");
        assertThrows(NotFoundException.class, () -> roles.patch(carol, globexProd, role.id(), null, true));
        long mark = fx.auditMark();
        Role patched = roles.patch(alice, acme, role.id(),
                new RoleInput(role.name() + "-x", role.osFamily(), "cache", role.description()), true);
        assertEquals(role.name() + "-x", patched.name());
        assertTrue(patched.deprecated());
        assertEquals(List.of("role.edit", "role.deprecate"), fx.auditSince(mark).stream().map(AuditRecord::action).toList());
    }
}
