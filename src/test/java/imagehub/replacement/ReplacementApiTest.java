package imagehub.replacement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import imagehub.access.Viewer;
import imagehub.image.Image;
import imagehub.core.ScopeRef;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.WebClient;
import imagehub.support.ApiClient;
import imagehub.support.SandboxImages;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replace everywhere (dry run and real), the replacement history and rollback through the signed API. */
class ReplacementApiTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    private static ApiClient alice;
    private static ApiClient carol;
    private static long acmeId;
    private static long devId;
    private static String acme;
    private static String acmeDev;

    @BeforeAll
    static void setUp() {
        alice = client("alice@example.com");
        carol = client("carol@example.com");
        acmeId = app.context().scopes().findAccountByName("acme").orElseThrow().id();
        devId = app.context().scopes().findEnvironmentByName(acmeId, "acme-dev").orElseThrow().id();
        acme = "/api/v1beta0/account/" + acmeId;
        acmeDev = "/api/v1beta0/user/" + devId;
    }

    private static ApiClient client(String email) {
        long id = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "tests");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    private static String image(String name, String cloudImageId) {
        ApiClient.Answer created = alice.post(acme + "/images/", """
                {"name":"%s","cloudPlatform":"sandbox","cloudLocation":"sandbox-east-1","cloudImageId":"%s",
                 "architecture":"x86_64","os":{"id":"ubuntu-22-04"}}""".formatted(name,
                SandboxImages.hold(app.context(), cloudImageId)));
        assertEquals(201, created.status(), String.valueOf(created.body()));
        return created.data().path("id").asText();
    }

    private static long roleUsing(String scopePath, String name, String imageId) {
        ApiClient.Answer created = alice.post(scopePath + "/roles/",
                "{\"name\":\"" + name + "\",\"os\":{\"id\":\"ubuntu-22-04\"},\"category\":\"app\"}");
        assertEquals(201, created.status(), String.valueOf(created.body()));
        long id = created.data().path("id").asLong();
        assertEquals(201, alice.post(scopePath + "/roles/" + id + "/images/", "{\"image\":{\"id\":\"" + imageId + "\"}}").status());
        return id;
    }

    private static String imageOf(String scopePath, long roleId) {
        return alice.get(scopePath + "/roles/" + roleId + "/images/").data().get(0).path("image").path("id").asText();
    }

    private static Set<Long> ids(JsonNode roles) {
        Set<Long> ids = new HashSet<>();
        roles.forEach(role -> ids.add(role.path("id").asLong()));
        return ids;
    }

    @Test
    void dry_run_changes_nothing_the_real_run_changes_roles_and_rollback_restores_them() {
        String old = image("ubuntu-app-old", "sbx-0d0d0d01");
        String newer = image("ubuntu-app-new", "sbx-0d0d0d02");
        long accountRole = roleUsing(acme, "app-account", old);
        long envRole = roleUsing(acmeDev, "app-env", old);
        String replace = acme + "/images/" + old + "/actions/replace/";

        ApiClient.Answer preview = alice.post(replace,
                "{\"deprecateOldImage\":false,\"newImage\":{\"id\":\"" + newer + "\"},\"dryRun\":true}");
        assertEquals(200, preview.status(), String.valueOf(preview.body()));
        assertTrue(preview.data().path("dryRun").asBoolean());
        assertEquals(Set.of(accountRole, envRole), ids(preview.data().path("roles")));
        assertEquals(old, imageOf(acme, accountRole), "a dry run changes nothing");
        assertEquals(old, imageOf(acmeDev, envRole));

        ApiClient.Answer done = alice.post(replace,
                "{\"deprecateOldImage\":true,\"newImage\":{\"id\":\"" + newer + "\"},\"scope\":[\"account\",\"environment\"]}");
        assertEquals(200, done.status(), String.valueOf(done.body()));
        assertEquals(Set.of(accountRole, envRole), ids(done.data()));
        for (JsonNode role : done.data()) {
            if (role.path("id").asLong() == envRole) {
                assertEquals("environment", role.path("scope").asText());
                assertEquals(acmeId, role.path("accountId").asLong());
                assertEquals(devId, role.path("envId").asLong());
            } else {
                assertEquals("account", role.path("scope").asText());
                assertEquals(acmeId, role.path("accountId").asLong());
            }
        }
        assertEquals(newer, imageOf(acme, accountRole));
        assertEquals(newer, imageOf(acmeDev, envRole));
        assertTrue(alice.get(acme + "/images/" + old + "/").data().path("deprecated").asBoolean());

        ApiClient.Answer history = alice.get(acme + "/replacements/");
        assertEquals(200, history.status(), String.valueOf(history.body()));
        JsonNode latest = history.data().get(0);
        assertEquals(old, latest.path("oldImage").path("id").asText());
        long replacementId = latest.path("id").asLong();
        assertEquals(200, alice.get(acme + "/replacements/" + replacementId + "/").status());
        assertEquals("ObjectNotFound", carol.get(acme + "/replacements/" + replacementId + "/").errorCode());

        ApiClient.Answer rolledBack = alice.post(acme + "/replacements/" + replacementId + "/actions/rollback/", "{}");
        assertEquals(200, rolledBack.status(), String.valueOf(rolledBack.body()));
        assertTrue(rolledBack.data().path("rolledBack").asBoolean());
        assertEquals(old, imageOf(acme, accountRole));
        assertEquals(old, imageOf(acmeDev, envRole));
        assertFalse(alice.get(acme + "/images/" + old + "/").data().path("deprecated").asBoolean());

        ApiClient.Answer again = alice.post(acme + "/replacements/" + replacementId + "/actions/rollback/", "{}");
        assertEquals(409, again.status());
        assertTrue(again.body().path("errors").get(0).path("message").asText().contains("already rolled back"));
    }

    @Test
    void bad_bodies_are_refused() {
        String old = image("ubuntu-bad-old", "sbx-0e0e0e01");
        String replace = acme + "/images/" + old + "/actions/replace/";
        assertEquals("InvalidStructure", alice.post(replace, "{\"newImage\":{\"id\":\"x\"},\"color\":1}").errorCode());
        assertEquals("InvalidStructure", alice.post(replace, "{\"deprecateOldImage\":false}").errorCode());
        assertEquals("InvalidValue", alice.post(replace, "{\"newImage\":{\"id\":\"x\"},\"scope\":[\"galaxy\"]}").errorCode());
        assertEquals("InvalidValue", alice.get(acme + "/replacements/abc/").errorCode());
    }

    @Test
    void the_history_pages_in_sql_and_next_links_reach_every_replacement() {
        Viewer aliceViewer = new People(app.context()).viewer("alice@example.com");
        ScopeRef busy = ScopeRef.environment(app.context().scopeService.createEnvironment(aliceViewer, acmeId, "acme-busy").id());
        Fixtures fixtures = new Fixtures(app.context());
        Image first = fixtures.ubuntu(aliceViewer, busy, Fixtures.EAST);
        Image second = fixtures.ubuntu(aliceViewer, busy, Fixtures.EAST);
        fixtures.roleUsing(aliceViewer, busy, first);
        for (int i = 0; i < 105; i++) {
            Image from = i % 2 == 0 ? first : second;
            Image to = i % 2 == 0 ? second : first;
            app.context().replacements.replace(aliceViewer, busy,
                    new ReplacementService.ReplaceEverywhere(from.id(), to.id(), false, null, Set.of()));
        }

        List<Long> seen = new ArrayList<>();
        String next = "/api/v1beta0/user/" + busy.id() + "/replacements/?maxResults=20";
        int pages = 0;
        while (next != null) {
            ApiClient.Answer page = alice.get(next);
            assertEquals(200, page.status(), String.valueOf(page.body()));
            page.data().forEach(r -> seen.add(r.path("id").asLong()));
            assertTrue(page.body().path("pagination").path("last").asText().endsWith("pageNum=6"));
            next = page.body().path("pagination").path("next").asText(null);
            pages++;
        }
        assertEquals(6, pages);
        assertEquals(105, seen.size());
        assertEquals(105, new HashSet<>(seen).size(), "105 distinct replacements");
        List<Long> newestFirst = new ArrayList<>(seen);
        newestFirst.sort(java.util.Comparator.reverseOrder());
        assertEquals(newestFirst, seen);
        ApiClient.Answer all = alice.get("/api/v1beta0/user/" + busy.id() + "/replacements/");
        assertEquals(100, all.data().size(), "a page holds at most 100");
        assertTrue(all.body().path("pagination").path("next").asText().endsWith("pageNum=2"));

        WebClient web = WebClient.signedIn(app, "alice@example.com");
        String pageThree = web.get(busy.path() + "/replacements?page=3").body();
        assertTrue(pageThree.contains("page 3 of 3"), pageThree);
        assertEquals(5, pageThree.split("data-replacement=").length - 1, "105 = 50 + 50 + 5");
    }
}
