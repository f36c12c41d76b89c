package imagehub.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import imagehub.access.Viewer;
import imagehub.catalog.Platform;
import imagehub.core.ScopeRef;
import imagehub.provider.CloudProvider;
import imagehub.support.ApiClient;
import imagehub.support.MotoFixtures;
import imagehub.support.MotoProxy;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stored credentials used for real: the test action and the connector, with the real AWS SDK against moto. */
class CredentialConnectionTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();
    static final String REGION = "us-east-1";

    private static MotoFixtures moto;
    private static ApiClient alice;
    private static ScopeRef acme;
    private static String acmeApi;
    private static String devApi;
    private static ScopeRef acmeDev;

    @BeforeAll
    static void setUp() {
        moto = MotoFixtures.shared(REGION);
        long aliceId = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail("alice@example.com")).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), aliceId, "tests");
        alice = new ApiClient(app, key.key().keyId(), key.secret());
        acme = app.context().scopes().findAccountByName("acme").orElseThrow().scope();
        acmeDev = app.context().scopes().findEnvironmentByName(acme.id(), "acme-dev").orElseThrow().scope();
        acmeApi = acme.apiPath();
        devApi = acmeDev.apiPath();
    }

    @AfterAll
    static void close() {
        moto.close();
    }

    private static long store(String scopeApi, String name, String endpoint) {
        ApiClient.Answer created = alice.post(scopeApi + "/cloud-credentials/", """
                {"name":"%s","cloudPlatform":"ec2","accessKeyId":"%s","secretAccessKey":"%s","endpoint":"%s",
                 "defaultRegions":["%s"]}""".formatted(name, MotoFixtures.ACCESS_KEY_ID, MotoFixtures.SECRET, endpoint,
                REGION));
        assertEquals(201, created.status(), String.valueOf(created.body()));
        return created.data().path("id").asLong();
    }

    private static JsonNode test(String scopeApi, long id, String body) {
        ApiClient.Answer answer = alice.post(scopeApi + "/cloud-credentials/" + id + "/actions/test/", body);
        assertEquals(200, answer.status(), String.valueOf(answer.body()));
        assertFalse(answer.body().toString().contains(MotoFixtures.SECRET));
        return answer.data();
    }

    private static List<String> names(JsonNode checks) {
        List<String> names = new ArrayList<>();
        checks.forEach(check -> names.add(check.path("name").asText()));
        return names;
    }

    @Test
    void the_test_action_says_every_call_works_against_moto() {
        long id = store(acmeApi, "moto-ok", moto.endpoint().toString());
        JsonNode result = test(acmeApi, id, "{}");
        assertTrue(result.path("ok").asBoolean(), result.toString());
        assertEquals(REGION, result.path("cloudLocation").asText());
        assertEquals(List.of("Credentials", "List images", "List instances", "List scaling groups", "List launch templates"),
                names(result.path("checks")));
        result.path("checks").forEach(check -> assertTrue(check.path("ok").asBoolean(), check.toString()));
        assertTrue(result.path("checks").path(1).path("message").asText().contains("ec2:DescribeImages"));
    }

    @Test
    void the_test_action_names_the_permission_the_cloud_denies() throws IOException {
        try (MotoProxy denying = MotoProxy.forSharedMoto()) {
            long id = store(acmeApi, "moto-denied", denying.endpoint().toString());
            denying.failNext("DescribeAutoScalingGroups", 1, 403, "AccessDenied", "User: arn:aws:iam::123456789012:"
                    + "user/ci is not authorized to perform: autoscaling:DescribeAutoScalingGroups because no "
                    + "identity-based policy allows the autoscaling:DescribeAutoScalingGroups action");
            JsonNode result = test(acmeApi, id, "{\"cloudLocation\":\"" + REGION + "\"}");
            assertFalse(result.path("ok").asBoolean());
            JsonNode groups = result.path("checks").path(3);
            assertEquals("List scaling groups", groups.path("name").asText());
            assertFalse(groups.path("ok").asBoolean());
            assertEquals("autoscaling:DescribeAutoScalingGroups is not allowed for these credentials",
                    groups.path("message").asText());
            assertTrue(result.path("checks").path(1).path("ok").asBoolean(), "the other calls still work");
        }
    }

    @Test
    void a_bad_endpoint_is_a_failed_check_within_bounded_time_and_an_edit_takes_effect_at_once() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        long id = store(devApi, "moto-unreachable", "http://127.0.0.1:" + closedPort);
        long started = System.nanoTime();
        JsonNode result = test(devApi, id, "{}");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertFalse(result.path("ok").asBoolean());
        JsonNode credentials = result.path("checks").path(0);
        assertFalse(credentials.path("ok").asBoolean());
        assertTrue(credentials.path("message").asText().length() > 10, credentials.toString());
        result.path("checks").forEach(check -> assertFalse(check.path("ok").asBoolean(), check.toString()));
        assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "bounded, took " + took);

        ApiClient.Answer fixed = alice.patch(devApi + "/cloud-credentials/" + id + "/",
                "{\"endpoint\":\"" + moto.endpoint() + "\"}");
        assertEquals(200, fixed.status(), String.valueOf(fixed.body()));
        assertTrue(test(devApi, id, "{}").path("ok").asBoolean(), "the cached provider of the old endpoint is gone");
    }

    @Test
    void the_connector_reaches_the_cloud_with_the_environment_credentials() {
        String imageId = moto.image("connector-" + System.nanoTime());
        ScopeRef env = app.context().scopeService.createEnvironment(Viewer.system(), acme.id(), "connector-env").scope();
        app.context().credentials.create(Viewer.system(), env, new CredentialService.CredentialInput("moto", "ec2",
                MotoFixtures.ACCESS_KEY_ID, MotoFixtures.SECRET, null, moto.endpoint().toString(), List.of(REGION)));
        CloudProvider provider = app.context().connector.connect(env, Platform.EC2, REGION, null);
        assertEquals(Platform.EC2, provider.platform());
        assertTrue(provider.describeImage(imageId).isPresent());
    }
}
