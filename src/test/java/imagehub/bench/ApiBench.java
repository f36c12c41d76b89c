package imagehub.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import imagehub.access.Viewer;
import imagehub.api.SignedRequest;
import imagehub.core.ScopeRef;
import imagehub.image.ImageDao;
import imagehub.image.ImageFilter;
import imagehub.scope.ScopeChain;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import io.javalin.Javalin;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The API's hot path under load (issue #14): 10,000 images in one environment, the signed API driven by wrk
 * (Debian's package) with 8 connections, once with keep-alive and once with {@code Connection: close}. Every
 * request is signed beforehand (writes once each, as the API accepts a changing request only once), so the load
 * generator spends no time on it. For each kind of request: requests per second, p50 / p99 latency and the
 * server's CPU per request (this JVM plus its mariadbd). Beside them the floor: the same SQL behind a bare Javalin
 * handler in the same JVM (no authentication, no envelope), and {@code /healthz}.
 * Run with {@code bench/run.sh ApiBench}; not part of the test suite. {@code -Dbench.seconds=…} sets each run's length;
 * {@code BENCH_JAVA_OPTS=-XX:StartFlightRecording=…} profiles it.
 */
public final class ApiBench {
    private static final int IMAGES = Integer.getInteger("bench.images", 10_000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int CONNECTIONS = 8;
    private static final int WARM_UP = Integer.getInteger("bench.warmUp", 5);
    /** Only the lines whose label this regular expression finds in (e.g. {@code -Dbench.only=API.get}), to profile one kind. */
    private static final Pattern ONLY = Pattern.compile(System.getProperty("bench.only", ""));
    /** {@code -Dbench.connection=keep-alive} or {@code close}: one half only. */
    private static final String CONNECTION = System.getProperty("bench.connection", "");
    /** Signed writes prepared per run: more than the fastest write path can use up in a run. */
    private static final int WRITES = Integer.getInteger("bench.writes", 6_000) * SECONDS / 10;
    private static final Path WORK = Path.of("target", "bench-api");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: (.*)");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final TestApp app;
    private final String base;
    private final long env;
    private final String keyId;
    private final String secret;
    private final List<String> imageIds;
    private final AtomicLong unique = new AtomicLong();
    private boolean warmingUp;

    private ApiBench(TestApp app, long env, String keyId, String secret, List<String> imageIds) {
        this.app = app;
        this.base = "/api/v1beta0/user/" + env + "/images/";
        this.env = env;
        this.keyId = keyId;
        this.secret = secret;
        this.imageIds = imageIds;
    }

    public static void main(String[] args) throws Exception {
        TestApp app = new TestApp().withDemo();
        app.beforeAll(null);
        int status = 0;
        try {
            long acme = app.context().scopes().findAccountByName("acme").orElseThrow().id();
            long dev = app.context().scopes().findEnvironmentByName(acme, "acme-dev").orElseThrow().id();
            long started = System.nanoTime();
            List<String> ids = seed(app, dev);
            System.out.printf("seeded %,d images in acme-dev in %.1f s; %d s per run, %d connections, %d cores%n",
                    IMAGES, (System.nanoTime() - started) / 1e9, SECONDS, CONNECTIONS, Runtime.getRuntime().availableProcessors());
            long aliceId = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail("alice@example.com")).orElseThrow().id();
            ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), aliceId, "bench");
            new ApiBench(app, dev, key.key().keyId(), key.secret(), ids).run();
        } catch (RuntimeException | IOException e) {
            e.printStackTrace();
            status = 1;
        } finally {
            app.afterAll(null);
            System.exit(status);
        }
    }

    private void run() throws Exception {
        Files.createDirectories(WORK);
        Javalin floor = floor();
        try {
            String floorUrl = "http://localhost:" + floor.port();
            String cookie = WebClient.signedIn(app, "alice@example.com").cookieHeader();
            System.out.printf("%-44s %-10s %10s %9s %9s %12s %12s%n", "request", "connection", "req/s", "p50", "p99", "CPU/request",
                    "of it, DB");
            // One pass over every line before any is measured: the JIT has compiled all of the server's paths, so no
            // line is measured against its compiler threads (the first ones were, before).
            warmingUp = true;
            lines(true, floorUrl, cookie);
            warmingUp = false;
            for (boolean keepAlive : new boolean[] {true, false}) {
                lines(keepAlive, floorUrl, cookie);
            }
        } finally {
            floor.stop();
        }
    }

    private void lines(boolean keepAlive, String floorUrl, String cookie) throws Exception {
        measure("/healthz", keepAlive, app.baseUrl(), i -> plain("GET", "/healthz", Map.of()));
        measure("API get by id", keepAlive, app.baseUrl(), i -> signed("GET", base + image(i) + "/", "{}"));
        measure("API list 100/page", keepAlive, app.baseUrl(),
                i -> signed("GET", base + "?maxResults=100&pageNum=" + (1 + i % 5), "{}"));
        measure("API list, 3 filters", keepAlive, app.baseUrl(), i -> signed("GET",
                base + "?cloudPlatform=sandbox&deprecated=false&os=" + OS[i % OS.length] + "&maxResults=100", "{}"));
        measure("API PATCH", keepAlive, app.baseUrl(), i -> signed("PATCH", base + image(i) + "/",
                "{\"description\":\"bench " + unique.incrementAndGet() + "\"}"));
        measure("API create", keepAlive, app.baseUrl(), i -> signed("POST", base, create()));
        measure("portal image list", keepAlive, app.baseUrl(),
                i -> plain("GET", "/envs/" + env + "/images", Map.of("Cookie", cookie)));
        measure("floor get by id", keepAlive, floorUrl, i -> plain("GET", "/floor/images/" + image(i), Map.of()));
        measure("floor list 100/page", keepAlive, floorUrl, i -> plain("GET", "/floor/images?page=" + (1 + i % 5), Map.of()));
        measure("floor PATCH", keepAlive, floorUrl, i -> new Line("PATCH", "/floor/images/" + image(i),
                "{\"description\":\"floor " + unique.incrementAndGet() + "\"}", Map.of()));
        measure("floor create", keepAlive, floorUrl, i -> new Line("POST", "/floor/images", "{}", Map.of()));
    }

    private static final String[] OS = {"ubuntu-22-04", "ubuntu-24-04", "debian-12", "rocky-9", "windows-2022"};

    private String image(int i) {
        return imageIds.get(i % imageIds.size());
    }

    /** A register request for a cloud image the sandbox holds, unique to this request. */
    private String create() {
        long n = unique.incrementAndGet();
        String cloudId = String.format("sbx-%012x", 0x700000000L + n);
        app.context().jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO sandbox_images (cloud_location, cloud_image_id, name, os_id, state, created_at, available_at)
                        VALUES ('sandbox-east-1', :id, :id, 'ubuntu-22-04', 'CREATING', :now, :now)""")
                .bind("id", cloudId).bind("now", Instant.now()).execute());
        return """
                {"name":"bench-created-%d","cloudPlatform":"sandbox","cloudLocation":"sandbox-east-1","cloudImageId":"%s",\
                "os":{"id":"ubuntu-22-04"},"architecture":"x86_64"}""".formatted(n, cloudId);
    }

    /** One request as the wrk script reads it: method, path, body and headers, tab separated. */
    private record Line(String method, String path, String body, Map<String, String> headers) {
        String text(boolean keepAlive) {
            StringBuilder line = new StringBuilder(method).append('\t').append(path).append('\t').append(body);
            headers.forEach((name, value) -> line.append('\t').append(name).append(": ").append(value));
            if (!keepAlive) {
                line.append("\tConnection: close");
            }
            return line.toString();
        }
    }

    private static Line plain(String method, String path, Map<String, String> headers) {
        return new Line(method, path, "", headers);
    }

    /** Signed as scalr-ctl signs, each at its own microsecond, so no two writes share a signature. */
    private Line signed(String method, String pathAndQuery, String body) {
        URI uri = URI.create(pathAndQuery);
        String date = Instant.now().plusNanos(unique.incrementAndGet() * 1000).toString();
        String signature = new SignedRequest(method, uri.getRawPath(), uri.getRawQuery(), body.getBytes(UTF_8),
                Map.of(SignedRequest.DATE, date)).signature(secret);
        return new Line(method, pathAndQuery, body, Map.of("Content-Type", "application/json; charset=utf-8",
                SignedRequest.KEY_ID, keyId, SignedRequest.DATE, date, SignedRequest.SIGNATURE, signature));
    }

    /** Runs wrk over requests made by {@code request} and prints its rate, latencies and the server's CPU per request. */
    private void measure(String label, boolean keepAlive, String url, IntFunction<Line> request) throws Exception {
        if (!ONLY.matcher(label).find() || !(keepAlive ? "keep-alive" : "close").startsWith(CONNECTION)) {
            return;
        }
        boolean write = label.contains("PATCH") || label.contains("create");
        Path script = WORK.resolve("requests.lua");
        Files.writeString(script, LUA, UTF_8);
        // The warm-up has requests of its own: a signed write it sent would be refused as a replay afterwards. It is long
        // enough for the JIT to have compiled the path: its compiler threads would otherwise share the 2 cores.
        run(url, script, prepare("warm-up.tsv", write ? WRITES / 2 : 200, keepAlive, request), WARM_UP, "warm-up of " + label);
        if (warmingUp) {
            return;
        }
        Path requests = prepare("requests.tsv", write ? WRITES : 200, keepAlive, request);
        long jvmBefore = jvmCpuNanos();
        long dbBefore = databaseCpuNanos();
        String output = run(url, script, requests, SECONDS, label);
        long jvm = jvmCpuNanos() - jvmBefore;
        long db = databaseCpuNanos() - dbBefore;
        long cpu = jvm + db;
        long total = Long.parseLong(find(TOTAL, output));
        double rate = Double.parseDouble(find(RATE, output));
        Map<String, Double> percentiles = new java.util.HashMap<>();
        Matcher m = PERCENTILE.matcher(output);
        while (m.find()) {
            double value = Double.parseDouble(m.group(2));
            percentiles.put(m.group(1), switch (m.group(3)) {
                case "us" -> value / 1000;
                case "s" -> value * 1000;
                default -> value;
            });
        }
        Matcher errors = NON_2XX.matcher(output);
        Matcher socket = SOCKET_ERRORS.matcher(output);
        System.out.printf(Locale.ROOT, "%-44s %-10s %10.0f %7.2fms %7.2fms %10.3fms %10.3fms%s%s%n", label,
                keepAlive ? "keep-alive" : "close", rate, percentiles.getOrDefault("50", Double.NaN),
                percentiles.getOrDefault("99", Double.NaN), cpu / 1e6 / Math.max(1, total), db / 1e6 / Math.max(1, total),
                errors.find() ? "  NON-2XX: " + errors.group(1) : "", socket.find() ? "  SOCKET ERRORS: " + socket.group(1) : "");
        if (write && url.equals(app.baseUrl()) && total >= WRITES) {
            System.out.println("  (ran out of signed writes: raise -Dbench.writes)");
        }
    }

    private static Path prepare(String name, int count, boolean keepAlive, IntFunction<Line> request) throws IOException {
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(request.apply(i).text(keepAlive));
        }
        Path file = WORK.resolve(name);
        Files.write(file, lines, UTF_8);
        return file;
    }

    private static String run(String url, Path script, Path requests, int seconds, String label) throws Exception {
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + CONNECTIONS, "-d" + seconds + "s", "--latency",
                "-s", script.toString(), url, "--", requests.toString(), "2")
                .redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), UTF_8);
        if (wrk.waitFor() != 0 || !output.contains("Requests/sec")) {
            throw new IllegalStateException("wrk failed for " + label + ":\n" + output);
        }
        return output;
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(pattern + " not in:\n" + text);
        }
        return m.group(1);
    }

    /** CPU time of this JVM. */
    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of every mariadbd this JVM started. */
    private static long databaseCpuNanos() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("mariadbd")).orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    /**
     * The floor: the SQL the API runs for the same requests (the image list's search, a find by id, one update,
     * one insert), behind a bare handler, answering the rows as JSON.
     */
    private Javalin floor() {
        ScopeRef scope = ScopeRef.environment(env);
        ScopeChain chain = app.context().access.chain(scope);
        ImageFilter none = ImageFilter.of(null, null, null, null, null, null, null, null);
        var jdbi = app.context().jdbi;
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/floor/images/{id}", ctx -> ctx.contentType("application/json").result(JSON.writeValueAsBytes(
                    jdbi.withExtension(ImageDao.class, dao -> dao.find(ctx.pathParam("id")).orElseThrow()))));
            config.routes.get("/floor/images", ctx -> ctx.contentType("application/json").result(JSON.writeValueAsBytes(
                    jdbi.withExtension(ImageDao.class, dao -> dao.search(chain, none, Integer.parseInt(ctx.queryParam("page")), 100)))));
            config.routes.patch("/floor/images/{id}", ctx -> {
                String description = JSON.readTree(ctx.bodyAsBytes()).path("description").asText();
                jdbi.useHandle(h -> h.createUpdate("UPDATE images SET description = :d WHERE id = :id")
                        .bind("d", description).bind("id", ctx.pathParam("id")).execute());
                ctx.status(204);
            });
            config.routes.post("/floor/images", ctx -> {
                String id = UUID.randomUUID().toString();
                jdbi.useHandle(h -> insert(h.prepareBatch(INSERT), id, env, "floor-" + id, "sbx-" + id.substring(0, 12), 0).execute());
                ctx.status(201).result(id);
            });
        }).start(0);
    }

    private static final String INSERT = """
            INSERT INTO images (id, scope_level, scope_id, account_id, platform, cloud_location, cloud_image_id,
              name, description, os_id, architecture, agent_installed, size_gb, source, created_by, created_at, deprecated)
            VALUES (:id, 'ENVIRONMENT', :env, (SELECT account_id FROM environments WHERE id = :env), 'sandbox',
              'sandbox-east-1', :cloudId, :name, '', :os, 'x86_64', TRUE, 8, 'registered', 'bench', :created, FALSE)""";

    private static PreparedBatch insert(PreparedBatch batch, String id, long env, String name, String cloudId, int i) {
        return batch.bind("id", id).bind("env", env).bind("cloudId", cloudId).bind("name", name)
                .bind("os", OS[i % OS.length]).bind("created", Instant.now().minusSeconds(i)).add();
    }

    /** {@code IMAGES} images in the environment {@code env}; their ids. */
    private static List<String> seed(TestApp app, long env) {
        List<String> ids = new ArrayList<>(IMAGES);
        app.context().jdbi.useHandle(h -> {
            for (int chunk = 0; chunk < IMAGES; chunk += 5000) {
                PreparedBatch batch = h.prepareBatch(INSERT);
                for (int i = chunk; i < Math.min(IMAGES, chunk + 5000); i++) {
                    String id = UUID.randomUUID().toString();
                    ids.add(id);
                    insert(batch, id, env, "bench-" + i, String.format("sbx-%012x", 0x500000000L + i), i);
                }
                batch.execute();
            }
            h.execute("ANALYZE TABLE images");
        });
        return ids;
    }

    /**
     * wrk's script: each thread takes every n-th prepared request (by thread number) and sends them in turn, so no
     * two connections send the same signed write.
     */
    private static final String LUA = """
            local threads = 0
            function setup(thread)
              thread:set("tid", threads)
              threads = threads + 1
            end
            local reqs = {}
            local n = 0
            function init(args)
              local i = 0
              local count = tonumber(args[2])
              for line in io.lines(args[1]) do
                if i % count == tid then
                  local fields = {}
                  for field in (line .. "\\t"):gmatch("([^\\t]*)\\t") do table.insert(fields, field) end
                  local headers = {}
                  for k = 4, #fields do
                    local name, value = fields[k]:match("^([^:]+): (.*)$")
                    headers[name] = value
                  end
                  local body = fields[3] ~= "" and fields[3] or nil
                  table.insert(reqs, wrk.format(fields[1], fields[2], headers, body))
                end
                i = i + 1
              end
            end
            function request()
              n = n + 1
              return reqs[(n - 1) % #reqs + 1]
            end
            """;
}
