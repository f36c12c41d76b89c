package imagehub.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.farm.FarmRoutes;
import imagehub.farm.Server;
import imagehub.operation.OperationRoutes;
import imagehub.operation.StaleFarm;
import imagehub.core.ScopeRef;
import imagehub.support.ApiClient;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An image whose servers were all replaced can be deleted: the terminated servers keep its id and name as history,
 * and the pages that show them still render. An image running servers use stays undeletable.
 */
class DeletedImageHistoryTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000")
            .with("IMAGEHUB_OPERATIONS_INTERVAL_MS", "3600000");

    private static People people;
    private static ScopeRef acmeDev;
    private static ApiClient alice;
    private static ApiClient bob;
    private static String base;

    @BeforeAll
    static void setUp() {
        people = new People(app.context());
        acmeDev = people.env("acme", "acme-dev");
        base = "/api/v1beta0/user/" + acmeDev.id();
        alice = client("alice@example.com");
        bob = client("bob@example.com");
    }

    private static ApiClient client(String email) {
        long id = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "tests");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    /** A farm whose servers on the old image were all replaced by a replace-servers operation; its id. */
    private static long replaceAllServers(StaleFarm stale) {
        ApiClient.Answer started = bob.post(base + "/usage/actions/replace-servers/",
                "{\"farmRole\":{\"id\":" + stale.farmRole().id() + "},\"batchSize\":10,\"pauseSeconds\":0}");
        assertEquals(201, started.status(), String.valueOf(started.body()));
        long operationId = started.data().path("id").asLong();
        app.context().operationDriver.runOnce();
        app.context().scaler.runOnce();
        app.context().operationDriver.runOnce();
        assertEquals("completed", bob.get(base + "/operations/" + operationId + "/").data().path("status").asText());
        return operationId;
    }

    private static List<Server> serversOf(StaleFarm stale) {
        return app.context().jdbi.withHandle(h -> h.createQuery("SELECT id FROM servers WHERE farm_role_id = :id ORDER BY id")
                .bind("id", stale.farmRole().id()).mapTo(Long.class).list())
                .stream().map(id -> app.context().farms.server(Viewer.system(), id)).toList();
    }

    @Test
    void deleting_an_image_whose_servers_were_all_replaced_keeps_their_history() {
        StaleFarm stale = StaleFarm.create(app.context(), people.viewer("alice@example.com"),
                people.viewer("bob@example.com"), acmeDev, 2);
        ApiClient.Answer refused = alice.delete(base + "/images/" + stale.old().id() + "/");
        assertEquals(409, refused.status(), "running servers still use it");
        assertEquals("ObjectInUse", refused.errorCode());
        long operationId = replaceAllServers(stale);

        assertEquals(204, alice.delete(base + "/images/" + stale.old().id() + "/").status());

        List<Server> servers = serversOf(stale);
        assertEquals(4, servers.size(), "two terminated on the old image, two running on the new one");
        Server replaced = servers.get(0);
        assertEquals(stale.old().id(), replaced.imageId());
        assertEquals(stale.old().name(), replaced.imageName());
        assertTrue(replaced.imageDeleted());
        ApiClient.Answer history = bob.get(base + "/servers/" + replaced.id() + "/");
        assertEquals(200, history.status(), String.valueOf(history.body()));
        assertEquals(stale.old().name(), history.data().path("image").path("name").asText());
        assertTrue(history.data().path("image").path("deleted").asBoolean());
        ApiClient.Answer current = bob.get(base + "/servers/" + servers.get(3).id() + "/");
        assertEquals(stale.fresh().name(), current.data().path("image").path("name").asText());
        assertTrue(current.data().path("image").path("deleted").isMissingNode(), "only a deleted image says so");

        // The rollup still counts exactly the active servers: none left on the deleted image, two on the new one.
        Map<String, Integer> rollup = app.context().jdbi.withHandle(h -> h.createQuery(
                        "SELECT image_id, active FROM server_image_counts WHERE farm_role_id = :id")
                .bind("id", stale.farmRole().id()).setMapKeyColumn("image_id").setMapValueColumn("active")
                .collectInto(new org.jdbi.v3.core.generic.GenericType<Map<String, Integer>>() { }));
        assertEquals(Map.of(stale.old().id(), 0, stale.fresh().id(), 2), rollup);

        WebClient web = WebClient.signedIn(app, "bob@example.com");
        assertEquals(200, web.get(FarmRoutes.detailPath(stale.farm())).statusCode());
        assertEquals(200, web.get(OperationRoutes.operationPath(acmeDev.id(), operationId)).statusCode());
        assertEquals(200, web.get(OperationRoutes.operationsPath(acmeDev.id())).statusCode());
        assertEquals(200, web.get(acmeDev.path() + "/usage").statusCode());
        assertEquals(200, bob.get(base + "/operations/" + operationId + "/").status());
    }

    @Test
    void the_portal_deletes_a_replaced_image_with_a_flash_and_refuses_one_in_use() {
        StaleFarm stale = StaleFarm.create(app.context(), people.viewer("alice@example.com"),
                people.viewer("bob@example.com"), acmeDev, 1);
        replaceAllServers(stale);
        WebClient web = WebClient.signedIn(app, "alice@example.com");

        HttpResponse<String> inUse = web.post(acmeDev.path() + "/images/" + stale.fresh().id() + "/delete", Map.of());
        assertEquals(409, inUse.statusCode());
        assertTrue(inUse.body().contains("still used by"), inUse.body());

        HttpResponse<String> deleted = web.post(acmeDev.path() + "/images/" + stale.old().id() + "/delete", Map.of());
        assertEquals(303, deleted.statusCode(), deleted.body());
        assertEquals(acmeDev.path() + "/images", deleted.headers().firstValue("Location").orElseThrow());
        assertTrue(web.get(acmeDev.path() + "/images").body().contains("Image deleted"));
        assertEquals(200, web.get(FarmRoutes.detailPath(stale.farm())).statusCode());
    }
}
