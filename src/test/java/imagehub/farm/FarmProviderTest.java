package imagehub.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.image.Image;
import imagehub.role.Role;
import imagehub.core.ScopeRef;
import imagehub.support.ApiClient;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Farm roles on a real cloud must be bound to a scaling group with stored credentials; older unbound ones cannot make
 * a farm run and are left alone by the scaler; a failing cloud answers 502, never 500.
 */
class FarmProviderTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    private static ApiClient bob;
    private static String acmeDev;
    private static ScopeRef acmeDevScope;
    private static Viewer alice;
    private static Viewer bobViewer;
    private static Role role;

    @BeforeAll
    static void setUp() {
        long bobId = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail("bob@example.com")).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), bobId, "tests");
        bob = new ApiClient(app, key.key().keyId(), key.secret());
        People people = new People(app.context());
        acmeDevScope = people.env("acme", "acme-dev");
        acmeDev = "/api/v1beta0/user/" + acmeDevScope.id();
        alice = people.viewer("alice@example.com");
        bobViewer = people.viewer("bob@example.com");
        role = new Fixtures(app.context()).roleUsing(alice, acmeDevScope,
                new Fixtures(app.context()).ubuntu(alice, acmeDevScope, Fixtures.EAST));
    }

    private static Farm farm() {
        return app.context().farms.create(bobViewer, acmeDevScope.id(), new FarmService.FarmInput(Fixtures.unique("farm"), "", null));
    }

    /** An ec2 farm role as an older version let one be made, straight into the table. */
    private static long legacyEc2FarmRole(Farm farm) {
        return app.context().jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO farm_roles (farm_id, role_id, alias, platform, cloud_location, min_servers, max_servers, created_at)
                        VALUES (:farm, :role, 'legacy-ec2', 'ec2', 'us-east-1', 1, 2, :now)""")
                .bind("farm", farm.id()).bind("role", role.id()).bind("now", Instant.now())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    @Test
    void a_farm_role_on_a_real_cloud_needs_a_scaling_group_and_stored_credentials() {
        Farm farm = farm();
        for (String platform : new String[] {"ec2", "aliyun"}) {
            String location = app.context().clouds.module(imagehub.catalog.Platform.find(platform).orElseThrow())
                    .regions().get(0);
            ApiClient.Answer noGroup = bob.post(acmeDev + "/farms/" + farm.id() + "/farm-roles/", """
                    {"role":{"id":%d},"cloudPlatform":"%s","cloudLocation":"%s"}""".formatted(role.id(), platform, location));
            assertEquals(400, noGroup.status(), String.valueOf(noGroup.body()));
            assertEquals("InvalidValue", noGroup.errorCode());
            assertTrue(noGroup.body().path("errors").path(0).path("message").asText().contains("scaling group"),
                    noGroup.body().toString());

            ApiClient.Answer noCredentials = bob.post(acmeDev + "/farms/" + farm.id() + "/farm-roles/", """
                    {"role":{"id":%d},"cloudPlatform":"%s","cloudLocation":"%s","scalingGroup":{"id":"web"}}"""
                    .formatted(role.id(), platform, location));
            assertEquals(409, noCredentials.status(), String.valueOf(noCredentials.body()));
            assertEquals("NoCloudCredentials", noCredentials.errorCode());
        }

        WebClient web = WebClient.signedIn(app, "bob@example.com");
        HttpResponse<String> form = web.post(FarmRoutes.detailPath(farm) + "/farm-roles", Map.of("roleId",
                String.valueOf(role.id()), "platform", "ec2", "cloudLocation", "us-east-1", "scalingGroupId", ""));
        assertTrue(form.statusCode() >= 400 && form.statusCode() < 500, String.valueOf(form.statusCode()));
        assertTrue(form.body().contains("Choose the scaling group this farm role runs in"), form.body());
        assertTrue(form.body().contains("No cloud credentials for Amazon EC2"), "the form says why it lists no groups");
        assertTrue(app.context().farms.detail(bobViewer, farm.id()).farmRoles().isEmpty());
    }

    @Test
    void an_older_farm_role_without_a_provider_cannot_run_and_the_scaler_leaves_it_alone() {
        Farm farm = farm();
        long farmRoleId = legacyEc2FarmRole(farm);

        ApiClient.Answer launch = bob.post(acmeDev + "/farms/" + farm.id() + "/actions/launch/", "{}");
        assertEquals(409, launch.status(), String.valueOf(launch.body()));
        assertEquals("NoCloudProvider", launch.errorCode());
        assertEquals("terminated", bob.get(acmeDev + "/farms/" + farm.id() + "/").data().path("status").asText());

        // Even running (as an older version let it), the scaler starts nothing there and reports no failure.
        app.context().jdbi.useHandle(h -> h.execute("UPDATE farms SET status = 'RUNNING' WHERE id = ?", farm.id()));
        assertEquals(0, app.context().scaler.runOnce());
        assertTrue(app.context().jdbi.withExtension(FarmDao.class, dao -> dao.runningFarmRoleIds(
                app.context().lifecycle.runnablePlatforms())).stream().noneMatch(id -> id == farmRoleId),
                "the scaler does not even try it, so it logs no warning every pass");
        ApiClient.Answer server = bob.post(acmeDev + "/farm-roles/" + farmRoleId + "/servers/", "{}");
        assertEquals(409, server.status(), String.valueOf(server.body()));
        assertEquals("NoCloudProvider", server.errorCode());
    }

    @Test
    void a_failing_cloud_answers_502_with_its_reason() {
        Fixtures fixtures = new Fixtures(app.context());
        Image pending = fixtures.ubuntu(alice, acmeDevScope, Fixtures.WEST);
        Role pendingRole = fixtures.roleUsing(alice, acmeDevScope, pending);
        Farm farm = farm();
        FarmRole farmRole = app.context().farms.addFarmRole(bobViewer, farm.id(),
                new FarmService.FarmRoleInput(pendingRole.id(), "sandbox", Fixtures.WEST, 0, 2, null));
        app.context().lifecycle.launch(bobViewer, farm.id());
        app.context().jdbi.useHandle(h -> h.execute("UPDATE sandbox_images SET available_at = ? WHERE cloud_image_id = ?",
                Instant.now().plusSeconds(3600), pending.cloudImageId()));

        ApiClient.Answer server = bob.post(acmeDev + "/farm-roles/" + farmRole.id() + "/servers/", "{}");
        assertEquals(502, server.status(), String.valueOf(server.body()));
        assertEquals("CloudProviderError", server.errorCode());
        assertTrue(server.body().path("errors").path(0).path("message").asText().contains("not available yet"));
        assertEquals(0, bob.get(acmeDev + "/farm-roles/" + farmRole.id() + "/servers/").data().size());
    }

    @Test
    void resuming_a_running_farm_says_it_cannot_be_resumed() {
        Farm farm = farm();
        app.context().farms.addFarmRole(bobViewer, farm.id(),
                new FarmService.FarmRoleInput(role.id(), "sandbox", Fixtures.EAST, 0, 1, null));
        assertEquals(200, bob.post(acmeDev + "/farms/" + farm.id() + "/actions/launch/", "{}").status());

        ApiClient.Answer resume = bob.post(acmeDev + "/farms/" + farm.id() + "/actions/resume/", "{}");
        assertEquals(409, resume.status());
        String message = resume.body().path("errors").path(0).path("message").asText();
        assertEquals("Farm " + farm.name() + " is running; it cannot be resumed now", message);
        assertFalse(message.contains("eed"));
        assertTrue(bob.post(acmeDev + "/farms/" + farm.id() + "/actions/launch/", "{}").body().path("errors").path(0)
                .path("message").asText().endsWith("it cannot be launched now"));
    }
}
