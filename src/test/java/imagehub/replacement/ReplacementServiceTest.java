package imagehub.replacement;

import static imagehub.support.Fixtures.EAST;
import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.audit.AuditRecord;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.image.DeprecationState;
import imagehub.image.Image;
import imagehub.image.ImageDeprecations;
import imagehub.image.ImageService;
import imagehub.replacement.ReplacementService.ReplaceEverywhere;
import imagehub.replacement.ReplacementService.ReplacementPlan;
import imagehub.role.Role;
import imagehub.role.RoleImageRow;
import imagehub.core.ScopeRef;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReplacementServiceTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    private static ReplacementService replacements;
    private static ImageService images;
    private static ImageDeprecations deprecations;
    private static Fixtures fx;
    private static Viewer admin;
    private static Viewer alice;
    private static Viewer bob;
    private static Viewer carol;
    private static ScopeRef acme;
    private static ScopeRef acmeDev;
    private static ScopeRef globex;

    @BeforeAll
    static void wire() {
        replacements = app.context().replacements;
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
        globex = people.account("globex");
    }

    private static ReplaceEverywhere replace(Image old, Image replacement) {
        return new ReplaceEverywhere(old.id(), replacement.id(), false, null, Set.of());
    }

    @Test
    void the_preview_lists_the_roles_that_change_and_those_skipped_and_changes_nothing() {
        Image old = fx.ubuntu(admin, ScopeRef.GLOBAL, EAST);
        Image replacement = fx.ubuntu(alice, acme, EAST);
        Role global = fx.roleUsing(admin, ScopeRef.GLOBAL, old);
        Role account = fx.roleUsing(alice, acme, old);
        Role env = fx.roleUsing(alice, acmeDev, old);
        Role otherAccount = fx.roleUsing(admin, globex, old);
        List<RoleImageRow> before = fx.roleImages();
        long mark = fx.auditMark();

        ReplacementPlan plan = replacements.preview(alice, acme, replace(old, replacement));
        assertEquals(Set.of(account.id(), env.id()), plan.changes().stream().map(c -> c.role().id()).collect(toSet()));
        assertEquals(List.of(global.id()), plan.skipped().stream().map(s -> s.role().id()).toList());
        assertFalse(plan.skipped().stream().anyMatch(s -> s.role().id() == otherAccount.id()), "out of reach: not shown");

        ReplacementPlan bobs = replacements.preview(bob, acmeDev, replace(old, replacement));
        assertTrue(bobs.changes().isEmpty());
        assertEquals(3, bobs.skipped().size());
        assertThrows(ValidationException.class, () -> replacements.replace(bob, acmeDev, replace(old, replacement)));
        assertThrows(NotFoundException.class, () -> replacements.preview(carol, globex, replace(old, replacement)));

        assertEquals(before, fx.roleImages());
        assertTrue(fx.auditSince(mark).isEmpty());
    }

    @Test
    void bad_pairs_are_refused() {
        Image old = fx.ubuntu(alice, acme, EAST);
        fx.roleUsing(alice, acme, old);
        Image west = fx.ubuntu(alice, acme, Fixtures.WEST);
        Image deprecated = fx.ubuntu(alice, acme, EAST);
        deprecations.deprecate(alice, acme, deprecated.id(), new ImageDeprecations.Deprecation("old", null, null));
        for (Image bad : List.of(old, west, deprecated)) {
            ValidationException refused = assertThrows(ValidationException.class,
                    () -> replacements.preview(alice, acme, replace(old, bad)));
            assertTrue(refused.errors().containsKey("newImageId"), refused.getMessage());
        }
        Image fine = fx.ubuntu(alice, acme, EAST);
        ValidationException noReason = assertThrows(ValidationException.class, () -> replacements.preview(alice, acme,
                new ReplaceEverywhere(old.id(), fine.id(), true, " ", Set.of())));
        assertTrue(noReason.errors().containsKey("reason"));
        assertFalse(replacements.candidates(alice, acme, old.id()).stream()
                .anyMatch(i -> i.id().equals(old.id()) || i.id().equals(west.id()) || i.id().equals(deprecated.id())));
    }

    @Test
    void replace_everywhere_switches_every_role_the_viewer_manages_and_skips_the_others() {
        Image old = fx.ubuntu(admin, ScopeRef.GLOBAL, EAST);
        Image replacement = fx.ubuntu(alice, acme, EAST);
        Role global = fx.roleUsing(admin, ScopeRef.GLOBAL, old);
        Role account = fx.roleUsing(alice, acme, old);
        Role env = fx.roleUsing(alice, acmeDev, old);
        long mark = fx.auditMark();

        Replacement done = replacements.replace(alice, acme, replace(old, replacement));
        assertEquals(replacement.id(), fx.imageOf(account, EAST));
        assertEquals(replacement.id(), fx.imageOf(env, EAST));
        assertEquals(old.id(), fx.imageOf(global, EAST));
        assertEquals(2, done.changes().size());
        assertEquals("alice@example.com", done.createdBy());
        assertFalse(done.deprecatedOld());

        List<AuditRecord> entries = fx.auditSince(mark);
        assertEquals(List.of("replacement.execute"), entries.stream().map(AuditRecord::action).toList());
        assertTrue(entries.get(0).beforeJson().contains(old.id()));
        assertTrue(entries.get(0).afterJson().contains(replacement.id()));
        assertEquals(done, replacements.get(alice, acme, done.id()));
        assertTrue(replacements.page(alice, acme, 0, 100).items().stream().anyMatch(r -> r.id() == done.id()));
        assertThrows(NotFoundException.class, () -> replacements.get(alice, acmeDev, done.id()),
                "an account's replacement is not listed in its environments");
    }

    @Test
    void rollback_restores_the_mappings_and_the_old_image_deprecation_state() {
        Image old = fx.ubuntu(alice, acme, EAST);
        Image replacement = fx.ubuntu(alice, acme, EAST);
        Instant planned = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        deprecations.deprecate(alice, acme, old.id(),
                new ImageDeprecations.Deprecation("planned retirement", null, planned));
        DeprecationState scheduled = DeprecationState.of(images.get(alice, acme, old.id()));
        List<Role> roles = List.of(fx.roleUsing(alice, acme, old), fx.roleUsing(alice, acmeDev, old));
        List<RoleImageRow> before = fx.roleImages();

        long mark = fx.auditMark();
        Replacement done = replacements.replace(alice, acme,
                new ReplaceEverywhere(old.id(), replacement.id(), true, "replaced by the new build", Set.of()));
        assertEquals(List.of("image.deprecate", "replacement.execute"),
                fx.auditSince(mark).stream().map(AuditRecord::action).toList());
        Image deprecated = images.get(alice, acme, old.id());
        assertTrue(deprecated.deprecated());
        assertEquals(replacement.id(), deprecated.replacementImageId());
        assertEquals(scheduled, done.oldImageBefore());

        mark = fx.auditMark();
        Replacement rolledBack = replacements.rollback(alice, acme, done.id());
        assertTrue(rolledBack.rolledBack());
        assertEquals("alice@example.com", rolledBack.rolledBackBy());
        assertEquals(before, fx.roleImages());
        roles.forEach(role -> assertEquals(old.id(), fx.imageOf(role, EAST)));
        assertEquals(scheduled, DeprecationState.of(images.get(alice, acme, old.id())));
        assertEquals(List.of("image.deprecation.restore", "replacement.rollback"),
                fx.auditSince(mark).stream().map(AuditRecord::action).toList());

        ConflictException again = assertThrows(ConflictException.class, () -> replacements.rollback(alice, acme, done.id()));
        assertTrue(again.getMessage().contains("already rolled back"));
    }

    @Test
    void rollback_after_a_later_change_to_one_of_the_roles_is_refused_and_changes_nothing() {
        Image old = fx.ubuntu(alice, acme, EAST);
        Image replacement = fx.ubuntu(alice, acme, EAST);
        Image later = fx.ubuntu(alice, acme, EAST);
        Role untouched = fx.roleUsing(alice, acme, old);
        Role changed = fx.roleUsing(alice, acme, old);
        Replacement done = replacements.replace(alice, acme, replace(old, replacement));
        app.context().roleImages.replaceImage(alice, acme, changed.id(), replacement.id(), later.id());
        List<RoleImageRow> before = fx.roleImages();
        long mark = fx.auditMark();

        ConflictException refused = assertThrows(ConflictException.class, () -> replacements.rollback(alice, acme, done.id()));
        assertEquals(ReplacementService.ROLLBACK_REFUSED, refused.code());
        assertTrue(refused.getMessage().contains(changed.name()), refused.getMessage());
        assertFalse(refused.getMessage().contains(untouched.name()));
        assertEquals(before, fx.roleImages());
        assertTrue(fx.auditSince(mark).isEmpty());
        assertNull(replacements.get(alice, acme, done.id()).rolledBackAt());
    }

    @Test
    void two_concurrent_replacements_over_the_same_roles_lose_no_update() throws Exception {
        Image old = fx.ubuntu(alice, acme, EAST);
        Image first = fx.ubuntu(alice, acme, EAST);
        Image second = fx.ubuntu(alice, acme, EAST);
        List<Role> roles = IntStream.range(0, 12).mapToObj(i -> fx.roleUsing(alice, i % 2 == 0 ? acme : acmeDev, old)).toList();

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Future<Replacement>> runs = new ArrayList<>();
        for (Image target : List.of(first, second)) {
            runs.add(threads.submit(() -> {
                start.await();
                return replacements.replace(alice, acme, replace(old, target));
            }));
        }
        start.countDown();
        List<Replacement> succeeded = new ArrayList<>();
        for (Future<Replacement> run : runs) {
            try {
                succeeded.add(run.get());
            } catch (ExecutionException e) {
                assertTrue(e.getCause() instanceof ValidationException, "the later one finds nothing left: " + e.getCause());
            }
        }
        threads.shutdown();

        assertFalse(succeeded.isEmpty());
        Set<Long> recorded = new HashSet<>();
        for (Replacement replacement : succeeded) {
            for (RoleChange change : replacement.changes()) {
                assertTrue(recorded.add(change.roleId()), "each role mapping is changed by one replacement only");
                Role role = roles.stream().filter(r -> r.id() == change.roleId()).findFirst().orElseThrow();
                assertEquals(replacement.newImageId(), fx.imageOf(role, EAST));
            }
        }
        assertEquals(roles.stream().map(Role::id).collect(toSet()), recorded, "every role was switched and recorded");
        for (Replacement replacement : succeeded) {
            replacements.rollback(alice, acme, replacement.id());
        }
        roles.forEach(role -> assertEquals(old.id(), fx.imageOf(role, EAST)));
    }

    @Test
    void the_demo_replacement_can_be_rolled_back() {
        Replacement demo = replacements.page(alice, acme, 0, 100).items().stream().filter(r -> r.createdBy().equals("system"))
                .findFirst().orElseThrow();
        assertEquals(2, demo.changes().size());
        assertTrue(replacements.rollback(alice, acme, demo.id()).rolledBack());
    }
}
