package imagehub.bench;

import imagehub.access.Viewer;
import imagehub.support.ApiClient;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Seeds 100k images (Global, both accounts, every environment) and measures the image list page and the
 * filtered list API, as p50/p95 of wall time per request over loopback (an upper bound of server time).
 * Run with {@code bench/run.sh ImageListBench}; not part of the test suite.
 */
public final class ImageListBench {
    private static final int IMAGES = Integer.getInteger("bench.images", 100_000);
    private static final int SAMPLES = Integer.getInteger("bench.samples", 200);

    public static void main(String[] args) throws Exception {
        TestApp app = new TestApp().withDemo();
        app.beforeAll(null);
        int status = 0;
        try {
            long acme = app.context().scopes().findAccountByName("acme").orElseThrow().id();
            long dev = app.context().scopes().findEnvironmentByName(acme, "acme-dev").orElseThrow().id();
            long started = System.nanoTime();
            seed(app);
            System.out.printf("seeded %,d images in %.1f s%n", IMAGES, (System.nanoTime() - started) / 1e9);

            WebClient alice = WebClient.signedIn(app, "alice@example.com");
            long aliceId = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail("alice@example.com")).orElseThrow().id();
            ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), aliceId, "bench");
            ApiClient api = new ApiClient(app, key.key().keyId(), key.secret());

            report("page  /envs/{dev}/images (first page)", () -> alice.get("/envs/" + dev + "/images").statusCode());
            report("page  /envs/{dev}/images?page=50&sort=created", () ->
                    alice.get("/envs/" + dev + "/images?page=50&sort=created").statusCode());
            report("page  /envs/{dev}/images?q=nginx&platform=sandbox", () ->
                    alice.get("/envs/" + dev + "/images?q=nginx-1&platform=sandbox").statusCode());
            report("api   GET user/{dev}/images/?cloudPlatform=sandbox&os=ubuntu-22-04&maxResults=100", () ->
                    api.get("/api/v1beta0/user/" + dev + "/images/?cloudPlatform=sandbox&os=ubuntu-22-04&maxResults=100").status());
            report("api   GET user/{dev}/images/?name=app-6&deprecated=false", () ->
                    api.get("/api/v1beta0/user/" + dev + "/images/?name=app-6&deprecated=false").status());
        } catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        } finally {
            app.afterAll(null);
            System.exit(status);
        }
    }


    private static void report(String label, Supplier<Integer> request) {
        Timing.report(label, 20, SAMPLES, request);
    }

    /** Images spread over every scope the demo has, with realistic name/OS/platform mixes. */
    private static void seed(TestApp app) {
        List<long[]> scopes = app.context().jdbi.withHandle(h -> {
            List<long[]> all = new ArrayList<>();
            all.add(new long[] {0, 0, 0});
            h.createQuery("SELECT id FROM accounts").mapTo(Long.class).forEach(a -> all.add(new long[] {1, a, a}));
            h.createQuery("SELECT id, account_id FROM environments").map((rs, c) -> new long[] {2, rs.getLong(1), rs.getLong(2)})
                    .forEach(all::add);
            return all;
        });
        String[] levels = {"GLOBAL", "ACCOUNT", "ENVIRONMENT"};
        String[] os = {"ubuntu-22-04", "ubuntu-24-04", "debian-12", "rocky-9", "windows-2022"};
        String[] names = {"nginx-1-", "app-", "base-", "db-", "cache-"};
        Instant now = Instant.now();
        app.context().jdbi.useHandle(h -> {
            for (int chunk = 0; chunk < IMAGES; chunk += 5000) {
                PreparedBatch batch = h.prepareBatch("""
                        INSERT INTO images (id, scope_level, scope_id, account_id, platform, cloud_location, cloud_image_id,
                          name, description, os_id, architecture, agent_installed, size_gb, source, created_by, created_at,
                          deprecated)
                        VALUES (:id, :level, :scopeId, :accountId, :platform, :location, :cloudId, :name, '', :os,
                          'x86_64', TRUE, 8, 'registered', 'bench', :created, :deprecated)""");
                for (int i = chunk; i < Math.min(IMAGES, chunk + 5000); i++) {
                    long[] scope = scopes.get(i % scopes.size());
                    boolean sandbox = i % 3 != 0;
                    batch.bind("id", UUID.randomUUID().toString())
                            .bind("level", levels[(int) scope[0]])
                            .bind("scopeId", scope[1])
                            .bind("accountId", scope[0] == 0 ? null : scope[2])
                            .bind("platform", sandbox ? "sandbox" : "ec2")
                            .bind("location", sandbox ? (i % 2 == 0 ? "sandbox-east-1" : "sandbox-west-1") : "us-east-1")
                            .bind("cloudId", sandbox ? String.format("sbx-%012x", i + 4096) : String.format("ami-%017x", i + 4096))
                            .bind("name", names[i % names.length] + i)
                            .bind("os", os[i % os.length])
                            .bind("created", now.minusSeconds(i))
                            .bind("deprecated", i % 7 == 0)
                            .add();
                }
                batch.execute();
            }
            h.execute("ANALYZE TABLE images");
        });
    }
}
