package imagehub.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.AccessCache;
import imagehub.access.Grant;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.db.TableWrites;
import imagehub.support.ApiClient;
import imagehub.support.ApiSigner;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the API's hot path keeps between requests (issue #14) is never stale on the node that made a change: keys,
 * grants and scopes ({@link AccessCache}) and the image list's totals ({@link TableWrites}).
 */
class HotPathCachesTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    @Test
    void an_answer_read_while_a_change_commits_is_not_kept_and_others_are() {
        AccessCache cache = new AccessCache();
        AtomicInteger value = new AtomicInteger(1);
        AtomicInteger loads = new AtomicInteger();
        AccessCache.Memo<String, Integer> memo = cache.memo(key -> {
            loads.incrementAndGet();
            int read = value.get();
            if (read == 1) { // a change commits while this answer is on its way
                value.set(2);
                cache.changed();
            }
            return read;
        });
        assertEquals(1, memo.get("k"));
        assertEquals(2, memo.get("k"), "the answer read before the change was not kept");
        assertEquals(2, memo.get("k"));
        assertEquals(2, loads.get(), "an answer read after the change is kept");
    }

    @Test
    void writes_to_images_move_its_version_on_at_the_statement_and_again_when_their_transaction_ends() {
        TableWrites writes = app.context().database.writes();
        var jdbi = app.context().jdbi;
        long start = writes.version("images");
        jdbi.useHandle(h -> h.createQuery("SELECT COUNT(*) FROM images").mapTo(Long.class).one());
        jdbi.useHandle(h -> h.execute("UPDATE environments SET name = name WHERE id = -1"));
        assertEquals(start, writes.version("images"), "reads and other tables leave it");
        long[] atStatement = new long[1];
        jdbi.useTransaction(h -> {
            h.execute("UPDATE images SET description = description WHERE id = 'none'");
            atStatement[0] = writes.version("images");
        });
        assertTrue(atStatement[0] > start, "moved on at the statement");
        assertTrue(writes.version("images") > atStatement[0], "and again when the transaction ended");
    }

    @Test
    void the_list_total_counts_an_image_written_a_moment_ago_and_a_removed_grant_or_key_acts_at_once() {
        People people = new People(app.context());
        ScopeRef dev = people.env("acme", "acme-dev");
        long alice = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail("alice@example.com")).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), alice, "caches");
        ApiClient api = new ApiClient(app, key.key().keyId(), key.secret());
        String images = "/api/v1beta0/user/" + dev.id() + "/images/";

        long before = total(api, images);
        assertEquals(before, total(api, images), "asked again, the same");
        app.context().jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO images (id, scope_level, scope_id, account_id, platform, cloud_location, cloud_image_id,
                  name, os_id, architecture, agent_installed, source, created_by, created_at)
                VALUES (:id, 'ENVIRONMENT', :env, (SELECT account_id FROM environments WHERE id = :env), 'sandbox',
                  'sandbox-east-1', 'sbx-0cache0000001', 'cache-counted', 'ubuntu-22-04', 'x86_64', TRUE, 'registered',
                  'tests', NOW(6))""").bind("id", UUID.randomUUID().toString()).bind("env", dev.id()).execute());
        assertEquals(before + 1, total(api, images), "the total counts the image written a moment ago");

        for (Grant grant : app.context().jdbi.withExtension(UserDao.class, d -> d.grants(alice))) {
            app.context().users.removeGrant(Viewer.system(), grant.id());
        }
        assertEquals(404, api.get(images).status(), "the removed grants stop the next request");

        app.context().apiKeys.revoke(Viewer.system(), key.key().keyId());
        ApiClient.Answer revoked = api.get("/api/v1beta0/user/" + dev.id() + "/images/");
        assertEquals(401, revoked.status(), "the revoked key signs nothing from the next request on");
    }

    @Test
    void a_large_answer_is_gzipped_for_a_client_that_accepts_it() throws Exception {
        ScopeRef dev = new People(app.context()).env("acme", "acme-dev");
        long admin = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(TestApp.ADMIN)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), admin, "gzip");
        URI url = URI.create(app.baseUrl() + "/api/v1beta0/user/" + dev.id() + "/images/?maxResults=100");
        HttpRequest signed = new ApiSigner(key.key().keyId(), key.secret()).request("GET", url, "", Instant.now());
        HttpResponse<byte[]> plain = HttpClient.newHttpClient().send(signed, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> gzipped = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(signed, (name, value) -> true).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, gzipped.statusCode());
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(""));
        assertTrue(gzipped.body().length * 3 < plain.body().length, gzipped.body().length + " of " + plain.body().length);
        try (var unzipped = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertEquals(new String(plain.body(), UTF_8).replaceAll("\"requestId\":\"[^\"]*\"", ""),
                    new String(unzipped.readAllBytes(), UTF_8).replaceAll("\"requestId\":\"[^\"]*\"", ""));
        }
    }

    /** The list's total, from its last page's number at one image a page. */
    private static long total(ApiClient api, String images) {
        ApiClient.Answer page = api.get(images + "?maxResults=1");
        assertEquals(200, page.status(), String.valueOf(page.body()));
        String last = page.body().path("pagination").path("last").asText();
        return Long.parseLong(last.replaceAll(".*pageNum=(\\d+).*", "$1"));
    }
}
