package imagehub.provider.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.catalog.Platform;
import imagehub.provider.CloudCredentials;
import imagehub.provider.CloudProvider;
import imagehub.provider.CloudProvider.CloudImage;
import imagehub.provider.CloudProvider.CloudInstance;
import imagehub.provider.CloudProvider.ConnectionCheck;
import imagehub.provider.CloudProvider.RollingUpdate;
import imagehub.provider.CloudProvider.ScalingGroup;
import imagehub.provider.ProviderException;
import imagehub.provider.ProviderException.Kind;
import imagehub.support.AliyunFake;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Alibaba Cloud provider: the real V2 SDK clients against the wire-level fake. */
class AliyunProviderTest {
    private static final String REGION = "cn-hangzhou";
    private static AliyunFake fake;
    private static AliyunModule module;
    private CloudProvider cloud;

    @BeforeAll
    static void start() {
        fake = AliyunFake.start();
        module = new AliyunModule(Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void connect() {
        cloud = module.connect(fake.credentials(), REGION);
    }

    @Test
    void describes_an_image_with_what_the_cloud_knows() {
        String imageId = fake.image(REGION, "web-2024-05", "arm64", 60);

        CloudImage image = cloud.describeImage(imageId).orElseThrow();

        assertEquals(imageId, image.cloudImageId());
        assertEquals(REGION, image.region());
        assertEquals("web-2024-05", image.name());
        assertEquals(CloudImage.State.AVAILABLE, image.state());
        assertEquals("arm64", image.architecture());
        assertEquals(60, image.sizeGb());
        assertEquals(String.valueOf(AliyunFake.OWNER_ID), image.ownerId());
        assertTrue(image.createdAt().isAfter(Instant.now().minusSeconds(60)));
    }

    @Test
    void an_image_of_another_region_or_unknown_is_not_found() {
        String elsewhere = fake.image("cn-shanghai", "elsewhere");

        assertEquals(Optional.empty(), cloud.describeImage(elsewhere));
        assertEquals(Optional.empty(), cloud.describeImage("m-doesnotexist0000"));
    }

    @Test
    void lists_own_images_of_the_region_newest_first() {
        CloudProvider beijing = module.connect(fake.credentials(), "cn-beijing");
        String first = fake.image("cn-beijing", "first");
        String second = fake.image("cn-beijing", "second");
        fake.image("cn-shanghai", "not here");

        List<String> ids = beijing.listOwnImages().stream().map(CloudImage::cloudImageId).toList();

        assertEquals(2, ids.size());
        assertTrue(ids.containsAll(List.of(first, second)));
    }

    @Test
    void listing_own_images_reads_every_page() {
        CloudProvider frankfurt = module.connect(fake.credentials(), "eu-central-1");
        for (int i = 0; i < 105; i++) {
            fake.image("eu-central-1", "build-" + i);
        }
        fake.clearCalls();

        assertEquals(105, frankfurt.listOwnImages().size());
        assertEquals(2, fake.actions().size());
    }

    @Test
    void an_image_deleted_outside_imagehub_is_not_found_any_more() {
        String imageId = fake.image(REGION, "gone");
        assertTrue(cloud.describeImage(imageId).isPresent());

        fake.removeImage(imageId);

        assertEquals(Optional.empty(), cloud.describeImage(imageId));
    }

    @Test
    void a_copy_is_pending_until_available_in_the_destination_region() {
        String source = fake.image(REGION, "golden");
        CloudProvider shanghai = module.connect(fake.credentials(), "cn-shanghai");

        CloudImage copy = shanghai.copyImageFrom(REGION, source, "golden-copy");

        assertEquals(CloudImage.State.PENDING, copy.state());
        assertEquals("cn-shanghai", fake.imageRegion(copy.cloudImageId()));
        CloudImage.State state = copy.state();
        for (int poll = 0; poll < 10 && state != CloudImage.State.AVAILABLE; poll++) {
            state = shanghai.describeImage(copy.cloudImageId()).orElseThrow().state();
        }
        assertEquals(CloudImage.State.AVAILABLE, state);
        assertEquals("golden-copy", shanghai.describeImage(copy.cloudImageId()).orElseThrow().name());
    }

    @Test
    void a_copy_that_fails_in_the_cloud_is_failed() {
        String source = fake.image(REGION, "golden");
        CloudProvider beijing = module.connect(fake.credentials(), "cn-beijing");
        CloudImage copy = beijing.copyImageFrom(REGION, source, "doomed");

        fake.failImage(copy.cloudImageId());

        assertEquals(CloudImage.State.FAILED, beijing.describeImage(copy.cloudImageId()).orElseThrow().state());
        assertEquals(Kind.INVALID, assertThrows(ProviderException.class,
                () -> beijing.copyImageFrom("moon-1", source, "x")).kind());
    }

    @Test
    void deleting_an_image_deletes_its_snapshots() {
        String imageId = fake.image(REGION, "old");
        List<String> snapshots = fake.snapshotsOf(imageId);
        assertFalse(snapshots.isEmpty());

        cloud.deleteImage(imageId);

        assertFalse(fake.imageExists(imageId));
        snapshots.forEach(s -> assertFalse(fake.snapshotExists(s), s));
        assertEquals(Kind.NOT_FOUND, assertThrows(ProviderException.class, () -> cloud.deleteImage(imageId)).kind());
    }

    @Test
    void a_snapshot_that_cannot_be_deleted_is_reported_after_the_image_is_gone() {
        String imageId = fake.image(REGION, "half");
        fake.deny("DeleteSnapshot");
        try {
            ProviderException error = assertThrows(ProviderException.class, () -> cloud.deleteImage(imageId));

            assertEquals(Kind.ACCESS_DENIED, error.kind());
            assertTrue(error.getMessage().contains("was deleted, but its snapshot"), error.getMessage());
            assertTrue(error.getMessage().contains("ecs:DeleteSnapshot"), error.getMessage());
            assertFalse(fake.imageExists(imageId));
        } finally {
            fake.allow("DeleteSnapshot");
        }
    }

    @Test
    void creates_an_image_from_an_instance() {
        String base = fake.image(REGION, "base", "x86_64", 40);
        String instanceId = fake.instance(REGION, base);

        CloudImage image = cloud.createImageFromInstance(instanceId, "baked");

        assertTrue(image.cloudImageId().startsWith("m-"));
        assertEquals("baked", image.name());
        assertEquals(CloudImage.State.PENDING, image.state());
        assertEquals(image.cloudImageId(), cloud.createImageFromInstance(instanceId, "baked").cloudImageId(),
                "the same request repeated (after a crash) makes no second image");
        assertEquals(Kind.NOT_FOUND, assertThrows(ProviderException.class,
                () -> cloud.createImageFromInstance("i-missing", "x")).kind());
    }

    @Test
    void deprecation_sets_the_image_status_and_a_future_date_is_unsupported() {
        String imageId = fake.image(REGION, "aging");

        cloud.setImageDeprecation(imageId, Instant.now());
        assertEquals("Deprecated", fake.imageStatus(imageId));
        cloud.setImageDeprecation(imageId, null);
        assertEquals("Available", fake.imageStatus(imageId));

        ProviderException later = assertThrows(ProviderException.class,
                () -> cloud.setImageDeprecation(imageId, Instant.now().plusSeconds(86_400)));
        assertEquals(Kind.UNSUPPORTED, later.kind());
    }

    @Test
    void lists_scaling_groups_with_the_image_of_their_active_configuration() {
        CloudProvider beijing = module.connect(fake.credentials(), "cn-beijing");
        String image = fake.image("cn-beijing", "app");
        String groupId = fake.scalingGroup("cn-beijing", "web", image, 3);

        ScalingGroup group = beijing.listScalingGroups().stream().filter(g -> g.id().equals(groupId)).findFirst()
                .orElseThrow();

        assertEquals("web", group.name());
        assertEquals(image, group.cloudImageId());
        assertEquals(3, group.desiredCapacity());
        assertEquals(3, group.instanceCount());
        assertEquals("cn-beijing", group.region());
        assertEquals(Optional.empty(), beijing.describeScalingGroup("asg-missing"));
        assertEquals(group, beijing.describeScalingGroup(groupId).orElseThrow());
    }

    @Test
    void apply_image_modifies_the_active_scaling_configuration_once() {
        String old = fake.image(REGION, "v1");
        String next = fake.image(REGION, "v2");
        String groupId = fake.scalingGroup(REGION, "api", old, 1);

        cloud.applyImage(groupId, next);
        assertEquals(next, fake.configurationImage(groupId));

        fake.clearCalls();
        cloud.applyImage(groupId, next);
        assertFalse(fake.actions().contains("ModifyScalingConfiguration"), "already applied: no change");
        assertEquals(next, cloud.describeScalingGroup(groupId).orElseThrow().cloudImageId());
    }

    @Test
    void apply_image_refuses_a_missing_image_a_missing_group_and_a_launch_template_group() {
        String image = fake.image(REGION, "v1");
        String groupId = fake.scalingGroup(REGION, "api", image, 0);
        String templated = fake.launchTemplateGroup(REGION, "templated");

        assertEquals(Kind.NOT_FOUND, assertThrows(ProviderException.class,
                () -> cloud.applyImage(groupId, "m-missing")).kind());
        assertEquals(Kind.NOT_FOUND, assertThrows(ProviderException.class,
                () -> cloud.applyImage("asg-missing", image)).kind());
        ProviderException template = assertThrows(ProviderException.class, () -> cloud.applyImage(templated, image));
        assertEquals(Kind.INVALID, template.kind());
        assertTrue(template.getMessage().contains("launch template"), template.getMessage());
        assertEquals(image, fake.configurationImage(groupId));
    }

    @Test
    void group_instances_carry_the_image_each_was_launched_from() {
        String old = fake.image(REGION, "old");
        String groupId = fake.scalingGroup(REGION, "workers", old, 2);
        List<String> ids = fake.groupInstanceIds(groupId);

        List<CloudInstance> instances = cloud.groupInstances(groupId);

        assertEquals(2, instances.size());
        assertTrue(instances.stream().allMatch(i -> i.cloudImageId().equals(old)));
        assertTrue(instances.stream().map(CloudInstance::instanceId).toList().containsAll(ids));
        assertTrue(instances.stream().allMatch(i -> i.state() == CloudInstance.State.RUNNING && i.launchedAt() != null));
        assertEquals(Kind.NOT_FOUND, assertThrows(ProviderException.class, () -> cloud.groupInstances("asg-x")).kind());
    }

    @Test
    void group_instances_follow_scale_out_and_released_instances() {
        String image = fake.image(REGION, "app");
        String groupId = fake.scalingGroup(REGION, "elastic", image, 2);
        String leaving = fake.groupInstanceIds(groupId).get(0);

        fake.release(leaving);
        String added = fake.launchInto(groupId);

        List<String> ids = cloud.groupInstances(groupId).stream().map(CloudInstance::instanceId).toList();
        assertEquals(2, ids.size());
        assertTrue(ids.contains(added));
        assertFalse(ids.contains(leaving));
    }

    @Test
    void a_rolling_update_replaces_the_instances_with_progress() {
        String old = fake.image(REGION, "old");
        String next = fake.image(REGION, "new");
        String groupId = fake.scalingGroup(REGION, "rolling", old, 4);
        cloud.applyImage(groupId, next);

        RollingUpdate update = cloud.startRollingUpdate(groupId, 50);

        assertEquals(RollingUpdate.Status.PENDING, update.status());
        assertEquals(next, fake.calls().get(fake.calls().size() - 1).params().get("DesiredConfiguration.ImageId"));
        assertEquals("50", fake.calls().get(fake.calls().size() - 1).params().get("MinHealthyPercentage"));
        update = cloud.describeRollingUpdate(groupId, update.id());
        assertEquals(RollingUpdate.Status.IN_PROGRESS, update.status());
        assertTrue(update.percentComplete() > 0 && update.percentComplete() < 100, "" + update.percentComplete());
        int lastPercent = update.percentComplete();
        for (int poll = 0; poll < 10 && !update.status().finished(); poll++) {
            update = cloud.describeRollingUpdate(groupId, update.id());
            assertTrue(update.percentComplete() >= lastPercent);
            lastPercent = update.percentComplete();
        }
        assertEquals(RollingUpdate.Status.SUCCESSFUL, update.status());
        assertEquals(100, update.percentComplete());
        assertTrue(cloud.groupInstances(groupId).stream().allMatch(i -> i.cloudImageId().equals(next)));
    }

    @Test
    void a_rolling_update_can_be_cancelled() {
        String old = fake.image(REGION, "old");
        String next = fake.image(REGION, "new");
        String groupId = fake.scalingGroup(REGION, "cancelled", old, 10);
        cloud.applyImage(groupId, next);
        RollingUpdate update = cloud.startRollingUpdate(groupId, 90);

        cloud.cancelRollingUpdate(groupId, update.id());

        RollingUpdate cancelled = cloud.describeRollingUpdate(groupId, update.id());
        assertEquals(RollingUpdate.Status.CANCELLED, cancelled.status());
        assertTrue(cancelled.percentComplete() < 100);
        assertEquals(Kind.NOT_FOUND, assertThrows(ProviderException.class,
                () -> cloud.describeRollingUpdate(groupId, "ir-missing")).kind());
    }

    @Test
    void launching_into_a_scaling_group_is_unsupported_and_terminate_deletes_the_instance() {
        String image = fake.image(REGION, "app");
        String groupId = fake.scalingGroup(REGION, "self-scaling", image, 1);
        String instanceId = fake.groupInstanceIds(groupId).get(0);

        assertEquals(Kind.UNSUPPORTED, assertThrows(ProviderException.class, () -> cloud.launchInstance(groupId)).kind());
        cloud.terminateInstance(instanceId);

        assertNull(fake.instanceImage(instanceId));
        assertTrue(cloud.groupInstances(groupId).isEmpty());
    }

    @Test
    void a_throttled_call_is_retried_until_it_succeeds() {
        String imageId = fake.image(REGION, "busy");
        fake.throttle("DescribeImages", 2);
        fake.clearCalls();

        assertTrue(cloud.describeImage(imageId).isPresent());
        assertEquals(List.of("DescribeImages", "DescribeImages", "DescribeImages"), fake.actions());
    }

    @Test
    void throttling_past_the_retries_is_reported_as_throttled() {
        fake.throttle("DescribeScalingGroups", 100);
        try {
            ProviderException error = assertThrows(ProviderException.class, () -> cloud.listScalingGroups());
            assertEquals(Kind.THROTTLED, error.kind());
            assertEquals("CloudThrottled", error.code());
        } finally {
            fake.throttle("DescribeScalingGroups", 0);
        }
    }

    @Test
    void access_denied_names_the_missing_ram_action() {
        fake.deny("ModifyScalingConfiguration");
        try {
            String image = fake.image(REGION, "v1");
            String next = fake.image(REGION, "v2");
            String groupId = fake.scalingGroup(REGION, "denied", image, 0);

            ProviderException error = assertThrows(ProviderException.class, () -> cloud.applyImage(groupId, next));

            assertEquals(Kind.ACCESS_DENIED, error.kind());
            assertTrue(error.getMessage().contains("ess:ModifyScalingConfiguration"), error.getMessage());
        } finally {
            fake.allow("ModifyScalingConfiguration");
        }
    }

    @Test
    void an_unknown_access_key_or_a_wrong_secret_fails_authentication() {
        CloudProvider unknown = module.connect(fake.credentials("LTAI5tUnknownKey0000", "whatever", null), REGION);
        CloudProvider wrongSecret = module.connect(fake.credentials(fake.accessKeyId(), "not-the-secret", null), REGION);

        ProviderException unknownError = assertThrows(ProviderException.class, () -> unknown.describeImage("m-abc"));
        ProviderException wrongError = assertThrows(ProviderException.class, () -> wrongSecret.listOwnImages());

        assertEquals(Kind.AUTH_FAILED, unknownError.kind());
        assertTrue(unknownError.getMessage().contains("InvalidAccessKeyId.NotFound"), unknownError.getMessage());
        assertEquals(Kind.AUTH_FAILED, wrongError.kind());
        assertTrue(wrongError.getMessage().contains("SignatureDoesNotMatch"), wrongError.getMessage());
        assertFalse(wrongError.getMessage().contains("not-the-secret"));
    }

    @Test
    void a_slow_cloud_is_unavailable_after_the_bounded_timeout() {
        fake.delay("DescribeInstances", Duration.ofSeconds(20));
        try {
            String image = fake.image(REGION, "slow");
            String groupId = fake.scalingGroup(REGION, "slow", image, 1);
            long started = System.nanoTime();

            fake.clearCalls();
            ProviderException error = assertThrows(ProviderException.class, () -> cloud.groupInstances(groupId));

            assertEquals(Kind.UNAVAILABLE, error.kind());
            assertEquals(List.of("DescribeScalingInstances", "DescribeInstances"), fake.actions(), "no retry");
            long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertTrue(waited >= 2_900 && waited < 15_000, "bounded by the 3 s read timeout, waited " + waited + " ms");
            assertTrue(error.getMessage().contains("within 3 s"), error.getMessage());
        } finally {
            fake.delay("DescribeInstances", Duration.ZERO);
        }
    }

    @Test
    void a_response_missing_its_fields_is_unavailable_not_a_crash() {
        String instanceId = fake.instance(REGION, fake.image(REGION, "src"));
        fake.answerNext("CreateImage", "{\"RequestId\":\"X\"}");

        ProviderException error = assertThrows(ProviderException.class,
                () -> cloud.createImageFromInstance(instanceId, "no-id"));

        assertEquals(Kind.UNAVAILABLE, error.kind());
        fake.answerNext("DescribeScalingGroups", "{\"RequestId\":\"X\",\"ScalingGroups\":{\"ScalingGroup\":[{}]}}");
        assertEquals(Kind.UNAVAILABLE, assertThrows(ProviderException.class, () -> cloud.listScalingGroups()).kind());
    }

    @Test
    void test_connection_says_what_works_and_names_what_is_denied() {
        fake.deny("DescribeScalingGroups");
        try {
            List<ConnectionCheck> checks = cloud.testConnection();

            assertEquals(List.of("Credentials", "List images", "Describe instances", "List scaling groups"),
                    checks.stream().map(ConnectionCheck::name).toList());
            assertTrue(checks.get(0).ok() && checks.get(1).ok() && checks.get(2).ok());
            assertFalse(checks.get(3).ok());
            assertTrue(checks.get(3).message().contains("ess:DescribeScalingGroups"), checks.get(3).message());
        } finally {
            fake.allow("DescribeScalingGroups");
        }
    }

    @Test
    void test_connection_with_a_wrong_secret_stops_at_the_credentials() {
        CloudProvider wrong = module.connect(fake.credentials(fake.accessKeyId(), "bad-secret-value", null), REGION);

        List<ConnectionCheck> checks = wrong.testConnection();

        assertEquals(1, checks.size());
        assertFalse(checks.get(0).ok());
        assertTrue(checks.get(0).message().contains("refused the credentials"), checks.get(0).message());
    }

    @Test
    void a_ram_role_is_assumed_and_its_temporary_key_signs_the_calls() {
        String arn = fake.role("imagehub-operator");
        CloudProvider asRole = module.connect(fake.credentials(fake.accessKeyId(), fake.accessKeySecret(), arn), REGION);
        String imageId = fake.image(REGION, "role-visible");
        fake.clearCalls();

        assertTrue(asRole.describeImage(imageId).isPresent());

        List<AliyunFake.Call> calls = fake.calls();
        assertEquals("AssumeRole", calls.get(0).action());
        assertEquals(fake.accessKeyId(), calls.get(0).accessKeyId());
        assertEquals(arn, calls.get(0).params().get("RoleArn"));
        assertEquals("DescribeImages", calls.get(1).action());
        assertTrue(calls.get(1).accessKeyId().startsWith("STS."), calls.get(1).accessKeyId());

        CloudProvider missingRole = module.connect(fake.credentials(fake.accessKeyId(), fake.accessKeySecret(),
                "acs:ram::1:role/missing"), REGION);
        ProviderException error = assertThrows(ProviderException.class, () -> missingRole.describeImage(imageId));
        assertTrue(error.getMessage().contains("acs:ram::1:role/missing"), error.getMessage());
    }

    @Test
    void connecting_needs_a_key_a_known_region_and_a_usable_endpoint_but_calls_nothing() {
        fake.clearCalls();

        assertEquals(Kind.AUTH_FAILED, assertThrows(ProviderException.class,
                () -> module.connect(fake.credentials(fake.accessKeyId(), " ", null), REGION)).kind());
        assertEquals(Kind.INVALID, assertThrows(ProviderException.class,
                () -> module.connect(fake.credentials(), "mars-north-1")).kind());
        CloudCredentials badEndpoint = new CloudCredentials(9, Platform.ALIYUN, fake.accessKeyId(),
                fake.accessKeySecret(), null, "http://", Instant.now());
        assertEquals(Kind.INVALID, assertThrows(ProviderException.class,
                () -> module.connect(badEndpoint, REGION)).kind());
        CloudCredentials publicEndpoints = new CloudCredentials(10, Platform.ALIYUN, fake.accessKeyId(),
                fake.accessKeySecret(), fake.role("public"), null, Instant.now());
        assertEquals(REGION, module.connect(publicEndpoints, REGION).region());
        assertEquals("ap-southeast-3", module.connect(publicEndpoints, "ap-southeast-3").region());
        assertTrue(fake.calls().isEmpty());
    }

    @Test
    void a_role_session_about_to_expire_is_assumed_again() {
        String arn = fake.role("short-lived");
        fake.roleSessionSeconds(240);
        try {
            CloudProvider asRole = module.connect(fake.credentials(fake.accessKeyId(), fake.accessKeySecret(), arn),
                    REGION);
            String imageId = fake.image(REGION, "renewed");
            fake.clearCalls();

            assertTrue(asRole.describeImage(imageId).isPresent());
            assertTrue(asRole.describeImage(imageId).isPresent());

            assertEquals(List.of("AssumeRole", "DescribeImages", "AssumeRole", "DescribeImages"), fake.actions());
        } finally {
            fake.roleSessionSeconds(3600);
        }
    }

    @Test
    void an_unreachable_endpoint_is_unavailable() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CloudCredentials nowhere = new CloudCredentials(11, Platform.ALIYUN, fake.accessKeyId(),
                fake.accessKeySecret(), null, "http://127.0.0.1:" + closedPort, Instant.now());

        ProviderException error = assertThrows(ProviderException.class,
                () -> module.connect(nowhere, REGION).listOwnImages());

        assertEquals(Kind.UNAVAILABLE, error.kind());
        List<ConnectionCheck> checks = module.connect(nowhere, REGION).testConnection();
        assertEquals(1, checks.size());
        assertFalse(checks.get(0).ok());
        assertTrue(checks.get(0).message().contains("could not be reached"), checks.get(0).message());
    }

    @Test
    void no_error_message_holds_the_secret() {
        String secret = fake.accessKeySecret();
        fake.deny("DescribeImages");
        try {
            List<String> messages = new java.util.ArrayList<>();
            messages.add(assertThrows(ProviderException.class, () -> cloud.listOwnImages()).getMessage());
            cloud.testConnection().forEach(c -> messages.add(c.message()));
            CloudProvider wrong = module.connect(fake.credentials(fake.accessKeyId(), secret + "x", null), REGION);
            messages.add(assertThrows(ProviderException.class, () -> wrong.listOwnImages()).getMessage());
            messages.forEach(m -> assertFalse(m.contains(secret), m));
            assertTrue(messages.stream().anyMatch(m -> m.contains("ecs:DescribeImages")));
        } finally {
            fake.allow("DescribeImages");
        }
    }
}
