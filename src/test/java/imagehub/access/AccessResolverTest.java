package imagehub.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.scope.ScopeChain;
import imagehub.core.ScopeRef;
import imagehub.scope.Scoped;
import imagehub.support.People;
import imagehub.support.TestApp;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The resolver of scopes and rights on the demo data (acme with acme-dev and acme-prod, globex with
 * globex-prod; alice administers acme, bob operates acme-dev, carol reads globex-prod).
 */
class AccessResolverTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    private static Access access;
    private static Viewer alice, bob, carol;
    private static ScopeRef acme, acmeDev, acmeProd, globex, globexProd;

    /** Something defined at a scope, as an image or a role is. */
    private record Thing(ScopeRef scope, String name) implements Scoped {
    }

    @BeforeAll
    static void wire() {
        access = app.context().access;
        People people = new People(app.context());
        List<Viewer> viewers = List.of("alice", "bob", "carol").stream().map(n -> people.viewer(n + "@example.com")).toList();
        alice = viewers.get(0);
        bob = viewers.get(1);
        carol = viewers.get(2);
        acme = people.account("acme");
        globex = people.account("globex");
        acmeDev = people.env("acme", "acme-dev");
        acmeProd = people.env("acme", "acme-prod");
        globexProd = people.env("globex", "globex-prod");
    }

    @Test
    void the_parent_of_an_environment_is_its_account_of_an_account_global_and_global_has_none() {
        assertEquals(Optional.of(acme), access.parentOf(acmeDev));
        assertEquals(Optional.of(globex), access.parentOf(globexProd));
        assertEquals(Optional.of(ScopeRef.GLOBAL), access.parentOf(acme));
        assertEquals(Optional.empty(), access.parentOf(ScopeRef.GLOBAL));
        assertThrows(NotFoundException.class, () -> access.parentOf(ScopeRef.environment(987654)));
    }

    @Test
    void the_chain_of_each_level_carries_its_account() {
        ScopeChain global = access.chain(ScopeRef.GLOBAL);
        assertNull(global.accountId());
        assertEquals(List.of(ScopeRef.GLOBAL), global.scopes());
        assertEquals(acme.id(), access.chain(acme).accountId());
        assertEquals(List.of(ScopeRef.GLOBAL, acme), access.chain(acme).scopes());
        assertEquals(acme.id(), access.chain(acmeDev).accountId());
        assertEquals(List.of(ScopeRef.GLOBAL, acme, acmeDev), access.chain(acmeDev).scopes());
        assertEquals(List.of(ScopeRef.GLOBAL, globex, globexProd), access.chain(globexProd).scopes());
    }

    @Test
    void an_object_is_visible_from_its_scope_and_below_and_otherwise_not_found_like_a_missing_one() {
        Thing atAcme = new Thing(acme, "shared");
        assertSame(atAcme, access.visible(access.chain(acmeDev), Optional.of(atAcme), "Thing 1"));
        assertSame(atAcme, access.visible(access.chain(acme), Optional.of(atAcme), "Thing 1"));
        Thing global = new Thing(ScopeRef.GLOBAL, "everywhere");
        assertSame(global, access.visible(access.chain(globexProd), Optional.of(global), "Thing 2"));

        NotFoundException otherAccount = assertThrows(NotFoundException.class,
                () -> access.visible(access.chain(globexProd), Optional.of(atAcme), "Thing 1"));
        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> access.visible(access.chain(globexProd), Optional.<Thing>empty(), "Thing 1"));
        assertEquals(missing.getMessage(), otherAccount.getMessage(), "out of reach reads exactly as missing");
        assertThrows(NotFoundException.class, () -> access.visible(access.chain(acmeDev),
                Optional.of(new Thing(acmeProd, "sibling")), "Thing 3"), "a sibling environment's object");
        assertThrows(NotFoundException.class, () -> access.visible(access.chain(acme),
                Optional.of(new Thing(acmeDev, "below")), "Thing 4"), "an object below the scope is not visible from it");
    }

    @Test
    void changing_a_seen_object_needs_admin_rights_on_its_own_scope_403_else_404_unseen() {
        Thing devThing = new Thing(acmeDev, "dev-thing");
        assertSame(devThing, access.requireChange(alice, access.chain(acmeDev), Optional.of(devThing), "Thing 5"));
        ForbiddenException operator = assertThrows(ForbiddenException.class,
                () -> access.requireChange(bob, access.chain(acmeDev), Optional.of(devThing), "Thing 5"));
        assertTrue(operator.getMessage().contains("environment " + acmeDev.id()), operator.getMessage());
        assertTrue(operator.getMessage().contains("change dev-thing"), operator.getMessage());

        Thing acmeThing = new Thing(acme, "acme-thing");
        assertThrows(ForbiddenException.class,
                () -> access.requireChange(bob, access.chain(acmeDev), Optional.of(acmeThing), "Thing 6"),
                "bob sees the account's object from his environment but may not change it");
        assertThrows(NotFoundException.class,
                () -> access.requireChange(carol, access.chain(globexProd), Optional.of(acmeThing), "Thing 6"));
    }

    @Test
    void managing_a_scope_is_404_outside_reach_and_403_when_only_seen() {
        access.requireManage(alice, acmeDev);
        access.requireManage(alice, acme);
        assertThrows(NotFoundException.class, () -> access.requireManage(carol, acme));
        assertThrows(NotFoundException.class, () -> access.requireManage(alice, globexProd));
        assertThrows(ForbiddenException.class, () -> access.requireManage(carol, globexProd));
        assertThrows(ForbiddenException.class, () -> access.requireManage(bob, acmeDev));
        assertThrows(NotFoundException.class, () -> access.requireManage(bob, acmeProd));
        assertThrows(NotFoundException.class, () -> access.requireManage(alice, ScopeRef.environment(987654)));
    }

    @Test
    void admin_rights_on_a_scope_the_viewer_cannot_enter_are_refused_with_403_for_an_object_they_see() {
        ForbiddenException refused = assertThrows(ForbiddenException.class,
                () -> access.requireAdmin(bob, acme, "promote web"));
        assertEquals("You need admin rights on account " + acme.id() + " to promote web", refused.getMessage());
        access.requireAdmin(alice, acme, "promote web");
        assertThrows(ForbiddenException.class, () -> access.requireAdmin(alice, ScopeRef.GLOBAL, "promote web"));
    }

    @Test
    void user_management_reach_follows_the_admin_grants() {
        AdminReach aliceReach = access.adminReach(alice);
        assertFalse(aliceReach.everything());
        assertTrue(aliceReach.covers(acme));
        assertTrue(aliceReach.covers(acmeDev), "an account admin administers its environments");
        assertTrue(aliceReach.covers(acmeProd));
        assertFalse(aliceReach.covers(globexProd));
        assertFalse(aliceReach.covers(ScopeRef.GLOBAL));
        assertTrue(access.adminReach(bob).isEmpty(), "an operator administers nothing");
        assertTrue(access.adminReach(Viewer.system()).everything());
    }

    @Test
    void scopes_read_as_global_account_and_environment_with_their_ids() {
        assertEquals("Global", Access.describe(ScopeRef.GLOBAL));
        assertEquals("account 7", Access.describe(ScopeRef.account(7)));
        assertEquals("environment 12", Access.describe(ScopeRef.environment(12)));
    }
}
