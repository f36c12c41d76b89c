package imagehub.provider.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import imagehub.support.Moto;
import imagehub.support.MotoFixtures;
import imagehub.support.MotoProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AWS provider on the real SDK against moto. Calls go through {@link MotoProxy}, which injects AWS errors and
 * stands in for what moto 5.2.1 lacks (instance refresh, image deprecation: its stubs); set-up goes to moto directly.
 */
class Ec2ProviderTest {
    static final String REGION = "eu-west-1";
    static final String OTHER_REGION = "eu-central-1";
    static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    static final Ec2Module.Timeouts SHORT = new Ec2Module.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(4));

    static MotoProxy proxy;
    static MotoFixtures aws;
    static MotoFixtures awsOther;
    static CloudProvider cloud;
    static CloudProvider otherCloud;

    @BeforeAll
    static void start() throws IOException {
        Moto.reset();
        proxy = MotoProxy.forSharedMoto();
        aws = MotoFixtures.shared(REGION);
        awsOther = MotoFixtures.shared(OTHER_REGION);
        Ec2Module module = new Ec2Module(Ec2Module.Timeouts.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));
        cloud = module.connect(throughProxy(), REGION);
        otherCloud = module.connect(throughProxy(), OTHER_REGION);
    }

    @AfterAll
    static void stop() {
        aws.close();
        awsOther.close();
        proxy.close();
    }

    static CloudCredentials throughProxy() {
        return new CloudCredentials(7, Platform.EC2, MotoFixtures.ACCESS_KEY_ID,
                MotoFixtures.SECRET, null, proxy.endpoint().toString(), NOW);
    }

    // ---- images

    @Test
    void an_image_is_described_with_what_the_cloud_knows() {
        String ami = aws.image("web-2026-12-01");

        CloudImage image = cloud.describeImage(ami).orElseThrow();

        assertEquals(ami, image.cloudImageId());
        assertEquals(REGION, image.region());
        assertEquals("web-2026-12-01", image.name());
        assertEquals(CloudImage.State.AVAILABLE, image.state());
        assertEquals("x86_64", image.architecture());
        assertNotNull(image.sizeGb(), "the root snapshot's size");
        assertTrue(image.sizeGb() > 0);
        assertNotNull(image.createdAt());
        assertEquals("123456789012", image.ownerId());
        assertEquals("made by MotoFixtures", image.description());
        assertNull(image.deprecatedAt());
    }

    @Test
    void a_missing_image_is_empty_and_not_an_error() {
        assertTrue(cloud.describeImage("ami-0123456789abcdef0").isEmpty());
        assertTrue(cloud.describeImage("ami-00000000").isEmpty());
    }

    @Test
    void own_images_are_listed_without_the_public_ones() {
        String first = aws.image("own-list-a");
        String second = aws.image("own-list-b");

        List<CloudImage> own = cloud.listOwnImages();

        Set<String> ids = own.stream().map(CloudImage::cloudImageId).collect(Collectors.toSet());
        assertTrue(ids.containsAll(List.of(first, second)), ids.toString());
        assertFalse(ids.contains(aws.publicAmi()), "public images are not the account's own");
        assertTrue(own.stream().allMatch(image -> "123456789012".equals(image.ownerId())));
    }

    @Test
    void an_image_is_copied_into_another_region_until_available() throws InterruptedException {
        String ami = aws.image("copy-source");

        CloudImage copy = otherCloud.copyImageFrom(REGION, ami, "copy-of-source");

        assertNotEquals(ami, copy.cloudImageId());
        assertEquals(OTHER_REGION, copy.region());
        CloudImage seen = copy;
        for (int i = 0; i < 50 && seen.state() != CloudImage.State.AVAILABLE; i++) {
            Thread.sleep(100);
            seen = otherCloud.describeImage(copy.cloudImageId()).orElseThrow();
        }
        assertEquals(CloudImage.State.AVAILABLE, seen.state());
        assertEquals("copy-of-source", seen.name());
        assertTrue(cloud.describeImage(copy.cloudImageId()).isEmpty(), "the copy lives in the other region only");
    }

    @Test
    void copying_a_missing_image_is_not_found() {
        ProviderException error = assertThrows(ProviderException.class,
                () -> otherCloud.copyImageFrom(REGION, "ami-0123456789abcdef0", "nothing"));
        assertEquals(Kind.NOT_FOUND, error.kind());
    }

    @Test
    void deleting_an_image_deregisters_it_and_deletes_its_snapshots() {
        String ami = aws.image("to-delete");
        List<String> snapshots = aws.imageSnapshots(ami);
        assertFalse(snapshots.isEmpty());

        cloud.deleteImage(ami);

        assertTrue(cloud.describeImage(ami).isEmpty());
        assertTrue(snapshots.stream().noneMatch(aws::snapshotExists), "its snapshots are gone too");
    }

    @Test
    void deleting_a_missing_image_is_not_found() {
        ProviderException error = assertThrows(ProviderException.class,
                () -> cloud.deleteImage("ami-0123456789abcdef0"));
        assertEquals(Kind.NOT_FOUND, error.kind());
        assertTrue(error.getMessage().contains("ami-0123456789abcdef0"), error.getMessage());
    }

    @Test
    void an_image_is_created_from_an_instance() {
        String instance = aws.instance(aws.publicAmi());

        CloudImage image = cloud.createImageFromInstance(instance, "snapshot-of-web");

        assertTrue(image.cloudImageId().startsWith("ami-"));
        assertEquals("snapshot-of-web", image.name());
        assertTrue(cloud.describeImage(image.cloudImageId()).isPresent());
    }

    @Test
    void creating_an_image_from_a_missing_instance_is_not_found() {
        ProviderException error = assertThrows(ProviderException.class,
                () -> cloud.createImageFromInstance("i-0123456789abcdef0", "nothing"));
        assertEquals(Kind.NOT_FOUND, error.kind());
    }

    // ---- deprecation (moto lacks it: MotoProxy's stub records it and shows it in DescribeImages)

    @Test
    void deprecation_is_mirrored_and_withdrawn_through_the_proxy_stub() {
        String ami = aws.image("to-deprecate");
        Instant at = NOW.plus(Duration.ofDays(30));

        cloud.setImageDeprecation(ami, at);
        assertEquals(at, cloud.describeImage(ami).orElseThrow().deprecatedAt());

        cloud.setImageDeprecation(ami, null);
        assertNull(cloud.describeImage(ami).orElseThrow().deprecatedAt());
    }

    @Test
    void deprecation_in_the_past_becomes_the_next_minute_which_aws_accepts() {
        String ami = aws.image("deprecate-now");

        cloud.setImageDeprecation(ami, NOW.minus(Duration.ofHours(1)));

        assertEquals(NOW.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)), proxy.deprecation(ami));
    }

    @Test
    void deprecation_on_an_endpoint_without_it_is_unsupported() throws IOException {
        try (MotoProxy bare = MotoProxy.forSharedMoto()) {
            bare.unsupported("EnableImageDeprecation");
            CloudProvider provider = connect(bare);
            String ami = aws.image("deprecate-unsupported");

            ProviderException error = assertThrows(ProviderException.class,
                    () -> provider.setImageDeprecation(ami, NOW.plus(Duration.ofDays(1))));

            assertEquals(Kind.UNSUPPORTED, error.kind());
            assertEquals("EnableImageDeprecation is not supported by this endpoint", error.getMessage());
        }
    }

    // ---- scaling groups

    @Test
    void scaling_groups_are_listed_with_the_image_they_launch() {
        String templateAmi = aws.image("list-template");
        String legacyAmi = aws.image("list-legacy");
        aws.group("list-web", templateAmi, 2);
        aws.groupOnLaunchConfiguration("list-legacy", legacyAmi, 1);

        List<ScalingGroup> groups = cloud.listScalingGroups();

        ScalingGroup web = groups.stream().filter(group -> group.id().equals("list-web")).findFirst().orElseThrow();
        assertEquals(new ScalingGroup("list-web", "list-web", REGION, templateAmi, 0, 4, 2, 2), web);
        ScalingGroup legacy = groups.stream().filter(group -> group.id().equals("list-legacy")).findFirst()
                .orElseThrow();
        assertEquals(legacyAmi, legacy.cloudImageId());
        assertEquals(1, legacy.instanceCount());
        assertTrue(otherCloud.listScalingGroups().stream().noneMatch(group -> group.id().equals("list-web")),
                "groups belong to their region");
    }

    @Test
    void a_missing_scaling_group_is_empty_and_cannot_be_applied_to() {
        assertTrue(cloud.describeScalingGroup("no-such-group").isEmpty());
        String ami = aws.image("apply-nowhere");
        ProviderException error = assertThrows(ProviderException.class, () -> cloud.applyImage("no-such-group", ami));
        assertEquals(Kind.NOT_FOUND, error.kind());
    }

    @Test
    void applying_an_image_makes_a_new_default_launch_template_version_and_is_idempotent() {
        String old = aws.image("apply-old");
        String fresh = aws.image("apply-new");
        String group = aws.group("apply-web", old, 1);

        cloud.applyImage(group, fresh);

        assertEquals(fresh, aws.groupImage(group));
        assertEquals(List.of(1L, 2L), aws.templateVersions(group));
        assertEquals(fresh, cloud.describeScalingGroup(group).orElseThrow().cloudImageId());

        cloud.applyImage(group, fresh);
        assertEquals(List.of(1L, 2L), aws.templateVersions(group), "already on that image: no new version");
    }

    @Test
    void applying_an_image_moves_a_group_pinned_to_a_numbered_version() {
        String old = aws.image("pinned-old");
        String fresh = aws.image("pinned-new");
        String group = aws.group("pinned-web", old, 1, "1");

        cloud.applyImage(group, fresh);

        assertEquals("2", aws.describeGroup(group).launchTemplate().version());
        assertEquals(fresh, cloud.describeScalingGroup(group).orElseThrow().cloudImageId());
    }

    @Test
    void applying_an_image_to_a_legacy_group_replaces_its_launch_configuration() {
        String old = aws.image("legacy-old");
        String fresh = aws.image("legacy-new");
        String group = aws.groupOnLaunchConfiguration("legacy-web", old, 1);

        cloud.applyImage(group, fresh);
        assertEquals(fresh, aws.groupImage(group));
        assertEquals("legacy-web-imagehub-" + fresh, aws.describeGroup(group).launchConfigurationName());

        cloud.applyImage(group, old);
        assertEquals(old, aws.groupImage(group), "and back, replacing Imagehub's own copy");
        cloud.applyImage(group, old);
        assertEquals("legacy-web-imagehub-" + old, aws.describeGroup(group).launchConfigurationName());
    }

    @Test
    void applying_a_missing_image_is_not_found_and_leaves_the_group_alone() {
        String old = aws.image("missing-apply-old");
        String group = aws.group("missing-apply-web", old, 1);

        ProviderException error = assertThrows(ProviderException.class,
                () -> cloud.applyImage(group, "ami-0123456789abcdef0"));

        assertEquals(Kind.NOT_FOUND, error.kind());
        assertEquals(old, aws.groupImage(group));
        assertEquals(List.of(1L), aws.templateVersions(group));
    }

    @Test
    void group_instances_carry_the_image_each_was_launched_from() {
        String old = aws.image("instances-old");
        String fresh = aws.image("instances-new");
        String group = aws.group("instances-web", old, 2);

        List<CloudInstance> before = cloud.groupInstances(group);
        assertEquals(aws.groupInstanceIds(group), before.stream().map(CloudInstance::instanceId).sorted().toList());
        assertTrue(before.stream().allMatch(instance -> instance.cloudImageId().equals(old)));
        assertTrue(before.stream().allMatch(instance -> instance.state() == CloudInstance.State.RUNNING));

        cloud.applyImage(group, fresh);
        cloud.terminateInstance(before.get(0).instanceId());

        List<CloudInstance> after = cloud.groupInstances(group);
        assertEquals(2, after.size(), "the group replaced the terminated instance, keeping its capacity");
        assertFalse(after.stream().anyMatch(instance -> instance.instanceId().equals(before.get(0).instanceId())));
        assertEquals(Set.of(old, fresh), after.stream().map(CloudInstance::cloudImageId).collect(Collectors.toSet()),
                "the replacement boots the new image");
    }

    @Test
    void an_instance_outside_any_group_is_terminated() {
        String instance = aws.instance(aws.publicAmi());

        cloud.terminateInstance(instance);

        String state = aws.ec2().describeInstances(request -> request.instanceIds(instance)).reservations().get(0)
                .instances().get(0).state().nameAsString();
        assertTrue(Set.of("shutting-down", "terminated").contains(state), state);
    }

    @Test
    void launching_a_single_instance_is_unsupported_because_groups_scale_themselves() {
        ProviderException error = assertThrows(ProviderException.class, () -> cloud.launchInstance("any"));
        assertEquals(Kind.UNSUPPORTED, error.kind());
    }

    // ---- instance refresh (moto lacks it: MotoProxy's stub replaces a batch per describe)

    @Test
    void an_instance_refresh_moves_the_whole_group_onto_its_new_image() {
        String old = aws.image("refresh-old");
        String fresh = aws.image("refresh-new");
        String group = aws.group("refresh-web", old, 4);
        cloud.applyImage(group, fresh);

        RollingUpdate started = cloud.startRollingUpdate(group, 50);
        assertEquals(RollingUpdate.Status.PENDING, started.status());

        RollingUpdate seen = cloud.describeRollingUpdate(group, started.id());
        assertEquals(RollingUpdate.Status.IN_PROGRESS, seen.status());
        assertEquals(50, seen.percentComplete(), "half the group at a time keeps 50% healthy");
        seen = cloud.describeRollingUpdate(group, started.id());
        assertEquals(RollingUpdate.Status.SUCCESSFUL, seen.status());
        assertEquals(100, seen.percentComplete());
        assertTrue(cloud.groupInstances(group).stream().allMatch(instance -> instance.cloudImageId().equals(fresh)));
    }

    @Test
    void an_instance_refresh_can_be_cancelled_and_a_second_cannot_start_meanwhile() {
        String ami = aws.image("cancel-refresh");
        String group = aws.group("cancel-web", ami, 2);
        RollingUpdate started = cloud.startRollingUpdate(group, 100);

        ProviderException twice = assertThrows(ProviderException.class, () -> cloud.startRollingUpdate(group, 100));
        assertEquals(Kind.INVALID, twice.kind());

        cloud.cancelRollingUpdate(group, started.id());
        assertEquals(RollingUpdate.Status.CANCELLED, cloud.describeRollingUpdate(group, started.id()).status());
        cloud.cancelRollingUpdate(group, started.id()); // finished: nothing to do, no error
    }

    @Test
    void an_unknown_instance_refresh_is_not_found() {
        String group = aws.group("unknown-refresh-web", aws.image("unknown-refresh"), 1);
        ProviderException error = assertThrows(ProviderException.class,
                () -> cloud.describeRollingUpdate(group, "6f1a0c2e-0000-0000-0000-000000000000"));
        assertEquals(Kind.NOT_FOUND, error.kind());
    }

    @Test
    void instance_refresh_on_an_endpoint_without_it_is_unsupported() throws IOException {
        try (MotoProxy bare = MotoProxy.forSharedMoto()) {
            bare.unsupported("StartInstanceRefresh");
            String group = aws.group("unsupported-refresh-web", aws.image("unsupported-refresh"), 1);

            ProviderException error = assertThrows(ProviderException.class,
                    () -> connect(bare).startRollingUpdate(group, 90));

            assertEquals(Kind.UNSUPPORTED, error.kind());
            assertEquals("StartInstanceRefresh is not supported by this endpoint", error.getMessage());
        }
    }

    // ---- errors

    @Test
    void throttled_calls_are_retried_by_the_sdk_until_they_succeed() throws IOException {
        try (MotoProxy throttling = MotoProxy.forSharedMoto()) {
            String ami = aws.image("throttled");
            throttling.failNext("DescribeImages", 2, 400, "Throttling", "Rate exceeded");

            assertTrue(connect(throttling).describeImage(ami).isPresent());

            assertEquals(3, throttling.calls("DescribeImages"), "two throttled attempts, then the one that worked");
        }
    }

    @Test
    void throttling_past_the_retries_is_reported_as_throttled() throws IOException {
        try (MotoProxy throttling = MotoProxy.forSharedMoto()) {
            throttling.failNext("DescribeAutoScalingGroups", 100, 400, "Throttling", "Rate exceeded");

            ProviderException error = assertThrows(ProviderException.class,
                    () -> connect(throttling).listScalingGroups());

            assertEquals(Kind.THROTTLED, error.kind());
            assertEquals("CloudThrottled", error.code());
        }
    }

    @Test
    void access_denied_names_the_permission() throws IOException {
        try (MotoProxy denying = MotoProxy.forSharedMoto()) {
            denying.failNext("DescribeAutoScalingGroups", 1, 403, "AccessDenied", "User: arn:aws:iam::123456789012:"
                    + "user/ci is not authorized to perform: autoscaling:DescribeAutoScalingGroups because no "
                    + "identity-based policy allows the autoscaling:DescribeAutoScalingGroups action");
            // EC2 often names no action, only an encoded message: the call made tells which permission it was.
            denying.failNext("DescribeImages", 1, 403, "UnauthorizedOperation",
                    "You are not authorized to perform this operation. Encoded authorization failure message: x1y2");
            CloudProvider provider = connect(denying);

            ProviderException groups = assertThrows(ProviderException.class, provider::listScalingGroups);
            ProviderException images = assertThrows(ProviderException.class, provider::listOwnImages);

            assertEquals(Kind.ACCESS_DENIED, groups.kind());
            assertEquals("autoscaling:DescribeAutoScalingGroups is not allowed for these credentials",
                    groups.getMessage());
            assertEquals(Kind.ACCESS_DENIED, images.kind());
            assertEquals("ec2:DescribeImages is not allowed for these credentials", images.getMessage());
        }
    }

    @Test
    void a_failing_server_is_unavailable_after_the_retries() throws IOException {
        try (MotoProxy failing = MotoProxy.forSharedMoto()) {
            failing.failNext("DescribeImages", 100, 503, "Unavailable", "Service unavailable");

            ProviderException error = assertThrows(ProviderException.class,
                    () -> connect(failing).describeImage("ami-00000001"));

            assertEquals(Kind.UNAVAILABLE, error.kind());
            assertTrue(failing.calls("DescribeImages") > 1, "5xx is retried by the SDK");
        }
    }

    @Test
    void a_bad_request_is_invalid_with_what_aws_said() throws IOException {
        try (MotoProxy refusing = MotoProxy.forSharedMoto()) {
            refusing.failNext("CopyImage", 1, 400, "InvalidParameterValue", "Value (x y) for parameter name is invalid");

            ProviderException error = assertThrows(ProviderException.class,
                    () -> connect(refusing).copyImageFrom(REGION, "ami-00000001", "x y"));

            assertEquals(Kind.INVALID, error.kind());
            assertTrue(error.getMessage().contains("Value (x y) for parameter name is invalid"), error.getMessage());
        }
    }

    @Test
    void a_server_that_never_answers_is_unavailable_within_the_timeout() throws IOException {
        try (SilentServer silent = new SilentServer()) {
            CloudProvider provider = new Ec2Module(SHORT, Clock.systemUTC()).connect(
                    new CloudCredentials(8, Platform.EC2, MotoFixtures.ACCESS_KEY_ID,
                            MotoFixtures.SECRET, null, silent.endpoint(), NOW), REGION);
            long started = System.nanoTime();

            ProviderException error = assertThrows(ProviderException.class, provider::listOwnImages);

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(Kind.UNAVAILABLE, error.kind());
            assertTrue(error.getMessage().contains("in time"), error.getMessage());
            assertTrue(took.compareTo(SHORT.call().plusSeconds(2)) < 0, "bounded by the call timeout, took " + took);
        }
    }

    @Test
    void an_endpoint_that_refuses_connections_is_unavailable() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        CloudProvider provider = new Ec2Module(SHORT, Clock.systemUTC()).connect(
                new CloudCredentials(9, Platform.EC2, MotoFixtures.ACCESS_KEY_ID,
                        MotoFixtures.SECRET, null, "http://127.0.0.1:" + closedPort, NOW), REGION);

        ProviderException error = assertThrows(ProviderException.class, provider::listScalingGroups);

        assertEquals(Kind.UNAVAILABLE, error.kind());
        assertFalse(error.getMessage().contains(MotoFixtures.SECRET));
    }

    @Test
    void a_region_aws_does_not_have_or_a_bad_endpoint_is_refused_before_any_call() {
        Ec2Module module = new Ec2Module();
        assertEquals(Kind.INVALID, assertThrows(ProviderException.class,
                () -> module.connect(throughProxy(), "moon-central-1")).kind());
        CloudCredentials badEndpoint = new CloudCredentials(10,
                Platform.EC2, "AKIA", "secret", null, "ftp://example", NOW);
        assertEquals(Kind.INVALID, assertThrows(ProviderException.class,
                () -> module.connect(badEndpoint, REGION)).kind());
    }

    // ---- connection test

    @Test
    void the_connection_test_says_each_call_works_and_who_we_are() {
        List<ConnectionCheck> checks = cloud.testConnection();

        assertEquals(List.of("Credentials", "List images", "List instances", "List scaling groups",
                "List launch templates"), checks.stream().map(ConnectionCheck::name).toList());
        assertTrue(checks.stream().allMatch(ConnectionCheck::ok), checks.toString());
        assertTrue(checks.get(0).message().startsWith("Credentials accepted as arn:aws:"), checks.get(0).message());
    }

    @Test
    void the_connection_test_names_what_is_denied() throws IOException {
        try (MotoProxy denying = MotoProxy.forSharedMoto()) {
            denying.failNext("DescribeLaunchTemplates", 1, 403, "UnauthorizedOperation",
                    "You are not authorized to perform this operation.");

            List<ConnectionCheck> checks = connect(denying).testConnection();

            ConnectionCheck templates = checks.get(4);
            assertFalse(templates.ok());
            assertEquals("ec2:DescribeLaunchTemplates is not allowed for these credentials", templates.message());
            assertTrue(checks.subList(0, 4).stream().allMatch(ConnectionCheck::ok), checks.toString());
        }
    }

    static CloudProvider connect(MotoProxy through) {
        return new Ec2Module(Ec2Module.Timeouts.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC)).connect(
                new CloudCredentials(11, Platform.EC2, MotoFixtures.ACCESS_KEY_ID,
                        MotoFixtures.SECRET, null, through.endpoint().toString(), NOW), REGION);
    }

    /** Accepts connections and never answers: a hung endpoint. */
    static final class SilentServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        SilentServer() throws IOException {
            Thread acceptor = new Thread(() -> {
                try {
                    while (!socket.isClosed()) {
                        held.add(socket.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String endpoint() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket connection : held) {
                connection.close();
            }
        }
    }
}
