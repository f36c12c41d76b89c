package imagehub.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import imagehub.support.ApiClient;
import imagehub.support.Fixtures;
import imagehub.support.Moto;
import imagehub.support.MotoFixtures;
import imagehub.support.MotoProxy;
import imagehub.operation.OperationStatus;
import imagehub.operation.ReplaceTarget;
import imagehub.operation.RollingUpdateRow;
import imagehub.operation.ServerOperation;
import imagehub.operation.ServerOperationService.ReplaceRequest;
import imagehub.provider.CloudProvider.RollingUpdate;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Farm roles bound to AWS Auto Scaling groups, with the real AWS SDK pointed at moto: the binding checks the group,
 * a role-image change reaches the group's launch template after the catalog change commits, and a cloud failure
 * leaves the catalog change in place, the farm role failed with the cause and a retry that works once fixed.
 */
class FarmCloudTest {
    private static final String REGION = "us-east-1";

    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    private static MotoFixtures moto;
    private static Viewer alice;
    private static ScopeRef acmeDev;
    private static ApiClient bob;
    private static String api;
    private static MotoProxy proxy;

    @BeforeAll
    static void setUp() {
        moto = MotoFixtures.shared(REGION);
        People people = new People(app.context());
        alice = people.viewer("alice@example.com");
        acmeDev = people.env("acme", "acme-dev");
        app.context().credentials.create(alice, acmeDev, new CredentialService.CredentialInput(Fixtures.unique("aws"),
                "ec2", MotoFixtures.ACCESS_KEY_ID, MotoFixtures.SECRET, null, Moto.endpoint().toString(),
                List.of(REGION)));
        long bobId = people.viewer("bob@example.com").userId();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), bobId, "farm-cloud");
        bob = new ApiClient(app, key.key().keyId(), key.secret());
        api = "/api/v1beta0/user/" + acmeDev.id();
    }

    /** An AMI in moto, registered in acme-dev. */
    static Image ami() {
        String amiId = moto.image(Fixtures.unique("ami"));
        return app.context().images.register(alice, acmeDev, new ImageService.NewImage("ec2", REGION, amiId,
                Fixtures.unique("img"), "", "ubuntu-22-04", "x86_64", true, 8));
    }

    /** A farm in acme-dev with a farm role of {@code role} bound to {@code group}, through the API. */
    static JsonNode bind(Role role, String group) {
        long farmId = bob.post(api + "/farms/", "{\"name\":\"" + Fixtures.unique("cloud-farm") + "\"}").data()
                .path("id").asLong();
        ApiClient.Answer created = bob.post(api + "/farms/" + farmId + "/farm-roles/", """
                {"role":{"id":%d},"cloudPlatform":"ec2","cloudLocation":"%s","scalingGroup":{"id":"%s"}}"""
                .formatted(role.id(), REGION, group));
        assertEquals(201, created.status(), created.body().toString());
        return created.data();
    }

    static JsonNode farmRole(long id) {
        return bob.get(api + "/farm-roles/" + id + "/").data();
    }

    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void replace_everywhere_and_rollback_reach_the_bound_groups_launch_template() {
        Image old = ami();
        Image fresh = ami();
        Role role = new Fixtures(app.context()).roleUsing(alice, acmeDev, old);
        String group = moto.group(Fixtures.unique("asg"), old.cloudImageId(), 1);

        JsonNode bound = bind(role, group);
        assertEquals(group, bound.path("scalingGroup").path("id").asText());
        assertEquals("applied", bound.path("imageSync").path("status").asText(), "the group already runs the role's image");
        assertEquals(0, bound.path("scaling").path("minInstances").asInt(), "the size is the group's");
        assertEquals(2, bound.path("scaling").path("maxInstances").asInt());
        long farmRoleId = bound.path("id").asLong();

        ReplacementService.ReplaceEverywhere command = new ReplacementService.ReplaceEverywhere(old.id(), fresh.id(),
                false, null, null);
        assertTrue(app.context().replacements.preview(alice, acmeDev, command).scalingGroups().stream()
                .anyMatch(use -> use.name().equals(group)), "the preview names the scaling group it will touch");
        Replacement replacement = app.context().replacements.replace(alice, acmeDev, command);
        eventually("the group launches the new AMI", () -> fresh.cloudImageId().equals(moto.groupImage(group)));
        eventually("the farm role says applied", () -> "applied".equals(farmRole(farmRoleId).path("imageSync")
                .path("status").asText()));
        assertEquals(fresh.cloudImageId(), farmRole(farmRoleId).path("imageSync").path("imageId").asText());
        assertEquals(2, moto.templateVersions(group).size(), "a new launch template version, made the default");

        app.context().replacements.rollback(alice, acmeDev, replacement.id());
        eventually("the group launches the old AMI again", () -> old.cloudImageId().equals(moto.groupImage(group)));
        eventually("the farm role says applied to the old AMI", () -> {
            JsonNode sync = farmRole(farmRoleId).path("imageSync");
            return "applied".equals(sync.path("status").asText()) && old.cloudImageId().equals(sync.path("imageId").asText());
        });
    }

    @Test
    void a_cloud_failure_keeps_the_catalog_change_fails_the_farm_role_with_its_cause_and_a_retry_works_once_fixed() {
        Image old = ami();
        Image fresh = ami();
        Role role = new Fixtures(app.context()).roleUsing(alice, acmeDev, old);
        String group = moto.group(Fixtures.unique("asg"), old.cloudImageId(), 1);
        long farmRoleId = bind(role, group).path("id").asLong();

        // Someone deletes the group's launch template behind Imagehub's back.
        moto.ec2().deleteLaunchTemplate(request -> request.launchTemplateName(group + "-template"));
        app.context().roleImages.replaceImage(alice, acmeDev, role.id(), old.id(), fresh.id());
        assertEquals(fresh.id(), new Fixtures(app.context()).imageOf(role, REGION), "the catalog change is committed");
        eventually("the farm role is failed", () -> "failed".equals(farmRole(farmRoleId).path("imageSync")
                .path("status").asText()));
        JsonNode failed = farmRole(farmRoleId).path("imageSync");
        assertFalse(failed.path("message").asText().isBlank(), "the cause is shown");
        assertEquals(fresh.cloudImageId(), failed.path("imageId").asText());

        // Fixed: the group gets a launch template again; the retry writes the role's image into it.
        String templateId = moto.ec2().createLaunchTemplate(request -> request.launchTemplateName(group + "-fixed")
                .launchTemplateData(data -> data.imageId(old.cloudImageId()))).launchTemplate().launchTemplateId();
        moto.autoScaling().updateAutoScalingGroup(request -> request.autoScalingGroupName(group)
                .launchTemplate(template -> template.launchTemplateId(templateId).version("$Default")));
        ApiClient.Answer retried = bob.post(api + "/farm-roles/" + farmRoleId + "/actions/sync-image/", "{}");
        assertEquals(200, retried.status(), retried.body().toString());
        assertEquals("applied", retried.data().path("imageSync").path("status").asText(), retried.body().toString());
        assertEquals(fresh.cloudImageId(), moto.groupImage(group));
    }

    @Test
    void binding_to_a_group_the_cloud_does_not_have_is_refused_and_writes_nothing() {
        Role role = new Fixtures(app.context()).roleUsing(alice, acmeDev, ami());
        long farmId = bob.post(api + "/farms/", "{\"name\":\"" + Fixtures.unique("cloud-farm") + "\"}").data()
                .path("id").asLong();
        ApiClient.Answer refused = bob.post(api + "/farms/" + farmId + "/farm-roles/", """
                {"role":{"id":%d},"cloudPlatform":"ec2","cloudLocation":"%s","scalingGroup":{"id":"no-such-group"}}"""
                .formatted(role.id(), REGION));
        assertEquals(400, refused.status(), refused.body().toString());
        assertEquals("InvalidValue", refused.errorCode());
        assertTrue(refused.body().path("errors").path(0).path("message").asText().contains("no-such-group"),
                refused.body().toString());
        assertEquals(0, bob.get(api + "/farms/" + farmId + "/farm-roles/").data().size());

        ApiClient.Answer noGroup = bob.post(api + "/farms/" + farmId + "/farm-roles/", """
                {"role":{"id":%d},"cloudPlatform":"ec2","cloudLocation":"%s"}""".formatted(role.id(), REGION));
        assertEquals(400, noGroup.status(), noGroup.body().toString());
        assertTrue(noGroup.body().path("errors").path(0).path("message").asText().contains("scaling group"));
    }

    @Test
    void a_bound_farm_role_launches_no_server_of_its_own_and_keeps_the_groups_size() {
        Image image = ami();
        Role role = new Fixtures(app.context()).roleUsing(alice, acmeDev, image);
        JsonNode bound = bind(role, moto.group(Fixtures.unique("asg"), image.cloudImageId(), 1));
        long farmId = bound.path("farm").path("id").asLong();
        assertEquals(200, bob.post(api + "/farms/" + farmId + "/actions/launch/", "{}").status(),
                "a farm of bound farm roles runs: the cloud scales them");
        ApiClient.Answer launch = bob.post(api + "/farm-roles/" + bound.path("id").asLong() + "/servers/", "{}");
        assertEquals(409, launch.status());
        assertEquals("ScalingGroup", launch.errorCode());
        ApiClient.Answer resize = bob.patch(api + "/farm-roles/" + bound.path("id").asLong() + "/",
                "{\"scaling\":{\"minInstances\":1,\"maxInstances\":3}}");
        assertEquals(409, resize.status());
        assertEquals(0, app.context().scaler.runOnce(), "the scaler leaves bound farm roles to their group");
    }

    @Test
    void inventory_sync_reads_the_groups_instances_into_servers_and_marks_those_that_left_terminated() {
        Image image = ami();
        Role role = new Fixtures(app.context()).roleUsing(alice, acmeDev, image);
        String group = moto.group(Fixtures.unique("asg"), image.cloudImageId(), 2);
        JsonNode bound = bind(role, group);
        long farmId = bound.path("farm").path("id").asLong();
        List<String> instances = moto.groupInstanceIds(group);
        assertEquals(2, instances.size());

        ApiClient.Answer synced = bob.post(api + "/farms/" + farmId + "/actions/sync/", "{}");
        assertEquals(200, synced.status(), synced.body().toString());
        assertEquals(2, synced.data().path("instances").asInt());
        assertEquals(2, synced.data().path("added").asInt());
        assertEquals(0, synced.data().path("failures").size(), synced.body().toString());
        List<JsonNode> servers = bob.walk(api + "/farms/" + farmId + "/servers/");
        assertEquals(2, servers.size());
        for (JsonNode server : servers) {
            assertTrue(instances.contains(server.path("cloudServerId").asText()), server.toString());
            assertEquals(image.id(), server.path("image").path("id").asText(), "matched by cloud image id");
        }
        assertEquals(2, bob.walk(api + "/usage/servers/?imageId=" + image.id()).size(),
                "the usage explorer lists the group's instances");
        assertEquals(0, bob.post(api + "/farms/" + farmId + "/actions/sync/", "{}").data().path("added").asInt(),
                "a second sync adds nothing");

        moto.autoScaling().terminateInstanceInAutoScalingGroup(request -> request.instanceId(instances.get(0))
                .shouldDecrementDesiredCapacity(true));
        ApiClient.Answer again = bob.post(api + "/farms/" + farmId + "/actions/sync/", "{}");
        assertEquals(1, again.data().path("terminated").asInt(), again.body().toString());
        List<JsonNode> left = bob.walk(api + "/farms/" + farmId + "/servers/");
        assertEquals(1, left.size());
        assertEquals(instances.get(1), left.get(0).path("cloudServerId").asText());
    }

    /** A running farm in acme-prod whose farm role is bound to a 2-instance group, synced, its role moved to a new AMI. */
    private record RollingSetup(ScopeRef env, Farm farm, FarmRole farmRole, String group, Image fresh) {
    }

    /** acme-prod reaches moto through the proxy, which stubs instance refresh (moto lacks it). */
    private static synchronized ScopeRef proxiedEnvironment() throws java.io.IOException {
        ScopeRef acmeProd = new People(app.context()).env("acme", "acme-prod");
        if (proxy == null) {
            proxy = MotoProxy.forSharedMoto();
            app.context().credentials.create(alice, acmeProd, new CredentialService.CredentialInput("aws-proxy", "ec2",
                    MotoFixtures.ACCESS_KEY_ID, MotoFixtures.SECRET, null, proxy.endpoint().toString(), List.of(REGION)));
        }
        return acmeProd;
    }

    @AfterAll
    static void closeProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static RollingSetup rollingSetup() throws java.io.IOException {
        ScopeRef acmeProd = proxiedEnvironment();
        Image old = app.context().images.register(alice, acmeProd, new ImageService.NewImage("ec2", REGION,
                moto.image(Fixtures.unique("ami")), Fixtures.unique("img"), "", "ubuntu-22-04", "x86_64", true, 8));
        Image fresh = app.context().images.register(alice, acmeProd, new ImageService.NewImage("ec2", REGION,
                moto.image(Fixtures.unique("ami")), Fixtures.unique("img"), "", "ubuntu-22-04", "x86_64", true, 8));
        Role role = new Fixtures(app.context()).roleUsing(alice, acmeProd, old);
        String group = moto.group(Fixtures.unique("asg"), old.cloudImageId(), 2);
        Farm farm = app.context().farms.create(alice, acmeProd.id(),
                new FarmService.FarmInput(Fixtures.unique("rolling"), "", null));
        FarmRole farmRole = app.context().farms.addFarmRole(alice, farm.id(), new FarmService.FarmRoleInput(
                role.id(), "ec2", REGION, 0, 0, null, group, null));
        app.context().lifecycle.launch(alice, farm.id());
        assertEquals(2, app.context().inventory.syncNow(alice, farm.id()).added());
        app.context().roleImages.replaceImage(alice, acmeProd, role.id(), old.id(), fresh.id());
        eventually("the group's launch template has the new AMI", () -> fresh.cloudImageId().equals(moto.groupImage(group)));
        return new RollingSetup(acmeProd, farm, farmRole, group, fresh);
    }

    private static ServerOperation replace(RollingSetup setup) {
        return app.context().operations.startReplaceServers(alice, setup.env().id(), new ReplaceRequest(
                new ReplaceTarget.OneFarmRole(setup.farmRole().id()), 1, 0, 50));
    }

    @Test
    void replacing_the_servers_of_a_bound_group_runs_an_instance_refresh_until_every_instance_boots_the_new_image()
            throws Exception {
        RollingSetup setup = rollingSetup();
        long started = proxy.calls("StartInstanceRefresh");
        ServerOperation op = replace(setup);
        assertEquals(2, op.total());
        assertEquals(started + 1, proxy.calls("StartInstanceRefresh"), "started after the operation committed");
        assertEquals(50, op.minHealthyPercent());

        List<String> messages = new java.util.ArrayList<>();
        for (int pass = 0; pass < 20 && app.context().operations.get(alice, setup.env().id(), op.id()).running(); pass++) {
            app.context().operationDriver.runOnce();
            messages.add(app.context().operations.get(alice, setup.env().id(), op.id()).message());
        }
        ServerOperation done = app.context().operations.get(alice, setup.env().id(), op.id());
        assertEquals(OperationStatus.COMPLETED, done.status(), String.valueOf(messages));
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("Rolling update: " + setup.group())),
                "the operation shows the refresh's progress: " + messages);
        assertEquals(100, done.progress());
        for (String instanceId : moto.groupInstanceIds(setup.group())) {
            assertEquals(setup.fresh().cloudImageId(), moto.ec2().describeInstances(request -> request
                    .instanceIds(instanceId)).reservations().get(0).instances().get(0).imageId(),
                    "every instance boots the new AMI");
        }
        app.context().inventory.syncNow(alice, setup.farm().id());
        assertTrue(app.context().farms.servers(alice, setup.farm().id()).stream()
                .allMatch(server -> server.imageId().equals(setup.fresh().id())), "the explorer sees the fresh fleet");
    }

    @Test
    void cancelling_the_operation_cancels_the_groups_instance_refresh() throws Exception {
        RollingSetup setup = rollingSetup();
        ServerOperation op = replace(setup);
        long cancels = proxy.calls("CancelInstanceRefresh");
        ServerOperation cancelled = app.context().operations.cancel(alice, setup.env().id(), op.id());
        assertEquals(OperationStatus.CANCELLED, cancelled.status());
        assertEquals(cancels + 1, proxy.calls("CancelInstanceRefresh"), "the cloud stops replacing too");
        assertEquals(List.of(RollingUpdate.Status.CANCELLED), app.context().operations
                .updates(alice, setup.env().id(), op.id()).stream().map(RollingUpdateRow::status).toList());
    }

    @Test
    void a_throttled_image_update_stays_pending_with_the_cause_and_is_retried_after_its_backoff() throws Exception {
        ScopeRef acmeProd = proxiedEnvironment();
        Image old = app.context().images.register(alice, acmeProd, new ImageService.NewImage("ec2", REGION,
                moto.image(Fixtures.unique("ami")), Fixtures.unique("img"), "", "ubuntu-22-04", "x86_64", true, 8));
        Image fresh = app.context().images.register(alice, acmeProd, new ImageService.NewImage("ec2", REGION,
                moto.image(Fixtures.unique("ami")), Fixtures.unique("img"), "", "ubuntu-22-04", "x86_64", true, 8));
        Role role = new Fixtures(app.context()).roleUsing(alice, acmeProd, old);
        String group = moto.group(Fixtures.unique("asg"), old.cloudImageId(), 1);
        Farm farm = app.context().farms.create(alice, acmeProd.id(),
                new FarmService.FarmInput(Fixtures.unique("throttled"), "", null));
        FarmRole farmRole = app.context().farms.addFarmRole(alice, farm.id(), new FarmService.FarmRoleInput(
                role.id(), "ec2", REGION, 0, 0, null, group, null));

        proxy.failNext("CreateLaunchTemplateVersion", 1000, 400, "Throttling", "Rate exceeded");
        app.context().roleImages.replaceImage(alice, acmeProd, role.id(), old.id(), fresh.id());
        eventually("the first attempt failed", () -> app.context().farms.farmRole(alice, farmRole.id())
                .imageSyncMessage() != null);
        FarmRole waiting = app.context().farms.farmRole(alice, farmRole.id());
        assertEquals(ImageSyncStatus.PENDING, waiting.imageSyncStatus(), "a passing failure is retried, not failed");
        assertTrue(waiting.imageSyncMessage().startsWith("Attempt 1 failed, retrying"), waiting.imageSyncMessage());
        assertEquals(0, app.context().imageSync.applyDue(), "nothing is due before the backoff ends");
        assertEquals(old.cloudImageId(), moto.groupImage(group));

        proxy.failNext("CreateLaunchTemplateVersion", 0, 400, "Throttling", "Rate exceeded");
        app.context().jdbi.useHandle(h -> h.execute(
                "UPDATE farm_roles SET image_sync_next_at = ? WHERE id = ?", java.time.Instant.now().minusSeconds(1),
                farmRole.id()));
        app.context().imageSync.applyDue();
        eventually("the retry applied it", () -> app.context().farms.farmRole(alice, farmRole.id()).imageSyncStatus()
                == ImageSyncStatus.APPLIED);
        assertEquals(fresh.cloudImageId(), moto.groupImage(group));
    }
}
