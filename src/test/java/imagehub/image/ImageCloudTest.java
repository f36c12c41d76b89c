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
import imagehub.image.ImageService.ImportChoice;
import imagehub.image.ImageService.NewImage;
import imagehub.support.ApiClient;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Images on a cloud, through the sandbox cloud (which implements every image call of the port): the register-time
 * lookup, import, copy until available, delete with deregistration, the deprecation mirror and missing in cloud.
 * The scheduler is off: the tests run the reconciler and the missing-in-cloud check themselves.
 */
class ImageCloudTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler()
            .with("IMAGEHUB_SANDBOX_IMAGE_DELAY_MS", "300");

    private static final String EAST = "sandbox-east-1";
    private static final String WEST = "sandbox-west-1";
    private static final AtomicInteger ids = new AtomicInteger(0x5100);

    private static ImageService images;
    private static ImageCloud cloud;
    private static Viewer admin;
    private static Viewer alice;
    private static Viewer carol;
    private static ScopeRef acmeDev;
    private static ScopeRef globexProd;
    private static ApiClient aliceApi;
    private static ApiClient carolApi;

    @BeforeAll
    static void wire() {
        images = app.context().images;
        cloud = app.context().imageCloud;
        People people = new People(app.context());
        admin = people.viewer(TestApp.ADMIN);
        alice = people.viewer("alice@example.com");
        carol = people.viewer("carol@example.com");
        acmeDev = people.env("acme", "acme-dev");
        globexProd = people.env("globex", "globex-prod");
        aliceApi = client("alice@example.com");
        carolApi = client("carol@example.com");
    }

    private static ApiClient client(String email) {
        long id = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "tests");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    /** An image the account owns in the sandbox cloud, available since an hour ago. */
    private static String cloudImage(String location, String name) {
        String id = String.format("sbx-%08x", ids.incrementAndGet());
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        app.context().jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO sandbox_images (cloud_location, cloud_image_id, name, os_id, state, created_at, available_at)
                        VALUES (:location, :id, :name, 'ubuntu-22-04', 'CREATING', :at, :at)""")
                .bind("location", location).bind("id", id).bind("name", name).bind("at", hourAgo).execute());
        return id;
    }

    private static Image registered(ScopeRef scope, String location, String name) {
        return images.register(alice, scope, new NewImage("sandbox", location, cloudImage(location, name), name, "",
                "ubuntu-22-04", "x86_64", true, null));
    }

    private static long rows(String table) {
        return app.context().jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    private static long audited(String action, String objectId) {
        return app.context().jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM audit_log WHERE action = :action AND object_id = :id")
                .bind("action", action).bind("id", objectId).mapTo(Long.class).one());
    }

    private static void eventually(BooleanSupplier done, Runnable step, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            step.run();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void registering_with_blank_fields_fills_them_in_from_the_cloud() {
        String id = cloudImage(EAST, "Ubuntu 22.04 Web Build");

        Image image = images.register(alice, acmeDev, new NewImage("sandbox", EAST, id, "", "", "", "", true, null));

        assertEquals("ubuntu-22-04-web-build", image.name());
        assertEquals("ubuntu-22-04", image.osId());
        assertEquals(Architecture.X86_64, image.architecture());
        assertEquals(8, image.sizeGb());
        assertNotNull(image.cloud().createdAt(), "the cloud's creation date is stored");
        assertEquals("self", image.cloud().ownerId());
        assertEquals(acmeDev, image.cloud().scope());
        assertEquals(CloudState.AVAILABLE, image.cloud().state());
    }

    @Test
    void an_image_the_cloud_does_not_hold_is_a_field_error_and_nothing_is_written() {
        long imagesBefore = rows("images");
        long auditBefore = rows("audit_log");

        ValidationException missing = assertThrows(ValidationException.class, () -> images.register(alice, acmeDev,
                new NewImage("sandbox", EAST, "sbx-0fffffff", "ghost", "", "debian-12", "x86_64", true, 8)));
        assertEquals(Set.of("cloudImageId"), missing.errors().keySet());
        assertTrue(missing.getMessage().contains("holds no image sbx-0fffffff in sandbox-east-1"), missing.getMessage());

        String unnamed = cloudImage(EAST, "???");
        ValidationException noName = assertThrows(ValidationException.class, () -> images.register(alice, acmeDev,
                new NewImage("sandbox", EAST, unnamed, " ", "", "debian-12", "x86_64", true, 8)));
        assertEquals(Set.of("name"), noName.errors().keySet(), "a cloud name that makes no valid name asks for one");

        ApiClient.Answer api = aliceApi.post(acmeDev.apiPath() + "/images/", """
                {"name":"ghost","cloudPlatform":"sandbox","cloudLocation":"sandbox-east-1","cloudImageId":"sbx-0ffffffe",
                 "architecture":"x86_64","os":{"id":"debian-12"}}""");
        assertEquals(400, api.status(), String.valueOf(api.body()));
        assertEquals("InvalidValue", api.errorCode());
        assertTrue(api.body().path("errors").path(0).path("message").asText().startsWith("cloudImageId: "),
                api.body().toString());
        ApiClient.Answer badCredentials = aliceApi.post(acmeDev.apiPath() + "/images/", """
                {"name":"ghost","cloudPlatform":"sandbox","cloudLocation":"sandbox-east-1","cloudImageId":"sbx-0ffffffe",
                 "architecture":"x86_64","os":{"id":"debian-12"},"cloudCredentials":"mine"}""");
        assertEquals("InvalidStructure", badCredentials.errorCode());
        assertEquals(imagesBefore, rows("images"));
        assertEquals(auditBefore, rows("audit_log"));
    }

    @Test
    void a_copy_is_registered_pending_and_becomes_available_through_the_reconciler() {
        Image source = registered(acmeDev, EAST, "copy-source");

        Image copy = images.copy(alice, acmeDev, source.id(), WEST);

        assertEquals(CloudState.PENDING, copy.cloud().state());
        assertEquals(WEST, copy.cloudLocation());
        assertEquals(ImageSource.COPIED, copy.source());
        assertEquals(source.id(), copy.cloud().copiedFromImageId());
        assertEquals(acmeDev, copy.scope());
        assertTrue(app.context().sandbox.in(WEST).describeImage(copy.cloudImageId()).isPresent(), "made in the cloud");
        assertEquals(1, audited("image.copy", copy.id()));

        eventually(() -> images.get(alice, acmeDev, copy.id()).cloud().state() == CloudState.AVAILABLE,
                cloud::reconcile, "the copy is available");
        assertEquals(1, audited("image.cloud.available", copy.id()));
    }

    @Test
    void a_copy_into_its_own_region_an_unknown_one_or_of_a_pending_image_is_refused_on_cloud_location() {
        Image source = registered(acmeDev, EAST, "copy-refusals");
        Image pending = images.copy(alice, acmeDev, source.id(), WEST);
        long imagesBefore = rows("images");
        long cloudBefore = rows("sandbox_images");

        for (String[] refused : List.of(new String[] {source.id(), EAST}, new String[] {source.id(), "us-east-1"},
                new String[] {pending.id(), EAST})) {
            ValidationException invalid = assertThrows(ValidationException.class,
                    () -> images.copy(alice, acmeDev, refused[0], refused[1]));
            assertEquals(Set.of("cloudLocation"), invalid.errors().keySet(), String.join(" → ", refused));
        }
        assertEquals(imagesBefore, rows("images"));
        assertEquals(cloudBefore, rows("sandbox_images"), "no cloud call was made");

        ApiClient.Answer api = aliceApi.post(acmeDev.apiPath() + "/images/" + source.id() + "/actions/copy/",
                "{\"cloudLocation\":\"sandbox-east-1\"}");
        assertEquals(400, api.status());
        assertEquals("InvalidValue", api.errorCode());
        assertTrue(api.body().path("errors").path(0).path("message").asText().startsWith("cloudLocation: "));
        assertEquals("InvalidValue", aliceApi.post(acmeDev.apiPath() + "/images/" + source.id() + "/actions/copy/",
                "{}").errorCode());
        assertEquals("InvalidStructure", aliceApi.post(acmeDev.apiPath() + "/images/" + source.id() + "/actions/copy/",
                "{\"cloudLocation\":\"sandbox-west-1\",\"name\":\"x\"}").errorCode());
    }

    @Test
    void the_copy_api_answers_the_new_image_pending_and_hides_other_tenants_images() {
        Image source = registered(acmeDev, EAST, "api-copy-source");

        ApiClient.Answer copied = aliceApi.post(acmeDev.apiPath() + "/images/" + source.id() + "/actions/copy/",
                "{\"cloudLocation\":\"sandbox-west-1\"}");

        assertEquals(201, copied.status(), String.valueOf(copied.body()));
        assertEquals("pending", copied.data().path("status").asText());
        assertEquals("sandbox-west-1", copied.data().path("cloudLocation").asText());
        assertEquals(source.id(), copied.data().path("copiedFrom").path("id").asText());
        ApiClient.Answer hidden = carolApi.post(globexProd.apiPath() + "/images/" + source.id() + "/actions/copy/",
                "{\"cloudLocation\":\"sandbox-west-1\"}");
        assertEquals(404, hidden.status());
        assertEquals("ObjectNotFound", hidden.errorCode());

        String copyPath = acmeDev.apiPath() + "/images/" + copied.data().path("id").asText() + "/";
        eventually(() -> aliceApi.get(copyPath).data().path("status").asText().equals("active"), cloud::reconcile,
                "the API shows the copy active");
    }

    @Test
    void deleting_with_deregister_removes_the_cloud_image_after_the_catalog_row() {
        Image image = registered(acmeDev, EAST, "deregister-me");

        Optional<ImageCloud.Deregistration> outcome = images.delete(alice, acmeDev, image.id(), true);

        assertTrue(outcome.orElseThrow().done(), String.valueOf(outcome));
        assertTrue(app.context().sandbox.in(EAST).describeImage(image.cloudImageId()).isEmpty());
        assertEquals(1, audited("image.delete", image.id()));
        assertEquals(1, audited("image.deregister", image.id()));

        Image viaApi = registered(acmeDev, EAST, "deregister-via-api");
        String path = acmeDev.apiPath() + "/images/" + viaApi.id() + "/";
        assertEquals("InvalidValue", aliceApi.delete(path + "?deregister=maybe").errorCode());
        assertEquals(204, aliceApi.delete(path + "?deregister=true").status());
        assertEquals(404, aliceApi.get(path).status());
        assertTrue(app.context().sandbox.in(EAST).describeImage(viaApi.cloudImageId()).isEmpty());
    }

    @Test
    void a_deregistration_the_cloud_refuses_is_retried_then_marked_failed_and_audited() {
        // A public base image of the sandbox: the cloud refuses to delete it.
        Image base = images.register(admin, globexProd, new NewImage("sandbox", WEST, "sbx-00000005", "rocky-base",
                "", "rocky-9", "x86_64", true, null));

        ImageCloud.Deregistration first = images.delete(admin, globexProd, base.id(), true).orElseThrow();

        assertEquals("pending", first.state(), "a failed call stays pending for the reconciler");
        assertEquals(1, first.attempts());
        assertTrue(first.message().contains("cannot be deleted"), first.message());
        assertTrue(images.list(admin, globexProd, ImageFilter.of(null, null, null, null, null, "rocky-base", null,
                null), 1, 10).images().isEmpty(), "the catalog delete stays committed");
        assertEquals(List.of(first.id()), images.unfinishedDeregistrations(admin, globexProd).stream()
                .map(ImageCloud.Deregistration::id).toList());
        assertTrue(images.unfinishedDeregistrations(carol, globexProd).isEmpty(), "a reader does not see them");

        cloud.reconcile();
        assertEquals(1, cloud.deregistration(first.id()).orElseThrow().attempts(), "no retry before the backoff");
        ImageCloud.Deregistration last = first;
        for (int attempt = 2; attempt <= ImageCloud.MAX_ATTEMPTS; attempt++) {
            // backoff doubles: 20 s after the first failure, 40 s after the second, …
            long backoff = ImageCloud.RETRY_AFTER.toSeconds() << (attempt - 2);
            app.context().jdbi.useHandle(h -> h.execute("UPDATE image_deregistrations SET updated_at = ? WHERE id = ?",
                    Instant.now().minusSeconds(backoff - 5), first.id()));
            cloud.reconcile();
            assertEquals(attempt - 1, cloud.deregistration(first.id()).orElseThrow().attempts(), "waits its backoff");
            app.context().jdbi.useHandle(h -> h.execute("UPDATE image_deregistrations SET updated_at = ? WHERE id = ?",
                    Instant.now().minusSeconds(backoff + 5), first.id()));
            cloud.reconcile();
            last = cloud.deregistration(first.id()).orElseThrow();
            assertEquals(attempt, last.attempts(), "retried after its backoff");
        }
        assertTrue(last.failed(), last.state());
        assertEquals(ImageCloud.MAX_ATTEMPTS, last.attempts());
        assertEquals(1, audited("image.deregister.failed", base.id()));
        assertEquals("failed", cloud.deregister(first.id(), Viewer.system()).state(), "no call after the last attempt");
        cloud.reconcile();
        assertEquals(ImageCloud.MAX_ATTEMPTS, cloud.deregistration(first.id()).orElseThrow().attempts());

        WebClient web = WebClient.signedIn(app, TestApp.ADMIN);
        HttpResponse<String> list = web.get(globexProd.path() + "/images");
        assertTrue(list.body().contains("data-deregistration=\"" + first.id() + "\""), "the failure is visible");
        assertTrue(list.body().contains("cannot be deleted"));
    }

    @Test
    void a_deregistration_left_pending_by_a_crash_after_the_commit_is_finished_by_the_reconciler() {
        Image image = registered(acmeDev, EAST, "crash-before-the-call");
        // What delete-with-deregister commits, with the process gone before its cloud call.
        long intent = app.context().jdbi.inTransaction(h -> {
            h.attach(ImageDao.class).delete(image.id());
            return cloud.requestDeregistration(h, alice, image, acmeDev);
        });
        assertTrue(app.context().sandbox.in(EAST).describeImage(image.cloudImageId()).isPresent());

        cloud.reconcile();
        assertEquals("pending", cloud.deregistration(intent).orElseThrow().state(),
                "the reconciler leaves a fresh intent to the request that made it");
        app.context().jdbi.useHandle(h -> h.execute(
                "UPDATE image_deregistrations SET updated_at = ? WHERE id = ?", Instant.now().minusSeconds(60), intent));
        cloud.reconcile();

        assertTrue(cloud.deregistration(intent).orElseThrow().done());
        assertTrue(app.context().sandbox.in(EAST).describeImage(image.cloudImageId()).isEmpty());
        assertEquals(1, audited("image.deregister", image.id()));
    }

    @Test
    void the_missing_in_cloud_check_flags_an_image_the_cloud_no_longer_holds_and_clears_it_when_back() {
        Image image = registered(acmeDev, EAST, "vanishing");
        String cloudImageId = image.cloudImageId();
        app.context().jdbi.useHandle(h -> h.execute(
                "UPDATE sandbox_images SET cloud_location = 'elsewhere' WHERE cloud_image_id = ?", cloudImageId));

        eventually(() -> images.get(alice, acmeDev, image.id()).cloud().missing(), cloud::checkMissing,
                "the image is flagged");
        assertTrue(aliceApi.get(acmeDev.apiPath() + "/images/" + image.id() + "/").data().path("missingInCloud")
                .asBoolean());
        WebClient web = WebClient.signedIn(app, "alice@example.com");
        assertTrue(web.get(acmeDev.path() + "/images?q=vanishing").body().contains("missing in cloud"));
        assertTrue(web.get(ImageRoutes.detailPath(acmeDev, image.id())).body().contains("id=\"missing-in-cloud\""));

        app.context().jdbi.useHandle(h -> h.execute(
                "UPDATE sandbox_images SET cloud_location = ? WHERE cloud_image_id = ?", EAST, cloudImageId));
        eventually(() -> !images.get(alice, acmeDev, image.id()).cloud().missing(), cloud::checkMissing,
                "the flag is cleared");
        assertFalse(aliceApi.get(acmeDev.apiPath() + "/images/" + image.id() + "/").data().path("missingInCloud")
                .asBoolean());
    }

    @Test
    void a_sandbox_deprecation_is_not_mirrored_and_leaves_nothing_pending() {
        Image image = registered(acmeDev, EAST, "deprecate-sandbox");

        Image deprecated = app.context().imageDeprecations.deprecate(alice, acmeDev, image.id(),
                new ImageDeprecations.Deprecation("old", null, null));

        Image after = images.get(alice, acmeDev, deprecated.id());
        assertFalse(after.cloud().deprecationPending());
        assertNull(after.cloud().deprecationNote());
    }

    @Test
    void import_lists_the_accounts_unregistered_images_and_registers_the_ticked_ones_all_or_nothing() {
        String web = cloudImage(WEST, "Debian 12 web");
        String worker = cloudImage(WEST, "Rocky Linux 9 worker");
        Image already = registered(acmeDev, WEST, "already-registered");

        ImageService.ImportList list = images.importable(alice, acmeDev, "sandbox", WEST, null);
        List<String> listed = list.images().stream().map(i -> i.image().cloudImageId()).toList();
        assertTrue(listed.containsAll(List.of(web, worker)), listed.toString());
        assertFalse(listed.contains(already.cloudImageId()), "registered images are not offered");
        ImageService.Importable debian = list.images().stream().filter(i -> i.image().cloudImageId().equals(web))
                .findFirst().orElseThrow();
        assertEquals("debian-12-web", debian.suggestedName());
        assertEquals("debian-12", debian.guessedOsId());

        long imagesBefore = rows("images");
        ValidationException invalid = assertThrows(ValidationException.class, () -> images.importImages(alice, acmeDev,
                "sandbox", WEST, null, List.of(new ImportChoice(web, "", ""), new ImportChoice(worker, "Bad Name", ""),
                        new ImportChoice("sbx-0eeeeeee", "", "debian-12"))));
        assertEquals(Set.of("name:" + worker, "cloudImageId:sbx-0eeeeeee"), invalid.errors().keySet());
        assertEquals(imagesBefore, rows("images"), "all or nothing");

        List<Image> imported = images.importImages(alice, acmeDev, "sandbox", WEST, null,
                List.of(new ImportChoice(web, "", ""), new ImportChoice(worker, "worker-9", "rocky-9")));
        assertEquals(List.of("debian-12-web", "worker-9"), imported.stream().map(Image::name).toList());
        assertEquals(List.of("debian-12", "rocky-9"), imported.stream().map(Image::osId).toList());
        assertEquals(imagesBefore + 2, rows("images"));
        assertTrue(images.importable(alice, acmeDev, "sandbox", WEST, null).images().stream()
                .noneMatch(i -> Set.of(web, worker).contains(i.image().cloudImageId())));

        assertEquals(Set.of(""), assertThrows(ValidationException.class,
                () -> images.importable(admin, ScopeRef.GLOBAL, "sandbox", WEST, null)).errors().keySet());
        assertEquals(Set.of("cloudLocation"), assertThrows(ValidationException.class,
                () -> images.importable(alice, acmeDev, "sandbox", "us-east-1", null)).errors().keySet());
    }

    @Test
    void the_import_page_lists_and_imports_with_errors_per_row() {
        String cache = cloudImage(EAST, "Redis cache ubuntu 24.04");
        WebClient web = WebClient.signedIn(app, "alice@example.com");

        HttpResponse<String> page = web.get(acmeDev.path() + "/images/import?platform=sandbox&cloudLocation=" + EAST);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("data-cloud-image=\"" + cache + "\""), "the cloud image is offered");

        HttpResponse<String> refused = web.post(acmeDev.path() + "/images/import", Map.of("platform", "sandbox",
                "cloudLocation", EAST, "pick", cache, "name." + cache, "Not Valid", "osId." + cache, "ubuntu-24-04"));
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("data-field=\"name:" + cache + "\""), "the error is on the row");

        HttpResponse<String> imported = web.post(acmeDev.path() + "/images/import", Map.of("platform", "sandbox",
                "cloudLocation", EAST, "pick", cache, "name." + cache, "redis-cache", "osId." + cache, "ubuntu-24-04"));
        assertEquals(303, imported.statusCode(), imported.body());
        assertEquals(1, images.list(alice, acmeDev, ImageFilter.of(null, null, null, null, null, "redis-cache", null,
                null), 1, 10).total());

        WebClient reader = WebClient.signedIn(app, "carol@example.com");
        assertEquals(403, reader.get(globexProd.path() + "/images/import").statusCode(), "readers may not import");
    }
}
