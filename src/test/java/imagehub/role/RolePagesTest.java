package imagehub.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.replacement.Replacement;
import imagehub.core.ScopeRef;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RolePagesTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    private static ScopeRef acme;
    private static ScopeRef acmeDev;
    private static Role nginx;

    @BeforeAll
    static void find() {
        People people = new People(app.context());
        acme = people.account("acme");
        acmeDev = people.env("acme", "acme-dev");
        nginx = app.context().roles.list(people.viewer(TestApp.ADMIN), acme, RoleFilter.of("nginx-1-24", null, null)).get(0);
    }

    @Test
    void the_role_list_shows_own_and_inherited_roles_and_filters_with_htmx() {
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        HttpResponse<String> page = alice.get(acme.path() + RoleRoutes.PATH);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("nginx-1-24") && page.body().contains("base-ubuntu"));
        assertFalse(page.body().contains("app-server"), "environment roles are not inherited upwards");
        assertTrue(page.body().contains(">Roles<") && page.body().contains(">Replacements<"), "navigation entries");

        HttpResponse<String> table = alice.get(acme.path() + RoleRoutes.PATH + "?q=nginx", Map.of("HX-Request", "true"));
        assertTrue(table.body().startsWith("<div id=\"" + RoleRoutes.TABLE_ID + "\""));
        assertTrue(table.body().contains("nginx-1-24") && !table.body().contains("base-ubuntu"));
    }

    @Test
    void the_create_form_shows_field_errors_and_creates() {
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        HttpResponse<String> refused = alice.post(acmeDev.path() + RoleRoutes.PATH,
                Map.of("name", "Bad Name", "osFamily", "ubuntu", "category", "", "description", ""));
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("data-field=\"name\""));

        HttpResponse<String> created = alice.post(acmeDev.path() + RoleRoutes.PATH,
                Map.of("name", "worker-1", "osFamily", "ubuntu", "category", "jobs", "description", ""));
        assertEquals(303, created.statusCode());
        HttpResponse<String> detail = alice.get(created.headers().firstValue("Location").orElseThrow());
        assertTrue(detail.body().contains("worker-1") && detail.body().contains("Add an image"));
    }

    @Test
    void read_only_and_operators_see_no_change_buttons_and_are_refused() {
        WebClient bob = WebClient.signedIn(app, "bob@example.com");
        String detail = RoleRoutes.detailPath(acmeDev, nginx.id());
        HttpResponse<String> page = bob.get(detail);
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains("delete-role-form") || page.body().contains("Add an image"));
        assertEquals(403, bob.post(detail + "/delete", Map.of()).statusCode());
        assertEquals(403, bob.post(detail + "/deprecate", Map.of("replacementRoleId", "")).statusCode());

        WebClient carol = WebClient.signedIn(app, "carol@example.com");
        ScopeRef globexProd = new People(app.context()).env("globex", "globex-prod");
        assertEquals(404, carol.get(RoleRoutes.detailPath(globexProd, nginx.id())).statusCode());
        assertEquals(404, carol.get(acme.path() + RoleRoutes.PATH).statusCode());
    }

    @Test
    void a_replacement_is_rolled_back_once_and_the_second_rollback_shows_the_refusal() {
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        HttpResponse<String> list = alice.get(acme.path() + "/replacements");
        assertEquals(200, list.statusCode());
        Replacement demo = app.context().replacements.page(new People(app.context()).viewer("alice@example.com"), acme, 0, 100).items().get(0);
        assertTrue(list.body().contains("replacement-" + demo.id()) && list.body().contains("Rollback"));

        String rollback = acme.path() + "/replacements/" + demo.id() + "/rollback";
        assertEquals(303, alice.post(rollback, Map.of()).statusCode());
        HttpResponse<String> again = alice.post(rollback, Map.of());
        assertEquals(409, again.statusCode());
        assertTrue(again.body().contains("already rolled back"));
    }
}
