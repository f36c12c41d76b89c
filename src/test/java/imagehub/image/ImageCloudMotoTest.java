package imagehub.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.catalog.Architecture;
import imagehub.core.ScopeRef;
import imagehub.core.ValidationException;
import imagehub.credentials.CredentialService.CredentialInput;
import imagehub.image.ImageService.ImportChoice;
import imagehub.image.ImageService.NewImage;
import imagehub.support.ApiClient;
import imagehub.support.MotoFixtures;
import imagehub.support.MotoProxy;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Images on AWS: the real SDK against moto (through {@link MotoProxy}, which injects AWS errors and stubs the image
 * deprecation calls moto lacks), with credentials stored in acme-dev like an admin would. acme-prod's credentials
 * point at a second proxy where EnableImageDeprecation does not exist, as on an endpoint without it.
 */
class ImageCloudMotoTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    private static final String REGION = "eu-west-1";
    private static final String OTHER_REGION = "eu-central-1";

    private static MotoProxy proxy;
    private static MotoProxy bare;
    private static MotoFixtures aws;
    private static MotoFixtures awsOther;
    private static ImageService images;
    private static ImageCloud cloud;
    private static Viewer alice;
    private static ScopeRef acmeDev;
    private static ScopeRef acmeProd;
    private static ScopeRef globexProd;
    private static ApiClient aliceApi;

    @BeforeAll
    static void wire() throws IOException {
        proxy = MotoProxy.forSharedMoto();
        bare = MotoProxy.forSharedMoto();
        bare.unsupported("EnableImageDeprecation");
        bare.unsupported("DisableImageDeprecation");
        aws = MotoFixtures.shared(REGION);
        awsOther = MotoFixtures.shared(OTHER_REGION);
        images = app.context().images;
        cloud = app.context().imageCloud;
        People people = new People(app.context());
        alice = people.viewer("alice@example.com");
        acmeDev = people.env("acme", "acme-dev");
        acmeProd = people.env("acme", "acme-prod");
        globexProd = people.env("globex", "globex-prod");
        app.context().credentials.create(alice, acmeDev, new CredentialInput("moto", "ec2", MotoFixtures.ACCESS_KEY_ID,
                MotoFixtures.SECRET, null, proxy.endpoint().toString(), List.of(REGION)));
        app.context().credentials.create(alice, acmeProd, new CredentialInput("moto-bare", "ec2",
                MotoFixtures.ACCESS_KEY_ID, MotoFixtures.SECRET, null, bare.endpoint().toString(), List.of(REGION)));
        long aliceId = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail("alice@example.com"))
                .orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), aliceId, "tests");
        aliceApi = new ApiClient(app, key.key().keyId(), key.secret());
    }

    @AfterAll
    static void close() {
        proxy.close();
        bare.close();
    }

    private static NewImage ami(String cloudImageId, String name) {
        return new NewImage("ec2", REGION, cloudImageId, name, "", "ubuntu-22-04", "x86_64", true, null);
    }

    private static long rows(String table) {
        return app.context().jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    private static boolean amiExists(MotoFixtures fixtures, String imageId) {
        return !fixtures.ec2().describeImages(r -> r.owners("self")).images().stream()
                .filter(i -> i.imageId().equals(imageId)).toList().isEmpty();
    }

    private static void eventually(BooleanSupplier done, Runnable step, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            step.run();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void registering_an_ami_looks_it_up_and_fills_in_what_aws_knows() {
        String imageId = aws.image("Nginx 1.25 web");

        Image image = images.register(alice, acmeDev, new NewImage("ec2", REGION, imageId, "", "", "ubuntu-22-04", "",
                true, null));

        assertEquals("nginx-1-25-web", image.name());
        assertEquals(Architecture.X86_64, image.architecture());
        assertNotNull(image.sizeGb(), "the root volume size");
        assertNotNull(image.cloud().createdAt());
        assertNotNull(image.cloud().ownerId());
        assertEquals(CloudState.AVAILABLE, image.cloud().state());
    }

    @Test
    void an_ami_aws_does_not_hold_no_credentials_or_refused_credentials_are_field_errors_and_nothing_is_written() {
        long imagesBefore = rows("images");
        long auditBefore = rows("audit_log");

        ValidationException notFound = assertThrows(ValidationException.class,
                () -> images.register(alice, acmeDev, ami("ami-0123456789abcdef0", "not-there")));
        assertEquals(Set.of("cloudImageId"), notFound.errors().keySet());

        String imageId = aws.image("credential checks");
        ValidationException none = assertThrows(ValidationException.class,
                () -> images.register(new People(app.context()).viewer(TestApp.ADMIN), globexProd,
                        ami(imageId, "no-credentials")));
        assertEquals(Set.of("cloudCredentials"), none.errors().keySet());
        assertTrue(none.getMessage().contains("No cloud credentials for Amazon EC2"), none.getMessage());

        proxy.failNext("DescribeImages", 1, 401, "AuthFailure", "AWS was not able to validate the provided access credentials");
        ValidationException refused = assertThrows(ValidationException.class,
                () -> images.register(alice, acmeDev, ami(imageId, "bad-credentials")));
        assertEquals(Set.of("cloudCredentials"), refused.errors().keySet());
        assertTrue(refused.getMessage().contains("refused the credentials"), refused.getMessage());

        proxy.failNext("DescribeImages", 1, 403, "UnauthorizedOperation", "You are not authorized to perform this operation.");
        ApiClient.Answer denied = aliceApi.post(acmeDev.apiPath() + "/images/", """
                {"name":"denied","cloudPlatform":"ec2","cloudLocation":"eu-west-1","cloudImageId":"%s",
                 "architecture":"x86_64","os":{"id":"ubuntu-22-04"}}""".formatted(imageId));
        assertEquals(400, denied.status(), String.valueOf(denied.body()));
        assertEquals("InvalidValue", denied.errorCode());
        assertTrue(denied.body().path("errors").path(0).path("message").asText().startsWith("cloudCredentials: "),
                denied.body().toString());
        assertEquals(imagesBefore, rows("images"));
        assertEquals(auditBefore, rows("audit_log"));
    }

    @Test
    void two_amis_are_imported_from_the_cloud_at_once() {
        String api = aws.image("API server ubuntu 22.04");
        String worker = aws.image("Worker debian 12");

        ImageService.ImportList list = images.importable(alice, acmeDev, "ec2", REGION, null);
        List<String> listed = list.images().stream().map(i -> i.image().cloudImageId()).toList();
        assertTrue(listed.containsAll(List.of(api, worker)), listed.toString());

        List<Image> imported = images.importImages(alice, acmeDev, "ec2", REGION, null,
                List.of(new ImportChoice(api, "", ""), new ImportChoice(worker, "", "")));

        assertEquals(List.of("api-server-ubuntu-22-04", "worker-debian-12"), imported.stream().map(Image::name).toList());
        assertEquals(List.of("ubuntu-22-04", "debian-12"), imported.stream().map(Image::osId).toList());
        assertTrue(images.importable(alice, acmeDev, "ec2", REGION, null).images().stream()
                .noneMatch(i -> Set.of(api, worker).contains(i.image().cloudImageId())));
    }

    @Test
    void an_ami_is_copied_to_another_region_and_registered_until_available() {
        Image source = images.register(alice, acmeDev, ami(aws.image("copy me"), "copy-me"));

        Image copy = images.copy(alice, acmeDev, source.id(), OTHER_REGION);

        assertEquals(OTHER_REGION, copy.cloudLocation());
        assertTrue(copy.cloudImageId().startsWith("ami-"));
        assertTrue(amiExists(awsOther, copy.cloudImageId()), "the copy exists in " + OTHER_REGION);
        eventually(() -> images.get(alice, acmeDev, copy.id()).cloud().state() == CloudState.AVAILABLE,
                cloud::reconcile, "the copy is available");
    }

    @Test
    void delete_with_deregister_removes_the_ami_and_its_snapshots() {
        String imageId = aws.image("short lived");
        List<String> snapshots = aws.imageSnapshots(imageId);
        assertFalse(snapshots.isEmpty());
        Image image = images.register(alice, acmeDev, ami(imageId, "short-lived"));

        ApiClient.Answer deleted = aliceApi.delete(acmeDev.apiPath() + "/images/" + image.id() + "/?deregister=true");

        assertEquals(204, deleted.status(), String.valueOf(deleted.body()));
        assertFalse(amiExists(aws, imageId), "the AMI is deregistered");
        snapshots.forEach(snapshot -> assertFalse(aws.snapshotExists(snapshot), snapshot + " is deleted"));
    }

    @Test
    void deprecation_is_mirrored_to_aws_or_recorded_as_not_supported() {
        String imageId = aws.image("deprecate me");
        Image image = images.register(alice, acmeDev, ami(imageId, "deprecate-me"));

        images.patch(alice, acmeDev, image.id(), null, true, "superseded");

        Image deprecated = images.get(alice, acmeDev, image.id());
        assertNotNull(proxy.deprecation(imageId), "EnableImageDeprecation reached AWS");
        assertTrue(deprecated.cloud().deprecationNote().startsWith("Mirrored to the cloud"),
                deprecated.cloud().deprecationNote());
        app.context().imageDeprecations.undeprecate(alice, acmeDev, image.id());
        assertNull(proxy.deprecation(imageId), "DisableImageDeprecation reached AWS");

        String prodImageId = aws.image("deprecate on a bare endpoint");
        Image prod = images.register(alice, acmeProd, ami(prodImageId, "bare-endpoint"));
        app.context().imageDeprecations.deprecate(alice, acmeProd, prod.id(),
                new ImageDeprecations.Deprecation("old", null, null));
        Image notMirrored = images.get(alice, acmeProd, prod.id());
        assertEquals("Not mirrored: the endpoint does not support it", notMirrored.cloud().deprecationNote());
        assertTrue(notMirrored.deprecated(), "the catalog keeps the deprecation");
        assertEquals("Not mirrored: the endpoint does not support it", aliceApi.get(acmeProd.apiPath() + "/images/"
                + prod.id() + "/").data().path("cloudDeprecation").asText());
    }

    @Test
    void an_ami_deregistered_outside_imagehub_is_flagged_missing_in_cloud() {
        String imageId = aws.image("vanishes");
        Image image = images.register(alice, acmeDev, ami(imageId, "vanishes"));
        aws.ec2().deregisterImage(r -> r.imageId(imageId));

        eventually(() -> images.get(alice, acmeDev, image.id()).cloud().missing(), cloud::checkMissing,
                "the image is flagged missing in cloud");
        assertTrue(aliceApi.get(acmeDev.apiPath() + "/images/" + image.id() + "/").data().path("missingInCloud")
                .asBoolean());
    }
}
