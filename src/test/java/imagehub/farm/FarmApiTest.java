package imagehub.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import imagehub.access.Viewer;
import imagehub.image.Image;
import imagehub.role.Role;
import imagehub.core.ScopeRef;
import imagehub.support.ApiClient;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Farms, farm roles and servers through the signed API, with Scalr's envelopes and error codes. */
class FarmApiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    private static ApiClient bob;
    private static ApiClient carol;
    private static String acmeDev;
    private static String globexProd;
    private static Role role;
    private static Image oldImage;
    private static Image newImage;
    private static Viewer alice;
    private static ScopeRef acmeDevScope;

    @BeforeAll
    static void setUp() {
        bob = client("bob@example.com");
        carol = client("carol@example.com");
        People people = new People(app.context());
        acmeDevScope = people.env("acme", "acme-dev");
        acmeDev = "/api/v1beta0/user/" + acmeDevScope.id();
        globexProd = "/api/v1beta0/user/" + people.env("globex", "globex-prod").id();
        alice = people.viewer("alice@example.com");
        Fixtures fixtures = new Fixtures(app.context());
        oldImage = fixtures.ubuntu(alice, acmeDevScope, Fixtures.EAST);
        newImage = fixtures.ubuntu(alice, acmeDevScope, Fixtures.EAST);
        role = fixtures.roleUsing(alice, acmeDevScope, oldImage);
    }

    private static ApiClient client(String email) {
        long id = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "tests");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    private static long createFarm(String name) {
        ApiClient.Answer created = bob.post(acmeDev + "/farms/", "{\"name\":\"" + name + "\",\"description\":\"API farm\"}");
        assertEquals(201, created.status(), String.valueOf(created.body()));
        return created.data().path("id").asLong();
    }

    @Test
    void create_read_patch_list_and_delete_a_farm() {
        long id = createFarm(Fixtures.unique("api-farm"));
        String path = acmeDev + "/farms/" + id + "/";
        JsonNode farm = bob.get(path).data();
        assertEquals("terminated", farm.path("status").asText());
        assertEquals("bob@example.com", farm.path("owner").path("email").asText());
        assertEquals("API farm", farm.path("description").asText());

        ApiClient.Answer patched = bob.patch(path, "{\"name\":\"renamed-farm\",\"owner\":{\"email\":\"alice@example.com\"}}");
        assertEquals(200, patched.status(), String.valueOf(patched.body()));
        assertEquals("renamed-farm", patched.data().path("name").asText());
        assertEquals("alice@example.com", patched.data().path("owner").path("email").asText());
        assertEquals("API farm", patched.data().path("description").asText(), "unsent fields are kept");

        ApiClient.Answer listed = bob.get(acmeDev + "/farms/?name=renamed-farm");
        assertEquals(200, listed.status(), String.valueOf(listed.body()));
        assertEquals(1, listed.data().size());
        assertEquals("InvalidStructure", bob.get(acmeDev + "/farms/?color=red").errorCode());
        assertEquals("InvalidStructure", bob.patch(path, "{\"status\":\"running\"}").errorCode());
        assertEquals("InvalidStructure", bob.post(acmeDev + "/farms/", "{\"name\":\"x\",\"color\":\"red\"}").errorCode());
        assertEquals("InvalidValue", bob.post(acmeDev + "/farms/", "{\"name\":\"!bad\"}").errorCode());
        assertEquals("UnicityViolation", bob.post(acmeDev + "/farms/", "{\"name\":\"renamed-farm\"}").errorCode());
        assertEquals("InvalidValue", bob.get(acmeDev + "/farms/abc/").errorCode());

        assertEquals(204, bob.delete(path).status());
        assertEquals("ObjectNotFound", bob.get(path).errorCode());
    }

    @Test
    void farm_roles_launch_servers_that_are_replaced_on_the_current_image() {
        long farmId = createFarm(Fixtures.unique("api-farm"));
        String farm = acmeDev + "/farms/" + farmId + "/";
        ApiClient.Answer added = bob.post(farm + "farm-roles/", """
                {"alias":"web","role":{"id":%d},"cloudPlatform":"sandbox","cloudLocation":"%s",
                 "scaling":{"minInstances":2,"maxInstances":3}}""".formatted(role.id(), Fixtures.EAST));
        assertEquals(201, added.status(), String.valueOf(added.body()));
        long farmRoleId = added.data().path("id").asLong();
        assertEquals(2, added.data().path("scaling").path("minInstances").asInt());
        assertEquals(role.id(), added.data().path("role").path("id").asLong());
        assertEquals("InvalidValue", bob.post(farm + "farm-roles/", """
                {"role":{"id":%d},"cloudPlatform":"sandbox","cloudLocation":"%s"}""".formatted(role.id(), Fixtures.WEST))
                .errorCode(), "the role has no image in the west");
        assertEquals(1, bob.get(farm + "farm-roles/").data().size());

        String farmRole = acmeDev + "/farm-roles/" + farmRoleId + "/";
        assertEquals("web", bob.get(farmRole).data().path("alias").asText());
        ApiClient.Answer resized = bob.patch(farmRole, "{\"scaling\":{\"maxInstances\":4}}");
        assertEquals(200, resized.status(), String.valueOf(resized.body()));
        assertEquals(2, resized.data().path("scaling").path("minInstances").asInt());
        assertEquals(4, resized.data().path("scaling").path("maxInstances").asInt());
        assertEquals("InvalidValue", bob.patch(farmRole, "{\"scaling\":{\"minInstances\":5,\"maxInstances\":4}}").errorCode());
        assertEquals("InvalidStructure", bob.patch(farmRole, "{\"alias\":\"other\"}").errorCode());

        ApiClient.Answer launched = bob.post(farm + "actions/launch/", "{}");
        assertEquals(200, launched.status(), String.valueOf(launched.body()));
        assertEquals("running", launched.data().path("status").asText());
        assertEquals(409, bob.post(farm + "actions/launch/", "{}").status(), "a running farm is not launched again");
        app.context().scaler.runOnce();

        JsonNode servers = bob.get(acmeDev + "/farm-roles/" + farmRoleId + "/servers/").data();
        assertEquals(2, servers.size());
        assertEquals(oldImage.id(), servers.get(0).path("image").path("id").asText());
        assertEquals(farmId, servers.get(0).path("farm").path("id").asLong());
        assertEquals("sandbox", servers.get(0).path("cloudPlatform").asText());
        assertEquals(2, bob.get(acmeDev + "/servers/?farm=" + farmId + "&status=running").data().size());
        assertEquals(0, bob.get(acmeDev + "/servers/?farm=" + farmId + "&status=suspended").data().size());

        ApiClient.Answer extra = bob.post(acmeDev + "/servers/", "{\"farmRole\":{\"id\":" + farmRoleId + "}}");
        assertEquals(201, extra.status(), String.valueOf(extra.body()));
        assertEquals(3, bob.get(acmeDev + "/servers/?farmRole=" + farmRoleId).data().size());
        JsonNode ofFarm = bob.get(farm + "servers/").data();
        assertEquals(3, ofFarm.size(), "the farm's servers");
        ofFarm.forEach(server -> assertEquals(farmId, server.path("farm").path("id").asLong()));
        assertEquals(1, bob.get(farm + "servers/?maxResults=1").data().size());
        assertEquals("ObjectNotFound", carol.get(farm + "servers/").errorCode());

        app.context().roleImages.replaceImage(alice, acmeDevScope, role.id(), oldImage.id(), newImage.id());
        long victim = servers.get(0).path("id").asLong();
        ApiClient.Answer terminated = bob.post(acmeDev + "/servers/" + victim + "/actions/terminate/", "{\"force\":true}");
        assertEquals(200, terminated.status(), String.valueOf(terminated.body()));
        assertEquals("terminated", terminated.data().path("status").asText());
        assertEquals(409, bob.post(acmeDev + "/servers/" + victim + "/actions/terminate/", "{}").status());
        ApiClient.Answer launchedServer = bob.post(acmeDev + "/farm-roles/" + farmRoleId + "/servers/", "{}");
        assertEquals(201, launchedServer.status(), String.valueOf(launchedServer.body()));
        assertEquals(newImage.id(), launchedServer.data().path("image").path("id").asText(), "new servers use the current image");
        assertEquals(1, bob.get(acmeDev + "/servers/?imageId=" + newImage.id() + "&farm=" + farmId).data().size());
        assertEquals(newImage.id(), bob.get(acmeDev + "/servers/" + launchedServer.data().path("id").asLong() + "/")
                .data().path("image").path("id").asText());

        assertEquals("suspended", bob.post(farm + "actions/suspend/", "{}").data().path("status").asText());
        assertEquals("running", bob.post(farm + "actions/resume/", "").data().path("status").asText());
        assertEquals("InvalidStructure", bob.post(farm + "actions/resume/", "{\"now\":true}").errorCode());
        assertEquals("ObjectInUse", bob.delete(farmRole).errorCode(), "a farm role with servers stays");
        assertEquals("ObjectInUse", bob.delete(farm).errorCode(), "a running farm stays");
        ApiClient.Answer farmTerminated = bob.post(farm + "actions/terminate/", "{\"force\":false}");
        assertEquals(200, farmTerminated.status(), String.valueOf(farmTerminated.body()));
        assertEquals("terminated", farmTerminated.data().path("status").asText());
        assertEquals(0, bob.get(acmeDev + "/servers/?farm=" + farmId).data().size());
        assertEquals(204, bob.delete(farmRole).status());
        assertEquals(204, bob.delete(farm).status());
    }

    @Test
    void outsiders_find_nothing_and_read_only_users_are_refused() {
        long farmId = createFarm(Fixtures.unique("api-farm"));
        String farm = acmeDev + "/farms/" + farmId + "/";
        assertEquals("ObjectNotFound", carol.get(farm).errorCode());
        assertEquals("ObjectNotFound", carol.post(farm + "actions/launch/", "{}").errorCode());
        assertEquals("ObjectNotFound", carol.get(acmeDev + "/servers/").errorCode());
        assertEquals("ObjectNotFound", bob.get(globexProd + "/farms/" + farmId + "/").errorCode());
        assertEquals(200, carol.get(globexProd + "/farms/").status());

        ApiClient.Answer forbidden = carol.post(globexProd + "/farms/", "{\"name\":\"not-mine\"}");
        assertEquals(403, forbidden.status());
        assertEquals("PermissionViolation", forbidden.errorCode());
        assertNotEquals("running", app.context().farms.get(Viewer.system(), farmId).status().label());
        carol.get(globexProd + "/farms/").data().forEach(f -> assertNotEquals("not-mine", f.path("name").asText()));
    }

    /** Every item of a list, following {@code next} links from {@code first}; checks each page's total. */
    private static java.util.List<JsonNode> walk(String first, int total) {
        java.util.List<JsonNode> items = new java.util.ArrayList<>();
        for (String next = first; next != null; ) {
            ApiClient.Answer page = bob.get(next);
            assertEquals(200, page.status(), String.valueOf(page.body()));
            page.data().forEach(items::add);
            String last = page.body().path("pagination").path("last").asText();
            assertTrue(last.endsWith("pageNum=" + Math.max(1, (total + 1) / 2)), last);
            next = page.body().path("pagination").path("next").asText(null);
        }
        return items;
    }

    @Test
    void farms_farm_roles_and_servers_are_paged_in_sql_with_their_filters() {
        String prefix = Fixtures.unique("paged");
        long farmId = createFarm(prefix + "-a");
        createFarm(prefix + "-b");
        createFarm(prefix + "-c");
        String farm = acmeDev + "/farms/" + farmId + "/";
        for (String alias : new String[] {"one", "two", "three"}) {
            assertEquals(201, bob.post(farm + "farm-roles/", """
                    {"alias":"%s","role":{"id":%d},"cloudPlatform":"sandbox","cloudLocation":"%s",
                     "scaling":{"minInstances":%d,"maxInstances":5}}""".formatted(alias, role.id(), Fixtures.EAST,
                    alias.equals("one") ? 5 : 0)).status());
        }
        assertEquals(200, bob.post(farm + "actions/launch/", "{}").status());
        app.context().scaler.runOnce();
        long one = bob.get(farm + "farm-roles/?alias=one").data().get(0).path("id").asLong();

        java.util.List<JsonNode> servers = walk(acmeDev + "/servers/?farmRole=" + one + "&maxResults=2", 5);
        assertEquals(5, servers.size());
        assertEquals(5, servers.stream().map(s -> s.path("id").asLong()).distinct().count());
        assertEquals(5, walk(farm + "servers/?maxResults=2", 5).size());
        assertEquals(5, walk(acmeDev + "/farm-roles/" + one + "/servers/?status=running&maxResults=2", 5).size());
        assertEquals(0, bob.get(farm + "servers/?farm=" + (farmId + 1000)).body().path("data").size(),
                "a filter naming another farm than the URL's matches nothing");
        assertEquals("InvalidValue", bob.get(acmeDev + "/servers/?status=flying").errorCode());

        assertEquals(3, walk(farm + "farm-roles/?maxResults=2", 3).size());
        assertEquals(java.util.List.of("one", "three", "two"), walk(farm + "farm-roles/?maxResults=2", 3).stream()
                .map(fr -> fr.path("alias").asText()).toList());
        ApiClient.Answer named = bob.get(acmeDev + "/farms/?name=" + prefix + "-b");
        assertEquals(1, named.data().size());
        assertEquals(prefix + "-b", named.data().get(0).path("name").asText());
        ApiClient.Answer running = bob.get(acmeDev + "/farms/?status=running&maxResults=100");
        assertTrue(running.data().size() >= 1);
        running.data().forEach(f -> assertEquals("running", f.path("status").asText()));
        assertEquals("InvalidValue", bob.get(acmeDev + "/farms/?status=sleeping").errorCode());
    }
}
