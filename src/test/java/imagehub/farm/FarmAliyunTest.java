package imagehub.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.credentials.CredentialService;
import imagehub.image.Image;
import imagehub.image.ImageService;
import imagehub.replacement.Replacement;
import imagehub.replacement.ReplacementService;
import imagehub.role.Role;
import imagehub.support.AliyunFake;
import imagehub.support.ApiClient;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole Alibaba Cloud path through the app, with the real ECS / ESS SDK calls answered by the wire-level fake:
 * a checked register, a farm role bound to an ESS scaling group, replace everywhere and rollback written into the
 * group's scaling configuration, and inventory sync filling the explorer with the group's instances.
 */
class FarmAliyunTest {
    private static final String REGION = "cn-hangzhou";

    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    private static AliyunFake cloud;
    private static Viewer alice;
    private static ScopeRef acmeDev;
    private static ApiClient bob;
    private static String api;

    @BeforeAll
    static void setUp() {
        cloud = AliyunFake.start();
        People people = new People(app.context());
        alice = people.viewer("alice@example.com");
        acmeDev = people.env("acme", "acme-dev");
        app.context().credentials.create(alice, acmeDev, new CredentialService.CredentialInput(Fixtures.unique("ali"),
                "aliyun", cloud.accessKeyId(), cloud.accessKeySecret(), null, cloud.endpoint(), List.of(REGION)));
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(),
                people.viewer("bob@example.com").userId(), "farm-aliyun");
        bob = new ApiClient(app, key.key().keyId(), key.secret());
        api = "/api/v1beta0/user/" + acmeDev.id();
    }

    @AfterAll
    static void tearDown() {
        cloud.close();
    }

    private static Image registered(String cloudImageId) {
        return app.context().images.register(alice, acmeDev, new ImageService.NewImage("aliyun", REGION, cloudImageId,
                Fixtures.unique("ali-img"), "", "ubuntu-22-04", "x86_64", true, 20));
    }

    private static String syncStatus(long farmRoleId) {
        return bob.get(api + "/farm-roles/" + farmRoleId + "/").data().path("imageSync").path("status").asText();
    }

    @Test
    void an_ess_group_follows_replace_everywhere_and_rollback_and_its_instances_reach_the_explorer() {
        Image old = registered(cloud.image(REGION, Fixtures.unique("old")));
        Image fresh = registered(cloud.image(REGION, Fixtures.unique("new")));
        Role role = new Fixtures(app.context()).roleUsing(alice, acmeDev, old);
        String group = cloud.scalingGroup(REGION, Fixtures.unique("ess"), old.cloudImageId(), 2);

        long farmId = bob.post(api + "/farms/", "{\"name\":\"" + Fixtures.unique("ali-farm") + "\"}").data()
                .path("id").asLong();
        ApiClient.Answer bound = bob.post(api + "/farms/" + farmId + "/farm-roles/", """
                {"role":{"id":%d},"cloudPlatform":"aliyun","cloudLocation":"%s","scalingGroup":{"id":"%s"}}"""
                .formatted(role.id(), REGION, group));
        assertEquals(201, bound.status(), bound.body().toString());
        long farmRoleId = bound.data().path("id").asLong();

        ApiClient.Answer synced = bob.post(api + "/farms/" + farmId + "/actions/sync/", "{}");
        assertEquals(200, synced.status(), synced.body().toString());
        assertEquals(2, synced.data().path("added").asInt(), synced.body().toString());
        List<JsonNode> onOld = bob.walk(api + "/usage/servers/?imageId=" + old.id());
        assertEquals(2, onOld.size(), "the explorer lists the group's two instances on the old image");
        assertEquals(cloud.groupInstanceIds(group).stream().sorted().toList(),
                onOld.stream().map(s -> s.path("cloudServerId").asText()).sorted().toList());

        Replacement replacement = app.context().replacements.replace(alice, acmeDev,
                new ReplacementService.ReplaceEverywhere(old.id(), fresh.id(), false, null, null));
        FarmCloudTest.eventually("the scaling configuration boots the new image",
                () -> fresh.cloudImageId().equals(cloud.configurationImage(group)));
        FarmCloudTest.eventually("the farm role says applied", () -> "applied".equals(syncStatus(farmRoleId)));
        assertTrue(cloud.actions().contains("ModifyScalingConfiguration"));

        app.context().replacements.rollback(alice, acmeDev, replacement.id());
        FarmCloudTest.eventually("the scaling configuration boots the old image again",
                () -> old.cloudImageId().equals(cloud.configurationImage(group)));

        assertEquals(200, bob.post(api + "/farms/" + farmId + "/actions/launch/", "{}").status());
        ApiClient.Answer terminate = bob.post(api + "/farms/" + farmId + "/actions/terminate/", "{}");
        assertEquals(409, terminate.status(), terminate.body().toString());
        assertEquals("BoundScalingGroups", terminate.errorCode());
        assertEquals(2, cloud.groupInstanceIds(group).size(), "the group's instances are the cloud's to scale");
        assertTrue(cloud.actions().stream().noneMatch(a -> a.equals("DeleteInstance")));
    }
}
