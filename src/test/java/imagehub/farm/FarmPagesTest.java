package imagehub.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.image.Image;
import imagehub.role.Role;
import imagehub.core.ScopeRef;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The farm pages over HTTP: lists at every scope, forms with field errors, and who may do what. */
class FarmPagesTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    private static ScopeRef acme;
    private static ScopeRef acmeDev;
    private static ScopeRef globexProd;
    private static Viewer bob;
    private static Role role;
    private static Image image;

    @BeforeAll
    static void setUp() {
        People people = new People(app.context());
        acme = people.account("acme");
        acmeDev = people.env("acme", "acme-dev");
        globexProd = people.env("globex", "globex-prod");
        bob = people.viewer("bob@example.com");
        Fixtures fixtures = new Fixtures(app.context());
        Viewer alice = people.viewer("alice@example.com");
        image = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        role = fixtures.roleUsing(alice, acmeDev, image);
    }

    private static Farm farm() {
        return app.context().farms.create(bob, acmeDev.id(), new FarmService.FarmInput(Fixtures.unique("farm"), "", null));
    }

    private static long farmCount() {
        return app.context().jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM farms").mapTo(Long.class).one());
    }

    @Test
    void farms_are_listed_at_every_scope_the_viewer_can_see_with_owner_status_and_servers() {
        Farm farm = farm();
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        for (ScopeRef scope : new ScopeRef[] {acmeDev, acme}) {
            HttpResponse<String> page = alice.get(scope.path() + FarmRoutes.PATH);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains(farm.name()) && page.body().contains("bob@example.com"), scope.toString());
            assertTrue(page.body().contains(">Farms<"), "navigation entry");
        }
        HttpResponse<String> global = WebClient.signedIn(app, TestApp.ADMIN).get("/global" + FarmRoutes.PATH);
        assertEquals(200, global.statusCode());
        assertTrue(global.body().contains(farm.name()) && global.body().contains("acme / acme-dev"));

        WebClient carol = WebClient.signedIn(app, "carol@example.com");
        HttpResponse<String> carolsList = carol.get(globexProd.path() + FarmRoutes.PATH);
        assertEquals(200, carolsList.statusCode());
        assertFalse(carolsList.body().contains(farm.name()));
        assertFalse(carolsList.body().contains("id=\"new-farm\""), "read-only users cannot create farms");
    }

    @Test
    void the_farm_form_shows_field_errors_writes_nothing_and_creates() {
        WebClient bobWeb = WebClient.signedIn(app, "bob@example.com");
        assertEquals(200, bobWeb.get(acmeDev.path() + FarmRoutes.NEW).statusCode());
        long before = farmCount();
        HttpResponse<String> refused = bobWeb.post(acmeDev.path() + FarmRoutes.PATH,
                Map.of("name", "!bad", "description", "", "owner", "nobody@example.com"));
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("data-field=\"name\"") && refused.body().contains("data-field=\"owner\""));
        assertEquals(before, farmCount(), "a refused form writes nothing");

        HttpResponse<String> created = bobWeb.post(acmeDev.path() + FarmRoutes.PATH,
                Map.of("name", "web-farm", "description", "Web tier", "owner", "alice@example.com"));
        assertEquals(303, created.statusCode());
        HttpResponse<String> detail = bobWeb.get(created.headers().firstValue("Location").orElseThrow());
        assertTrue(detail.body().contains("web-farm") && detail.body().contains("alice@example.com"));
        assertTrue(detail.body().contains("add-farm-role-form") && detail.body().contains("launch-farm-form"));
    }

    @Test
    void a_farm_role_form_with_errors_adds_nothing_and_a_good_one_runs_servers_shown_live() {
        Farm farm = farm();
        String path = FarmRoutes.detailPath(farm);
        WebClient bobWeb = WebClient.signedIn(app, "bob@example.com");
        HttpResponse<String> refused = bobWeb.post(path + "/farm-roles", Map.of("roleId", String.valueOf(role.id()),
                "platform", "sandbox", "cloudLocation", Fixtures.EAST, "minServers", "x", "maxServers", "0", "alias", ""));
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("data-field=\"minServers\""));
        HttpResponse<String> noImage = bobWeb.post(path + "/farm-roles", Map.of("roleId", String.valueOf(role.id()),
                "platform", "sandbox", "cloudLocation", Fixtures.WEST, "minServers", "1", "maxServers", "2", "alias", ""));
        assertEquals(422, noImage.statusCode());
        assertTrue(noImage.body().contains("data-field=\"cloudLocation\""));
        assertTrue(app.context().farms.detail(bob, farm.id()).farmRoles().isEmpty(), "nothing was added");

        assertEquals(303, bobWeb.post(path + "/farm-roles", Map.of("roleId", String.valueOf(role.id()), "platform",
                "sandbox", "cloudLocation", Fixtures.EAST, "minServers", "2", "maxServers", "3", "alias", "web")).statusCode());
        assertEquals(303, bobWeb.post(path + "/launch", Map.of()).statusCode());
        app.context().scaler.runOnce();

        HttpResponse<String> servers = bobWeb.get(path + "/servers", Map.of("HX-Request", "true"));
        assertEquals(200, servers.statusCode());
        assertTrue(servers.body().startsWith("<div id=\"" + FarmRoutes.SERVERS_ID + "\""));
        assertTrue(servers.body().contains("hx-trigger=\"" + FarmRoutes.POLL + "\""));
        assertEquals(2, count(servers.body(), "<tr data-server="));
        assertTrue(servers.body().contains("100 %") && servers.body().contains(">current<") && servers.body().contains("sandbox"));

        Server victim = app.context().farms.servers(bob, farm.id()).get(0);
        assertEquals(303, bobWeb.post(path + "/servers/" + victim.id() + "/terminate", Map.of()).statusCode());
        assertEquals(1, app.context().farms.servers(bob, farm.id()).size());
        HttpResponse<String> busy = bobWeb.post(path + "/farm-roles/" + victim.farmRoleId() + "/remove", Map.of());
        assertEquals(409, busy.statusCode(), "a farm role with servers is not removed");
        assertEquals(303, bobWeb.post(path + "/farm-roles/" + victim.farmRoleId() + "/resize",
                Map.of("minServers", "0", "maxServers", "1")).statusCode());
        assertEquals(303, bobWeb.post(path + "/terminate", Map.of()).statusCode());
        assertEquals(FarmStatus.TERMINATED, app.context().farms.get(bob, farm.id()).status());
    }

    @Test
    void read_only_users_see_no_buttons_and_are_refused_and_outsiders_find_nothing() {
        Farm farm = farm();
        String path = FarmRoutes.detailPath(farm);
        app.context().users.addMember(new People(app.context()).viewer(TestApp.ADMIN), acmeDev,
                new imagehub.user.UserService.NewMember("reader@example.com", "Reader", TestApp.DEMO_PASSWORD, "read-only"));

        WebClient reader = WebClient.signedIn(app, "reader@example.com");
        HttpResponse<String> page = reader.get(path);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(farm.name()));
        assertFalse(page.body().contains("launch-farm-form") || page.body().contains("add-farm-role-form")
                || page.body().contains("edit-farm-form"));
        assertEquals(403, reader.post(path + "/launch", Map.of()).statusCode());
        assertEquals(403, reader.get(acmeDev.path() + FarmRoutes.NEW).statusCode());
        assertEquals(FarmStatus.TERMINATED, app.context().farms.get(bob, farm.id()).status());

        WebClient carol = WebClient.signedIn(app, "carol@example.com");
        assertEquals(404, carol.get(path).statusCode());
        assertEquals(404, carol.post(path + "/launch", Map.of()).statusCode());
        assertEquals(404, carol.get(acmeDev.path() + FarmRoutes.PATH).statusCode());
        assertEquals(404, WebClient.signedIn(app, "bob@example.com")
                .get(globexProd.path() + FarmRoutes.PATH + "/" + farm.id()).statusCode(), "a farm lives in its own environment");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
