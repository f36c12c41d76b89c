package imagehub.bench;

import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.support.ApiClient;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import imagehub.usage.ImageState;
import imagehub.usage.UsageFilter;
import imagehub.usage.UsageService;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Seeds 100k images, 2k roles, 10k farms (one farm role each) and 1M servers over the demo environments
 * (85 % on their role's current image, 10 % superseded, 5 % on a deprecated image; 5 % of all terminated),
 * then measures the usage explorer, the usage API and the dashboard through HTTP as p50/p95 of wall time
 * (an upper bound of server time), and a streamed CSV export of ~100k rows with the JVM heap around it.
 * Run with {@code bench/run.sh UsageBench}; not part of the test suite. {@code -Dbench.servers=…} (and the other
 * {@code bench.*} properties) scale it; {@code -Dbench.hold=true} keeps the seeded database up afterwards, and
 * {@code -Dbench.db=<its JDBC URL> -Dbench.dbPassword=…} measures that database again without seeding (to compare two
 * builds on the same data).
 */
public final class UsageBench {
    private static final int IMAGES = Integer.getInteger("bench.images", 100_000);
    private static final int ROLES = Integer.getInteger("bench.roles", 2_000);
    private static final int FARMS = Integer.getInteger("bench.farms", 10_000);
    private static final int SERVERS = Integer.getInteger("bench.servers", 1_000_000);
    private static final int SAMPLES = Integer.getInteger("bench.samples", 50);
    private static final int BATCH = 10_000;

    /** A database seeded and kept up by an earlier run ({@code -Dbench.hold=true}): measured again, not seeded. */
    private static final String HELD_DB = System.getProperty("bench.db");

    public static void main(String[] args) throws Exception {
        TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");
        if (HELD_DB != null) {
            // The holding run's scheduler keeps working on it; a second one would only add polling to the figures.
            app.with("IMAGEHUB_DB_URL", HELD_DB).with("IMAGEHUB_DB_USER", System.getProperty("bench.dbUser", "root"))
                    .with("IMAGEHUB_DB_PASSWORD", System.getProperty("bench.dbPassword", "")).withoutScheduler();
        }
        app.beforeAll(null);
        int status = 0;
        try {
            if (HELD_DB == null) {
                long started = System.nanoTime();
                seed(app);
                System.out.printf("seeded %,d images, %,d roles, %,d farms, %,d servers in %.0f s%n", IMAGES, ROLES, FARMS,
                        SERVERS, (System.nanoTime() - started) / 1e9);
            } else {
                System.out.println("measuring the held database " + HELD_DB);
            }
            Seeded seeded = Seeded.lookUp(app);
            long t = System.nanoTime();
            app.context().usage.snapshot();
            System.out.printf("freshness snapshot of every environment: %.0f ms%n", (System.nanoTime() - t) / 1e6);

            WebClient admin = WebClient.signedIn(app, TestApp.ADMIN);
            WebClient alice = WebClient.signedIn(app, "alice@example.com");
            long aliceId = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail("alice@example.com")).orElseThrow().id();
            ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), aliceId, "bench");
            ApiClient api = new ApiClient(app, key.key().keyId(), key.secret());
            String acme = "/accounts/" + seeded.acme;
            String dev = "/envs/" + seeded.dev;

            report("page /global/usage?imageState=deprecated", () -> admin.get("/global/usage?imageState=deprecated").statusCode());
            report("page /accounts/{acme}/usage?imageState=deprecated", () -> alice.get(acme + "/usage?imageState=deprecated").statusCode());
            report("page /envs/{dev}/usage?farmId=…", () -> alice.get(dev + "/usage?farmId=" + seeded.devFarm).statusCode());
            report("page /envs/{dev}/usage?imageId=… (a deprecated image)", () -> alice.get(dev + "/usage?imageId=" + seeded.deprecatedImage).statusCode());
            report("page /global/usage?olderThanDays=680", () -> admin.get("/global/usage?olderThanDays=680").statusCode());
            report("page /envs/{dev}/usage?imageState=superseded", () -> alice.get(dev + "/usage?imageState=superseded").statusCode());
            report("page /global/usage?imageState=superseded", () -> admin.get("/global/usage?imageState=superseded").statusCode());
            report("page /global/usage (every active server)", () -> admin.get("/global/usage").statusCode());
            report("api  GET account/{acme}/usage/servers/?imageState=deprecated", () ->
                    api.get("/api/v1beta0/account/" + seeded.acme + "/usage/servers/?imageState=deprecated").status());
            report("api  GET user/{dev}/usage/servers/?farmId=…", () ->
                    api.get("/api/v1beta0/user/" + seeded.dev + "/usage/servers/?farmId=" + seeded.devFarm).status());
            report("api  GET user/{dev}/usage/freshness/", () ->
                    api.get("/api/v1beta0/user/" + seeded.dev + "/usage/freshness/").status());
            report("dashboard /envs/{dev}", () -> alice.get(dev).statusCode());
            report("dashboard /accounts/{acme}", () -> alice.get(acme).statusCode());
            report("dashboard /global", () -> admin.get("/global").statusCode());

            // Where the broad pages spend their time: the explorer's service call and its two parts, without HTTP and HTML.
            Viewer root = Viewer.system();
            UsageService usage = app.context().usage;
            for (ImageState state : ImageState.values()) {
                UsageFilter filter = UsageFilter.none().withImageState(state);
                report("split Global " + state.id() + ": groups", () -> {
                    usage.groups(root, ScopeRef.GLOBAL, filter);
                    return 200;
                });
                report("split Global " + state.id() + ": rows of page 1", () -> {
                    usage.rows(root, ScopeRef.GLOBAL, filter, 1, 25);
                    return 200;
                });
                report("split Global " + state.id() + ": explorer (groups and rows in one transaction)", () -> {
                    usage.explorer(root, ScopeRef.GLOBAL, filter, 1, 25);
                    return 200;
                });
            }

            exportCsv(admin, "/global/usage.csv?imageState=superseded");
            if (Boolean.getBoolean("bench.hold")) {
                // Keeps the seeded database up for EXPLAIN and ad-hoc queries until the process is stopped.
                System.out.println("holding the database: " + app.context().config.externalDb().orElseThrow().url());
                Thread.sleep(Long.MAX_VALUE);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        } finally {
            app.afterAll(null);
            System.exit(status);
        }
    }

    /** Streams the export, counting lines without keeping them, and samples the heap while it runs. */
    private static void exportCsv(WebClient client, String path) throws Exception {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long t = System.nanoTime();
        HttpResponse<InputStream> response = client.stream(path);
        long lines = 0;
        long bytes = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines++;
                bytes += line.length() + 1;
            }
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        sampler.interrupt();
        sampler.join();
        System.gc();
        long after = runtime.totalMemory() - runtime.freeMemory();
        System.out.printf("csv  %s: %,d rows, %.1f MB in %.2f s; heap used %d MB before, %d MB after, sampled peak %d MB"
                + " (max heap %d MB)%n", path, lines - 1, bytes / 1e6, seconds, before >> 20, after >> 20, peak.get() >> 20,
                runtime.maxMemory() >> 20);
    }


    /** What the requests name: the account acme, its environment acme-dev, dev's first bench farm, image 51 (deprecated). */
    record Seeded(long acme, long dev, long devFarm, String deprecatedImage) {
        static Seeded lookUp(TestApp app) {
            return app.context().jdbi.withHandle(h -> {
                long acme = h.createQuery("SELECT id FROM accounts WHERE name = 'acme'").mapTo(Long.class).one();
                long dev = h.createQuery("SELECT id FROM environments WHERE name = 'acme-dev'").mapTo(Long.class).one();
                long devFarm = h.createQuery("SELECT MIN(id) FROM farms WHERE name LIKE 'bench-farm-%' AND env_id = :dev")
                        .bind("dev", dev).mapTo(Long.class).one();
                String image = h.createQuery("SELECT id FROM images WHERE name = 'bench-51'").mapTo(String.class).one();
                return new Seeded(acme, dev, devFarm, image);
            });
        }
    }

    private static void seed(TestApp app) {
        app.context().jdbi.useHandle(h -> {
            List<long[]> envs = h.createQuery("SELECT id, account_id FROM environments ORDER BY id")
                    .map((rs, c) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
            List<Long> owners = h.createQuery("SELECT id FROM users WHERE kind = 'HUMAN' ORDER BY id").mapTo(Long.class).list();
            Instant now = Instant.now();

            // Images: every 50th deprecated, created over the last two years; a few due for deprecation soon.
            String[] images = new String[IMAGES];
            for (int chunk = 0; chunk < IMAGES; chunk += BATCH) {
                PreparedBatch batch = h.prepareBatch("""
                        INSERT INTO images (id, scope_level, scope_id, account_id, platform, cloud_location, cloud_image_id,
                          name, description, os_id, architecture, agent_installed, size_gb, source, created_by, created_at,
                          deprecated, deprecation_due_at)
                        VALUES (:id, 'GLOBAL', 0, NULL, 'sandbox', 'sandbox-east-1', :cloudId, :name, '', 'ubuntu-22-04',
                          'x86_64', TRUE, 8, 'registered', 'bench', :created, :deprecated, :due)""");
                for (int i = chunk; i < Math.min(IMAGES, chunk + BATCH); i++) {
                    images[i] = UUID.randomUUID().toString();
                    batch.bind("id", images[i]).bind("cloudId", String.format("sbx-%012x", i + 65536))
                            .bind("name", "bench-" + i).bind("created", now.minus(Duration.ofMinutes(i * 10L)))
                            .bind("deprecated", i % 50 == 1)
                            .bind("due", i % 1000 == 3 ? now.plus(Duration.ofDays(1 + i % 13)) : null).add();
                }
                batch.execute();
            }
            // Roles: role r's current image is image 50·r (never a deprecated one).
            PreparedBatch roles = h.prepareBatch("""
                    INSERT INTO roles (scope_level, scope_id, account_id, name, os_family, created_by, created_at)
                    VALUES ('GLOBAL', 0, NULL, :name, 'ubuntu', 'bench', :now)""");
            for (int r = 0; r < ROLES; r++) {
                roles.bind("name", "bench-role-" + r).bind("now", now).add();
            }
            roles.execute();
            List<Long> roleIds = h.createQuery("SELECT id FROM roles WHERE name LIKE 'bench-role-%' ORDER BY id")
                    .mapTo(Long.class).list();
            PreparedBatch roleImages = h.prepareBatch("""
                    INSERT INTO role_images (role_id, platform, cloud_location, image_id)
                    VALUES (:role, 'sandbox', 'sandbox-east-1', :image)""");
            for (int r = 0; r < ROLES; r++) {
                roleImages.bind("role", roleIds.get(r)).bind("image", images[(50 * r) % IMAGES]).add();
            }
            roleImages.execute();

            PreparedBatch farms = h.prepareBatch("""
                    INSERT INTO farms (env_id, account_id, name, description, owner_id, status, created_by, created_at)
                    VALUES (:env, :account, :name, '', :owner, 'RUNNING', 'bench', :now)""");
            for (int f = 0; f < FARMS; f++) {
                long[] env = envs.get(f % envs.size());
                farms.bind("env", env[0]).bind("account", env[1]).bind("name", "bench-farm-" + f)
                        .bind("owner", owners.get(f % owners.size())).bind("now", now).add();
            }
            farms.execute();
            List<long[]> farmRows = h.createQuery("SELECT id, env_id, account_id FROM farms WHERE name LIKE 'bench-farm-%' ORDER BY id")
                    .map((rs, c) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).list();
            PreparedBatch farmRoles = h.prepareBatch("""
                    INSERT INTO farm_roles (farm_id, role_id, alias, platform, cloud_location, min_servers, max_servers, created_at)
                    VALUES (:farm, :role, 'web', 'sandbox', 'sandbox-east-1', 0, 1000, :now)""");
            for (int f = 0; f < FARMS; f++) {
                farmRoles.bind("farm", farmRows.get(f)[0]).bind("role", roleIds.get(f % ROLES)).bind("now", now).add();
            }
            farmRoles.execute();
            List<Long> farmRoleIds = h.createQuery("""
                    SELECT fr.id FROM farm_roles fr JOIN farms f ON f.id = fr.farm_id WHERE f.name LIKE 'bench-farm-%'
                    ORDER BY f.id""").mapTo(Long.class).list();

            int perFarm = SERVERS / FARMS;
            for (int chunk = 0; chunk < SERVERS; chunk += BATCH) {
                PreparedBatch servers = h.prepareBatch("""
                        INSERT INTO servers (farm_role_id, farm_id, env_id, account_id, platform, cloud_location,
                          cloud_instance_id, image_id, status, launched_at)
                        VALUES (:farmRole, :farm, :env, :account, 'sandbox', 'sandbox-east-1', :instance, :image, :status, :now)""");
                for (int n = chunk; n < Math.min(SERVERS, chunk + BATCH); n++) {
                    int f = n / perFarm % FARMS;
                    int role = f % ROLES;
                    int kind = n % 20;
                    String image = kind == 0 ? images[(50 * role + 1) % IMAGES] // deprecated, superseded
                            : kind <= 2 ? images[(50 * role + 7) % IMAGES] // superseded
                            : images[(50 * role) % IMAGES]; // the role's current image
                    servers.bind("farmRole", farmRoleIds.get(f)).bind("farm", farmRows.get(f)[0])
                            .bind("env", farmRows.get(f)[1]).bind("account", farmRows.get(f)[2])
                            .bind("instance", String.format("i-%012x", n)).bind("image", image)
                            .bind("status", n % 19 == 0 ? "TERMINATED" : "RUNNING").bind("now", now).add();
                }
                servers.execute();
            }
            for (String table : List.of("images", "roles", "role_images", "farms", "farm_roles", "servers")) {
                h.execute("ANALYZE TABLE " + table);
            }
        });
    }

    private static void report(String label, Supplier<Integer> request) {
        Timing.report(label, 5, SAMPLES, request);
    }
}
