package imagehub.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.ForbiddenException;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.image.ImageDeprecations.Deprecation;
import imagehub.image.ImageService.NewImage;
import imagehub.scope.Environment;
import imagehub.core.ScopeRef;
import imagehub.support.People;
import imagehub.support.TestApp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ImageServiceTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    private static final AtomicInteger ids = new AtomicInteger(0x1000);
    private static final Set<String> usedByFakeRole = ConcurrentHashMap.newKeySet();

    private static ImageService images;
    private static ImageNaming naming;
    private static ImageDeprecations deprecations;
    private static People people;
    private static Viewer admin;
    private static Viewer alice;
    private static Viewer bob;
    private static Viewer carol;
    private static ScopeRef acme;
    private static ScopeRef acmeDev;
    private static ScopeRef acmeProd;
    private static ScopeRef globex;
    private static ScopeRef globexProd;

    @BeforeAll
    static void wire() {
        images = app.context().images;
        naming = app.context().imageNaming;
        deprecations = app.context().imageDeprecations;
        people = new People(app.context());
        admin = people.viewer(TestApp.ADMIN);
        alice = people.viewer("alice@example.com");
        bob = people.viewer("bob@example.com");
        carol = people.viewer("carol@example.com");
        acme = people.account("acme");
        acmeDev = people.env("acme", "acme-dev");
        acmeProd = people.env("acme", "acme-prod");
        globex = people.account("globex");
        globexProd = people.env("globex", "globex-prod");
        images.registerUsage((handle, image) -> usedByFakeRole.contains(image.id())
                ? List.of(new ImageUsage.Use("role", "42", "web-frontend", image.scope())) : List.of());
    }

    private static String freshId() {
        return imagehub.support.SandboxImages.hold(app.context(), String.format("sbx-%08x", ids.incrementAndGet()));
    }

    private static NewImage sandbox(String cloudImageId, String name) {
        return sandbox(cloudImageId, name, "sandbox-east-1");
    }

    private static NewImage sandbox(String cloudImageId, String name, String location) {
        return new NewImage("sandbox", location, cloudImageId, name, "test image", "ubuntu-22-04", "x86_64", true, 8);
    }

    private static long rows(String table) {
        return app.context().jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    @Test
    void the_same_cloud_image_is_registered_once_along_a_scope_chain() {
        String globalId = freshId();
        Image global = images.register(admin, ScopeRef.GLOBAL, sandbox(globalId, "base"));
        ConflictException below = assertThrows(ConflictException.class,
                () -> images.register(alice, acmeDev, sandbox(globalId, "copy")));
        assertEquals("UnicityViolation", below.code());
        assertTrue(below.getMessage().contains(global.id()) && below.getMessage().contains("base"), below.getMessage());
        assertThrows(ConflictException.class, () -> images.register(admin, globex, sandbox(globalId, "copy")));
        images.register(alice, acmeDev, sandbox(globalId, "other-location", "sandbox-west-1"));

        String envId = freshId();
        images.register(alice, acmeDev, sandbox(envId, "dev-only"));
        assertThrows(ConflictException.class, () -> images.register(alice, acme, sandbox(envId, "above")));
        assertThrows(ConflictException.class, () -> images.register(admin, ScopeRef.GLOBAL, sandbox(envId, "above")));
        images.register(alice, acmeProd, sandbox(envId, "sibling-env"));
        images.register(admin, globex, sandbox(envId, "other-account"));
    }

    @Test
    void lists_show_own_and_inherited_images_only() {
        Image global = images.register(admin, ScopeRef.GLOBAL, sandbox(freshId(), "visible-everywhere"));
        Image acmeImage = images.register(alice, acme, sandbox(freshId(), "acme-wide"));
        Image devImage = images.register(alice, acmeDev, sandbox(freshId(), "dev-image"));
        Image globexImage = images.register(admin, globex, sandbox(freshId(), "globex-image"));

        assertTrue(idsOf(alice, acmeDev, "").containsAll(Set.of(global.id(), acmeImage.id(), devImage.id())));
        assertTrue(idsOf(alice, acme, "").containsAll(Set.of(global.id(), acmeImage.id())));
        assertFalse(idsOf(alice, acme, "").contains(globexImage.id()));
        assertFalse(idsOf(alice, acme, "").contains(devImage.id()), "an account does not see its environments' images");
        assertFalse(idsOf(alice, acmeProd, "").contains(devImage.id()));
        assertTrue(idsOf(carol, globexProd, "").containsAll(Set.of(global.id(), globexImage.id())));
        assertFalse(idsOf(carol, globexProd, "").contains(acmeImage.id()));

        assertEquals(devImage.id(), images.get(bob, acmeDev, devImage.id()).id());
        assertThrows(NotFoundException.class, () -> images.get(alice, acme, globexImage.id()));
        assertThrows(NotFoundException.class, () -> images.get(carol, acme, acmeImage.id()));
        assertThrows(NotFoundException.class, () -> images.get(carol, globexProd, acmeImage.id()));
        assertThrows(NotFoundException.class, () -> images.get(alice, acmeProd, devImage.id()));
    }

    private static Set<String> idsOf(Viewer viewer, ScopeRef scope, String text) {
        ImageFilter filter = ImageFilter.of(null, null, null, null, null, text, null, null);
        return Set.copyOf(images.list(viewer, scope, filter, 1, 100).images().stream().map(Image::id).toList());
    }

    @Test
    void lists_filter_sort_and_page() {
        String location = "sandbox-west-1";
        for (String name : List.of("zeta-1", "alpha-1", "mid-1")) {
            images.register(alice, acmeProd, new NewImage("sandbox", location, freshId(), "pager-" + name, "",
                    "debian-12", "arm64", false, 20));
        }
        ImageFilter arm = ImageFilter.of("sandbox", location, "debian-12", "arm64", "false", "pager-", "name", "desc");
        ImageList first = images.list(alice, acmeProd, arm, 1, 2);
        assertEquals(3, first.total());
        assertEquals(List.of("pager-zeta-1", "pager-mid-1"), first.images().stream().map(Image::name).toList());
        assertEquals(List.of("pager-alpha-1"), images.list(alice, acmeProd, arm, 2, 2).images().stream().map(Image::name).toList());
        assertEquals(0, images.list(alice, acmeProd, ImageFilter.of("sandbox", location, null, "arm64", "true", "pager-",
                null, null), 1, 10).total());
        assertThrows(ValidationException.class, () -> ImageFilter.of("gcp", null, null, null, null, null, null, null));
        assertThrows(ValidationException.class, () -> images.list(alice, acmeProd, arm, 1, 1000));
    }

    @Test
    void who_may_register_follows_access() {
        assertThrows(NotFoundException.class, () -> images.register(bob, acme, sandbox(freshId(), "bobs")));
        assertThrows(ForbiddenException.class, () -> images.register(bob, acmeDev, sandbox(freshId(), "bobs")));
        assertThrows(ForbiddenException.class, () -> images.register(carol, globexProd, sandbox(freshId(), "carols")));
        assertThrows(NotFoundException.class, () -> images.register(alice, ScopeRef.GLOBAL, sandbox(freshId(), "alices")));
        assertThrows(NotFoundException.class, () -> images.register(alice, globex, sandbox(freshId(), "alices")));
    }

    @Test
    void every_field_is_validated_and_nothing_is_written() {
        long imagesBefore = rows("images");
        long auditBefore = rows("audit_log");
        ValidationException invalid = assertThrows(ValidationException.class, () -> images.register(alice, acmeDev,
                new NewImage("sandbox", "us-east-1", "ami-12345678", "Not Valid", "x".repeat(1001), "beos-5", "sparc",
                        true, 0)));
        assertEquals(Set.of("cloudLocation", "cloudImageId", "name", "description", "osId", "architecture", "sizeGb"),
                invalid.errors().keySet());
        assertEquals(Set.of("platform"), assertThrows(ValidationException.class, () -> images.register(alice, acmeDev,
                new NewImage("gcp", "sandbox-east-1", freshId(), "ok", "", "debian-12", "x86_64", true, 8))).errors().keySet());
        assertEquals(Set.of("name"), assertThrows(ValidationException.class, () -> images.register(alice, acmeDev,
                sandbox(freshId(), "a".repeat(101)))).errors().keySet());
        assertEquals(Set.of("sizeGb"), assertThrows(ValidationException.class, () -> images.register(alice, acmeDev,
                new NewImage("sandbox", "sandbox-east-1", freshId(), "big", "", "debian-12", "x86_64", true, 16385)))
                .errors().keySet());
        for (String badId : List.of("ami-1234567", "ami-0123456789abcdef", "ami-ABCDEF12", "sbx-1234567", "m-Abc", "m-")) {
            String platform = badId.startsWith("ami-") ? "ec2" : badId.startsWith("m-") ? "aliyun" : "sandbox";
            String region = platform.equals("sandbox") ? "sandbox-east-1" : platform.equals("ec2") ? "eu-west-1" : "cn-hangzhou";
            assertEquals(Set.of("cloudImageId"), assertThrows(ValidationException.class, () -> images.register(alice, acmeDev,
                    new NewImage(platform, region, badId, "ok", "", "debian-12", "x86_64", true, 8))).errors().keySet(), badId);
        }
        assertEquals(imagesBefore, rows("images"));
        assertEquals(auditBefore, rows("audit_log"));

        // Well-formed ids of a real cloud are looked up there: without stored credentials, nothing is written.
        assertEquals(Set.of("cloudCredentials"), assertThrows(ValidationException.class, () -> images.register(alice,
                acmeDev, new NewImage("ec2", "eu-west-1", "ami-0123456789abcdef0", "ec2-ok", "", "amazonlinux-2023",
                        "arm64", false, null))).errors().keySet());
        assertEquals(Set.of("cloudCredentials"), assertThrows(ValidationException.class, () -> images.register(alice,
                acmeDev, new NewImage("aliyun", "cn-hangzhou", "m-bp1g7004ksh0oeuc9lbb", "aliyun-ok", "", "alinux-3",
                        "x86_64", true, 40))).errors().keySet());
        ValidationException global = assertThrows(ValidationException.class, () -> images.register(admin,
                ScopeRef.GLOBAL, new NewImage("ec2", "eu-west-1", "ami-0123456789abcdef0", "ec2-ok", "",
                        "amazonlinux-2023", "arm64", false, null)));
        assertTrue(global.errors().get("cloudImageId").contains("account or environment that holds credentials"),
                global.getMessage());
        assertEquals(imagesBefore, rows("images"));
        assertEquals(auditBefore, rows("audit_log"));
    }

    @Test
    void naming_policy_of_the_nearest_scope_applies_on_register_and_rename() {
        assertEquals(NamingPolicy.DEFAULT, naming.namingPolicy(bob, acmeDev));
        naming.setNamingPolicy(alice, acme, "^acme-[a-z0-9-]+$");
        assertEquals(acme, naming.namingPolicy(bob, acmeDev).definedAt());
        assertEquals(Set.of("name"), assertThrows(ValidationException.class,
                () -> images.register(alice, acmeDev, sandbox(freshId(), "debian"))).errors().keySet());
        Image named = images.register(alice, acmeDev, sandbox(freshId(), "acme-debian"));
        assertThrows(ValidationException.class, () -> images.edit(alice, acmeDev, named.id(),
                new ImageService.ImageEdit("plain", "")));
        images.register(admin, globex, sandbox(freshId(), "plain-name"));

        assertThrows(NotFoundException.class, () -> naming.setNamingPolicy(alice, ScopeRef.GLOBAL, "^x$"));
        assertThrows(ForbiddenException.class, () -> naming.setNamingPolicy(bob, acmeDev, "^x$"));
        assertThrows(ValidationException.class, () -> naming.setNamingPolicy(alice, acmeDev, "^x$"));
        assertThrows(ValidationException.class, () -> naming.setNamingPolicy(alice, acme, "([a-z"));

        naming.setNamingPolicy(admin, ScopeRef.GLOBAL, "^[a-z]+$");
        assertThrows(ValidationException.class, () -> images.register(admin, globex, sandbox(freshId(), "with-hyphen")));
        assertEquals(acme, naming.namingPolicy(alice, acmeDev).definedAt(), "the nearest policy wins");
        naming.setNamingPolicy(admin, ScopeRef.GLOBAL, "");
        assertEquals(NamingPolicy.DEFAULT, naming.setNamingPolicy(alice, acme, " "));
        images.register(alice, acmeDev, sandbox(freshId(), "debian"));
    }

    @Test
    void promotion_moves_images_up_one_scope_with_rights_at_the_target() {
        Image dev = images.register(alice, acmeDev, sandbox(freshId(), "promote-me"));
        assertThrows(ForbiddenException.class, () -> images.promote(bob, acmeDev, dev.id()));
        Image atAccount = images.promote(alice, acmeDev, dev.id());
        assertEquals(dev.id(), atAccount.id());
        assertEquals(acme, atAccount.scope());
        assertEquals(ImageSource.PROMOTED, atAccount.source());
        assertEquals(dev.id(), images.get(alice, acmeProd, dev.id()).id(), "now visible in the sibling environment");

        assertThrows(ForbiddenException.class, () -> images.promote(alice, acme, dev.id()), "Global needs a Global admin");
        Image global = images.promote(admin, acme, dev.id());
        assertEquals(ScopeRef.GLOBAL, global.scope());
        assertEquals(Set.of(""), assertThrows(ValidationException.class,
                () -> images.promote(admin, ScopeRef.GLOBAL, dev.id())).errors().keySet());

        String shared = freshId();
        Image acmeCopy = images.register(alice, acme, sandbox(shared, "shared-acme"));
        images.register(admin, globex, sandbox(shared, "shared-globex"));
        ConflictException clash = assertThrows(ConflictException.class, () -> images.promote(admin, acme, acmeCopy.id()));
        assertTrue(clash.getMessage().contains("shared-globex"), clash.getMessage());
        assertEquals(acme, images.get(alice, acme, acmeCopy.id()).scope(), "nothing moved");
    }

    @Test
    void deprecation_checks_the_replacement_and_can_be_undone() {
        Image old = images.register(alice, acmeDev, sandbox(freshId(), "old-build"));
        Image west = images.register(alice, acmeDev, sandbox(freshId(), "west-build", "sandbox-west-1"));
        Image other = images.register(alice, acmeProd, sandbox(freshId(), "prod-build"));
        Image newer = images.register(alice, acmeDev, sandbox(freshId(), "new-build"));
        for (String bad : List.of(old.id(), west.id(), other.id(), "no-such-image")) {
            assertEquals(Set.of("replacementImageId"), assertThrows(ValidationException.class,
                    () -> deprecations.deprecate(alice, acmeDev, old.id(), new Deprecation("newer build", bad, null))).errors().keySet());
        }
        assertEquals(Set.of("reason"), assertThrows(ValidationException.class,
                () -> deprecations.deprecate(alice, acmeDev, old.id(), new Deprecation(" ", null, null))).errors().keySet());
        assertThrows(ForbiddenException.class, () -> deprecations.deprecate(bob, acmeDev, old.id(), new Deprecation("x", null, null)));

        Image deprecated = deprecations.deprecate(alice, acmeDev, old.id(), new Deprecation("newer build", newer.id(), null));
        assertTrue(deprecated.deprecated());
        assertEquals(newer.id(), deprecated.replacementImageId());
        assertNotNull(deprecated.deprecatedAt());
        Image stale = images.register(alice, acmeDev, sandbox(freshId(), "stale-build"));
        assertThrows(ValidationException.class,
                () -> deprecations.deprecate(alice, acmeDev, stale.id(), new Deprecation("x", old.id(), null)),
                "a deprecated image replaces nothing");

        Image active = deprecations.undeprecate(alice, acmeDev, old.id());
        assertFalse(active.deprecated());
        assertNull(active.replacementImageId());
        assertNull(active.deprecationReason());
        assertThrows(ValidationException.class, () -> deprecations.undeprecate(alice, acmeDev, old.id()));
    }

    @Test
    void a_scheduled_deprecation_takes_effect_when_due() {
        Instant due = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Image image = images.register(alice, acmeDev, sandbox(freshId(), "retire-later"));
        Image scheduled = deprecations.deprecate(alice, acmeDev, image.id(), new Deprecation("end of support", null, due));
        assertFalse(scheduled.deprecated());
        assertTrue(scheduled.deprecationScheduled());

        assertEquals(0, deprecations.applyDueDeprecations(Viewer.system(), due.minusSeconds(1)));
        assertFalse(images.get(alice, acmeDev, image.id()).deprecated());
        assertThrows(NotFoundException.class, () -> deprecations.applyDueDeprecations(alice, due));

        assertEquals(1, deprecations.applyDueDeprecations(Viewer.system(), due));
        Image after = images.get(alice, acmeDev, image.id());
        assertTrue(after.deprecated());
        assertEquals(due, after.deprecatedAt());
        assertNull(after.deprecationDueAt());
        assertEquals("end of support", after.deprecationReason());
        assertEquals(0, deprecations.applyDueDeprecations(Viewer.system(), due.plusSeconds(60)));

        long registered = app.context().jdbi.withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = :name").bind("name", ImageDeprecationJob.TASK_NAME)
                .mapTo(Long.class).one());
        assertEquals(1, registered, "the recurring task is scheduled in the database");
    }

    @Test
    void delete_is_refused_while_anything_uses_the_image() {
        Image used = images.register(alice, acmeDev, sandbox(freshId(), "in-use"));
        usedByFakeRole.add(used.id());
        assertEquals(List.of("role web-frontend"), images.usage(bob, acmeDev, used.id()).uses().stream()
                .map(ImageUsage.Use::describe).toList());
        ConflictException inUse = assertThrows(ConflictException.class, () -> images.delete(alice, acmeDev, used.id()));
        assertEquals("ObjectInUse", inUse.code());
        assertTrue(inUse.getMessage().contains("role web-frontend"), inUse.getMessage());

        usedByFakeRole.remove(used.id());
        Image old = images.register(alice, acmeDev, sandbox(freshId(), "superseded"));
        deprecations.deprecate(alice, acmeDev, old.id(), new Deprecation("newer", used.id(), null));
        assertTrue(assertThrows(ConflictException.class, () -> images.delete(alice, acmeDev, used.id()))
                .getMessage().contains("superseded"));
        deprecations.undeprecate(alice, acmeDev, old.id());

        assertFalse(images.usage(alice, acmeDev, used.id()).inUse());
        assertThrows(ForbiddenException.class, () -> images.delete(bob, acmeDev, used.id()));
        images.delete(alice, acmeDev, used.id());
        assertThrows(NotFoundException.class, () -> images.get(alice, acmeDev, used.id()));
    }

    @Test
    void every_change_writes_one_audit_entry_with_before_and_after() {
        Image image = images.register(alice, acmeDev, sandbox(freshId(), "audited"));
        assertAudit(image.id(), "image.register", false, true);
        images.edit(alice, acmeDev, image.id(), new ImageService.ImageEdit("audited-2", "renamed"));
        assertAudit(image.id(), "image.edit", true, true);
        deprecations.deprecate(alice, acmeDev, image.id(), new Deprecation("old", null, null));
        assertAudit(image.id(), "image.deprecate", true, true);
        deprecations.undeprecate(alice, acmeDev, image.id());
        assertAudit(image.id(), "image.undeprecate", true, true);
        images.promote(alice, acmeDev, image.id());
        assertAudit(image.id(), "image.promote", true, true);
        images.delete(alice, acme, image.id());
        assertAudit(image.id(), "image.delete", true, false);
        assertEquals(6, auditEntries(image.id()).size());
    }

    private static void assertAudit(String imageId, String action, boolean before, boolean after) {
        List<Map<String, Object>> entries = auditEntries(imageId);
        Map<String, Object> last = entries.get(entries.size() - 1);
        assertEquals(action, last.get("action"));
        assertEquals(before, last.get("before_json") != null, action + " before");
        assertEquals(after, last.get("after_json") != null, action + " after");
        assertEquals("alice@example.com", last.get("actor_email"));
    }

    private static List<Map<String, Object>> auditEntries(String imageId) {
        return app.context().jdbi.withHandle(h -> h.createQuery(
                "SELECT action, before_json, after_json, actor_email FROM audit_log WHERE object_id = :id ORDER BY id")
                .bind("id", imageId).mapToMap().list());
    }

    @Test
    void a_scope_holding_images_is_not_deleted() {
        Environment staging = app.context().scopeService.createEnvironment(alice, acme.id(), "acme-staging");
        Image image = images.register(alice, staging.scope(), sandbox(freshId(), "staging-image"));
        ConflictException held = assertThrows(ConflictException.class,
                () -> app.context().scopeService.deleteEnvironment(alice, staging.id()));
        assertTrue(held.getMessage().contains("1 image"), held.getMessage());
        images.delete(alice, staging.scope(), image.id());
        app.context().scopeService.deleteEnvironment(alice, staging.id());
    }

    @Test
    void alternatives_are_active_images_of_the_same_cloud_location_visible_from_the_given_scope() {
        Image old = images.register(alice, acme, sandbox(freshId(), "alt-old"));
        Image sibling = images.register(alice, acme, sandbox(freshId(), "alt-sibling"));
        Image inDev = images.register(alice, acmeDev, sandbox(freshId(), "alt-dev"));
        Image west = images.register(alice, acme, sandbox(freshId(), "alt-west", "sandbox-west-1"));
        Image retired = images.register(alice, acme, sandbox(freshId(), "alt-retired"));
        deprecations.deprecate(alice, acme, retired.id(), new Deprecation("old", null, null));

        List<String> fromAccount = images.alternatives(alice, acme, old).stream().map(Image::id).toList();
        assertTrue(fromAccount.contains(sibling.id()));
        assertFalse(fromAccount.contains(old.id()), "an image is no alternative to itself");
        assertFalse(fromAccount.contains(inDev.id()), "an environment's image is not visible from its account");
        assertFalse(fromAccount.contains(west.id()));
        assertFalse(fromAccount.contains(retired.id()));
        assertTrue(images.alternatives(bob, acmeDev, old).stream().anyMatch(i -> i.id().equals(inDev.id())));
        assertThrows(NotFoundException.class, () -> images.alternatives(carol, acme, old));
    }

    @Test
    void naming_policies_are_set_by_admins_of_global_or_an_account_never_an_environment() {
        assertTrue(naming.canSetNamingPolicy(admin, ScopeRef.GLOBAL));
        assertTrue(naming.canSetNamingPolicy(alice, acme));
        assertFalse(naming.canSetNamingPolicy(alice, acmeDev), "environments inherit their account's policy");
        assertFalse(naming.canSetNamingPolicy(alice, ScopeRef.GLOBAL));
        assertFalse(naming.canSetNamingPolicy(bob, acme));
        assertThrows(ValidationException.class, () -> naming.setNamingPolicy(alice, acmeDev, "^dev-.*$"));
    }

    @Test
    void a_patch_changing_nothing_needs_no_rights_and_one_that_changes_runs_whole() {
        Image image = images.register(alice, acmeDev, sandbox(freshId(), "patched"));
        assertEquals(image, images.patch(bob, acmeDev, image.id(), null, false, "unused"), "not deprecated: nothing to do");
        assertThrows(ForbiddenException.class, () -> images.patch(bob, acmeDev, image.id(), null, true, "retire"));
        assertThrows(NotFoundException.class, () -> images.patch(carol, globexProd, image.id(), null, true, "retire"));
        assertThrows(ValidationException.class, () -> images.patch(alice, acmeDev, image.id(),
                new ImageService.ImageEdit("patched-renamed", "d"), true, " "));
        assertEquals("patched", images.get(alice, acmeDev, image.id()).name(), "a refused deprecation keeps the old name");
        Image patched = images.patch(alice, acmeDev, image.id(), new ImageService.ImageEdit("patched-renamed", "d"), true,
                "retire");
        assertEquals("patched-renamed", patched.name());
        assertTrue(patched.deprecated());
        assertEquals("retire", patched.deprecationReason());
    }
}
