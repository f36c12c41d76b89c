package imagehub.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import imagehub.catalog.Platform;
import imagehub.AppContext;
import imagehub.access.Viewer;
import imagehub.core.ConflictException;
import imagehub.farm.Farm;
import imagehub.farm.FarmDao;
import imagehub.farm.FarmRole;
import imagehub.farm.FarmService;
import imagehub.farm.ServerStatus;
import imagehub.image.Image;
import imagehub.image.ImageRoutes;
import imagehub.role.Role;
import imagehub.role.RoleDao;
import imagehub.role.RoleRoutes;
import imagehub.role.RoleService;
import imagehub.core.ScopeRef;
import imagehub.support.ApiClient;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import imagehub.user.UserService;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenant isolation of usage (issue #9): a Global image used in acme and in globex, and a Global role run by
 * farms of both. Each viewer is told by name only what they can see (objects visible from a scope they may
 * enter) and the number of the rest; deleting still counts everything. The usage explorer, the dashboard, the
 * CSV export and the usage API show a farm owner's email only while that owner has access to the farm.
 */
class UsageVisibilityTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    private static final String DAVE = "dave@example.com";

    private static AppContext ctx;
    private static Viewer admin;
    private static Viewer alice;
    private static ScopeRef acme;
    private static ScopeRef acmeDev;
    private static ScopeRef globexProd;
    private static Image shared;
    private static Role globalRole;
    private static Map<String, String> aliceSees;
    private static Map<String, String> carolSees;
    private static Map<String, String> hiddenFromAlice;
    private static Map<String, String> hiddenFromCarol;
    private static Farm acmeDevFarm;
    private static Farm globexProdFarm;
    private static Image onlyHiddenUses;
    private static Farm daveFarm;

    @BeforeAll
    static void seed() {
        ctx = app.context();
        People people = new People(ctx);
        Fixtures fixtures = new Fixtures(ctx);
        admin = people.viewer(TestApp.ADMIN);
        alice = people.viewer("alice@example.com");
        acme = people.account("acme");
        acmeDev = people.env("acme", "acme-dev");
        ScopeRef acmeProd = people.env("acme", "acme-prod");
        ScopeRef globex = people.account("globex");
        ScopeRef globexDev = people.env("globex", "globex-dev");
        globexProd = people.env("globex", "globex-prod");

        shared = fixtures.ubuntu(admin, ScopeRef.GLOBAL, Fixtures.EAST);
        globalRole = roleUsing(ScopeRef.GLOBAL, "shared-global", shared);
        Role acmeRole = roleUsing(acme, "shared-acme", shared);
        Role acmeDevRole = roleUsing(acmeDev, "shared-acme-dev", shared);
        Role globexRole = roleUsing(globex, "shared-globex", shared);
        Role globexDevRole = roleUsing(globexDev, "shared-globex-dev", shared);
        Farm acmeProdFarm = farm(acmeProd, "acme-prod-shop", "alice@example.com", acmeRole, true);
        acmeDevFarm = farm(acmeDev, "acme-dev-tools", "alice@example.com", globalRole, true);
        globexProdFarm = farm(globexProd, "globex-prod-secret", "carol@example.com", globalRole, true);

        aliceSees = uses(globalRole, acmeRole, acmeDevRole, acmeProdFarm, acmeDevFarm);
        hiddenFromAlice = uses(globexRole, globexDevRole, globexProdFarm);
        // Carol sees the Global role and her account's role (both are in her role list at globex-prod), not
        // globex-dev's role: she cannot enter globex-dev.
        carolSees = uses(globalRole, globexRole, globexProdFarm);
        hiddenFromCarol = uses(acmeRole, acmeDevRole, globexDevRole, acmeProdFarm, acmeDevFarm);

        // An acme image whose only uses are in globex: rows the scope rules no longer let anyone write (as if
        // left from before them), which the delete rule must still count and its refusal must not name.
        onlyHiddenUses = fixtures.ubuntu(alice, acme, Fixtures.EAST);
        Role holder = ctx.roles.create(admin, globex, new RoleService.RoleInput("globex-holder", "ubuntu", "test", ""));
        ctx.jdbi.useExtension(RoleDao.class, dao -> dao.insertRoleImage(holder.id(), "sandbox", Fixtures.EAST,
                onlyHiddenUses.id()));
        Farm hiddenFarm = farm(globexDev, "globex-dev-hidden", null, globexDevRole, false);
        FarmRole farmRole = ctx.farms.detail(admin, hiddenFarm.id()).farmRoles().get(0);
        ctx.jdbi.useExtension(FarmDao.class, dao -> dao.insertServer(farmRole.id(), hiddenFarm.id(), hiddenFarm.envId(),
                hiddenFarm.accountId(), Platform.SANDBOX, Fixtures.EAST, "i-hidden-0001", onlyHiddenUses,
                ServerStatus.RUNNING, Instant.now()));

        // Dave owned an acme-prod farm, then moved to globex: his email must no longer show with acme's fleet.
        ctx.users.addMember(admin, acmeProd, new UserService.NewMember(DAVE, "Dave", TestApp.DEMO_PASSWORD, "operator"));
        Image daveOld = fixtures.ubuntu(alice, acmeProd, Fixtures.EAST);
        Image daveNew = fixtures.ubuntu(alice, acmeProd, Fixtures.EAST);
        Role daveRole = roleUsing(acmeProd, "dave-role", daveOld);
        daveFarm = farm(acmeProd, "dave-farm", DAVE, daveRole, true);
        ctx.scaler.runOnce();
        ctx.roleImages.replaceImage(alice, acmeProd, daveRole.id(), daveOld.id(), daveNew.id());
        long daveId = ctx.jdbi.withExtension(UserDao.class, dao -> dao.findByEmail(DAVE)).orElseThrow().id();
        ctx.users.removeGrant(admin, ctx.jdbi.withExtension(UserDao.class, dao -> dao.grants(daveId)).get(0).id());
        ctx.users.addMember(admin, globexProd, new UserService.NewMember(DAVE, "Dave", null, "read-only"));
    }

    private static Role roleUsing(ScopeRef scope, String name, Image image) {
        Role role = ctx.roles.create(admin, scope, new RoleService.RoleInput(name, "ubuntu", "test", ""));
        ctx.roleImages.addImage(admin, scope, role.id(), image.id());
        return role;
    }

    private static Farm farm(ScopeRef env, String name, String owner, Role role, boolean launch) {
        Farm farm = ctx.farms.create(admin, env.id(), new FarmService.FarmInput(name, "", owner));
        ctx.farms.addFarmRole(admin, farm.id(), new FarmService.FarmRoleInput(role.id(), "sandbox", Fixtures.EAST, 1, 2, null));
        return launch ? ctx.lifecycle.launch(admin, farm.id()) : farm;
    }

    /** The uses as the usage API identifies them ({@code type:id}), each with its name. */
    private static Map<String, String> uses(Object... things) {
        Map<String, String> uses = new java.util.HashMap<>();
        for (Object thing : things) {
            if (thing instanceof Role role) {
                uses.put("role:" + role.id(), role.name());
            } else {
                Farm farm = (Farm) thing;
                uses.put("farm:" + farm.id(), farm.name());
            }
        }
        return uses;
    }

    private static ApiClient client(String email) {
        long id = ctx.jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = ctx.apiKeys.create(Viewer.system(), id, "tests");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    private static String usagePath(ScopeRef scope, Image image) {
        return scope.apiPath() + "/images/" + image.id() + "/usage/";
    }

    private static void assertUsage(ApiClient.Answer answer, Map<String, String> shown, Map<String, String> hidden,
            Map<String, Integer> hiddenByType) {
        assertEquals(200, answer.status(), String.valueOf(answer.body()));
        JsonNode data = answer.data();
        Set<String> usedBy = new HashSet<>();
        data.path("usedBy").forEach(use -> usedBy.add(use.path("type").asText() + ":" + use.path("id").asText()));
        assertEquals(shown.keySet(), usedBy);
        assertTrue(data.path("inUse").asBoolean());
        assertEquals(hidden.size(), data.path("hiddenCount").asInt());
        assertEquals(hiddenByType, ctx.json.convertValue(data.path("hiddenByType"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Integer>>() { }));
        hidden.values().forEach(name -> assertFalse(answer.body().toString().contains(name), name + " is not named"));
    }

    @Test
    void the_usage_api_names_only_what_the_caller_can_see_and_counts_the_rest_at_every_scope() {
        ApiClient alice = client("alice@example.com");
        Map<String, Integer> aliceHidden = Map.of("farm", 1, "role", 2);
        assertUsage(alice.get(usagePath(acme, shared)), aliceSees, hiddenFromAlice, aliceHidden);
        assertUsage(alice.get(usagePath(acmeDev, shared)), aliceSees, hiddenFromAlice, aliceHidden);
        assertEquals("ObjectNotFound", alice.get(usagePath(ScopeRef.GLOBAL, shared)).errorCode());

        assertUsage(client("carol@example.com").get(usagePath(globexProd, shared)), carolSees, hiddenFromCarol,
                Map.of("farm", 2, "role", 3));

        Map<String, String> everything = new java.util.HashMap<>(aliceSees);
        everything.putAll(hiddenFromAlice);
        ApiClient globalAdmin = client(TestApp.ADMIN);
        for (ScopeRef scope : List.of(ScopeRef.GLOBAL, acme, globexProd)) {
            assertUsage(globalAdmin.get(usagePath(scope, shared)), everything, Map.of(), Map.of());
        }
    }

    @Test
    void the_where_used_panel_names_only_what_the_viewer_can_see_with_the_hidden_count() {
        String alicePage = WebClient.signedIn(app, "alice@example.com").get(ImageRoutes.detailPath(acme, shared.id())).body();
        aliceSees.values().forEach(name -> assertTrue(alicePage.contains(name), name));
        hiddenFromAlice.values().forEach(name -> assertFalse(alicePage.contains(name), name));
        assertTrue(alicePage.contains("id=\"usage-hidden\">1 farm and 2 roles in scopes you cannot see<"), alicePage);

        String carolPage = WebClient.signedIn(app, "carol@example.com").get(ImageRoutes.detailPath(globexProd, shared.id()))
                .body();
        carolSees.values().forEach(name -> assertTrue(carolPage.contains(name), name));
        hiddenFromCarol.values().forEach(name -> assertFalse(carolPage.contains(name), name));
        assertTrue(carolPage.contains("id=\"usage-hidden\">2 farms and 3 roles in scopes you cannot see<"), carolPage);

        String adminPage = WebClient.signedIn(app, TestApp.ADMIN).get(ImageRoutes.detailPath(ScopeRef.GLOBAL, shared.id()))
                .body();
        aliceSees.values().forEach(name -> assertTrue(adminPage.contains(name), name));
        hiddenFromAlice.values().forEach(name -> assertTrue(adminPage.contains(name), name));
        assertFalse(adminPage.contains("usage-hidden") || adminPage.contains("cannot see"), "a Global admin sees it all");
    }

    @Test
    void the_used_by_panel_of_a_global_role_names_only_farms_the_viewer_can_see() {
        HttpResponse<String> alicePage = WebClient.signedIn(app, "alice@example.com")
                .get(RoleRoutes.detailPath(acme, globalRole.id()));
        assertEquals(200, alicePage.statusCode());
        assertTrue(alicePage.body().contains(acmeDevFarm.name()));
        assertFalse(alicePage.body().contains(globexProdFarm.name()));
        assertTrue(alicePage.body().contains("id=\"role-usage-hidden\">1 farm in scopes you cannot see<"));

        String carolPage = WebClient.signedIn(app, "carol@example.com").get(RoleRoutes.detailPath(globexProd, globalRole.id()))
                .body();
        assertTrue(carolPage.contains(globexProdFarm.name()));
        assertFalse(carolPage.contains(acmeDevFarm.name()));
        assertTrue(carolPage.contains("id=\"role-usage-hidden\">1 farm in scopes you cannot see<"));

        String adminPage = WebClient.signedIn(app, TestApp.ADMIN).get(RoleRoutes.detailPath(ScopeRef.GLOBAL, globalRole.id()))
                .body();
        assertTrue(adminPage.contains(acmeDevFarm.name()) && adminPage.contains(globexProdFarm.name()));
        assertFalse(adminPage.contains("role-usage-hidden"));
    }

    @Test
    void an_image_used_only_where_the_viewer_cannot_see_is_not_deleted_and_the_refusal_names_nothing() {
        String refusal = onlyHiddenUses.name() + " is still used by 1 farm and 1 role in scopes you cannot see";
        ConflictException refused = assertThrows(ConflictException.class,
                () -> ctx.images.delete(alice, acme, onlyHiddenUses.id()));
        assertEquals("ObjectInUse", refused.code());
        assertEquals(refusal, refused.getMessage());

        ApiClient aliceApi = client("alice@example.com");
        ApiClient.Answer usage = aliceApi.get(usagePath(acme, onlyHiddenUses));
        assertTrue(usage.data().path("inUse").asBoolean());
        assertEquals(0, usage.data().path("usedBy").size());
        assertEquals(2, usage.data().path("hiddenCount").asInt());
        ApiClient.Answer apiDelete = aliceApi.delete(acme.apiPath() + "/images/" + onlyHiddenUses.id() + "/");
        assertEquals(409, apiDelete.status());
        assertEquals("ObjectInUse", apiDelete.errorCode());
        assertEquals(refusal, apiDelete.body().path("errors").get(0).path("message").asText());

        WebClient aliceWeb = WebClient.signedIn(app, "alice@example.com");
        String page = ImageRoutes.detailPath(acme, onlyHiddenUses.id());
        HttpResponse<String> portalDelete = aliceWeb.post(page + "/delete", Map.of());
        assertEquals(409, portalDelete.statusCode());
        assertTrue(portalDelete.body().contains(refusal), portalDelete.body());
        assertTrue(portalDelete.body().contains("id=\"usage-hidden\">1 farm and 1 role in scopes you cannot see<"));
        for (String body : List.of(portalDelete.body(), apiDelete.body().toString(), usage.body().toString())) {
            assertFalse(body.contains("globex-holder") || body.contains("globex-dev-hidden"), body);
        }

        ConflictException adminRefused = assertThrows(ConflictException.class,
                () -> ctx.images.delete(admin, acme, onlyHiddenUses.id()));
        assertTrue(adminRefused.getMessage().contains("role globex-holder")
                && adminRefused.getMessage().contains("farm globex-dev-hidden"), "those who can see them get names");
        assertEquals(200, aliceWeb.get(page).statusCode(), "the image is still there");
    }

    @Test
    void explorer_dashboard_csv_and_api_show_no_owner_who_has_lost_access_to_the_farm() throws IOException {
        WebClient aliceWeb = WebClient.signedIn(app, "alice@example.com");
        String explorer = aliceWeb.get(acme.path() + UsageRoutes.PATH).body();
        assertTrue(explorer.contains("data-farm=\"" + daveFarm.id() + "\""), "dave's farm is listed");
        assertTrue(explorer.contains("bob@example.com"), "owners with access are shown");
        assertFalse(explorer.contains(DAVE));
        assertTrue(explorer.contains("no owner with access here"));
        // Alice owns farms in acme-prod (the demo's shop-prod, acme-prod-shop) and acme-dev; the demo's web-dev is bob's.
        Map<String, List<Long>> owners = new java.util.HashMap<>();
        ctx.usage.groups(alice, acme, UsageFilter.none()).owners()
                .forEach(o -> owners.put(String.valueOf(o.ownerEmail()), List.of((long) o.farms(), o.servers())));
        assertEquals(Set.of("alice@example.com", "bob@example.com", "null"), owners.keySet());
        assertEquals(3L, owners.get("alice@example.com").get(0), "farms add up over environments");
        assertEquals(List.of(1L, 1L), owners.get("null"), "dave's farm falls in with farms without owner");

        assertEquals("0", total(aliceWeb.get(acme.path() + UsageRoutes.PATH + "?owner=" + DAVE).body()),
                "the owner filter matches no owner out of reach");
        assertEquals("0", total(aliceWeb.get(acme.path() + UsageRoutes.PATH + "?owner=nobody@example.com").body()));
        assertFalse("0".equals(total(aliceWeb.get(acme.path() + UsageRoutes.PATH + "?owner=bob@example.com").body())));

        String csv = aliceWeb.get(acme.path() + UsageRoutes.CSV).body();
        assertFalse(csv.contains(DAVE));
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        List<CSVRecord> daves = records.stream().filter(r -> r.get("farm_id").equals(String.valueOf(daveFarm.id()))).toList();
        assertFalse(daves.isEmpty());
        assertTrue(daves.stream().allMatch(r -> r.get("owner").isEmpty()));
        assertTrue(records.stream().anyMatch(r -> r.get("owner").equals("bob@example.com")));

        ApiClient.Answer api = client("alice@example.com").get(acme.apiPath() + UsageApi.SERVERS + "?farmId=" + daveFarm.id());
        assertEquals(200, api.status(), String.valueOf(api.body()));
        assertEquals(1, api.data().size());
        api.data().forEach(server -> assertTrue(server.path("owner").isNull(), server.toString()));

        String dashboard = aliceWeb.get(acme.path()).body();
        // Only the fleet's tables: the audit of acme-prod rightly records alice's admin giving and taking dave's grant.
        String staleFarms = dashboard.substring(dashboard.indexOf("<table id=\"stale-farms\">"));
        staleFarms = staleFarms.substring(0, staleFarms.indexOf("</table>"));
        assertTrue(staleFarms.contains(">" + daveFarm.name() + "</a>"), "dave's farm is among the stale farms");
        assertTrue(staleFarms.contains("bob@example.com"), "owners with access are shown");
        assertFalse(staleFarms.contains(DAVE));
        assertFalse(WebClient.signedIn(app, TestApp.ADMIN).get(ScopeRef.GLOBAL.path() + UsageRoutes.PATH).body().contains(DAVE));
    }

    private static String total(String explorerPage) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("<span id=\"usage-total\">(\\d+)</span>")
                .matcher(explorerPage);
        assertTrue(matcher.find(), "the explorer shows its total");
        return matcher.group(1);
    }
}
