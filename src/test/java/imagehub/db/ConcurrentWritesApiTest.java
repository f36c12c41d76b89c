package imagehub.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.image.CatalogRows;
import imagehub.support.ApiClient;
import imagehub.support.SandboxImages;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Eight signed API clients writing the same tables at once, as a CI pipeline or a bulk import does: every answer
 * is a 2xx or a clear 409, and every write that was answered 2xx is there afterwards, exactly once.
 */
class ConcurrentWritesApiTest {
    private static final int CLIENTS = 8;

    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    private static final List<ApiClient> clients = new ArrayList<>();
    private static ExecutorService pool;
    private static String acme;
    private static ScopeRef acmeScope;
    private static String acmeDev;

    @BeforeAll
    static void setUp() {
        long alice = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail("alice@example.com")).orElseThrow().id();
        for (int i = 0; i < CLIENTS; i++) {
            ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), alice, "parallel client " + i);
            clients.add(new ApiClient(app, key.key().keyId(), key.secret()));
        }
        long acmeId = app.context().scopes().findAccountByName("acme").orElseThrow().id();
        long dev = app.context().scopes().findEnvironmentByName(acmeId, "acme-dev").orElseThrow().id();
        acme = "/api/v1beta0/account/" + acmeId;
        acmeScope = ScopeRef.account(acmeId);
        acmeDev = "/api/v1beta0/user/" + dev;
        pool = Executors.newFixedThreadPool(CLIENTS);
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    /** One API call of a parallel run: what was asked and what came back. */
    private record Call(String path, String body, ApiClient.Answer answer) {
    }

    /** Runs {@code requests} (path, body) spread over the eight clients at once; every answer, in no order. */
    private static List<Call> runInParallel(List<String[]> requests) throws Exception {
        ConcurrentLinkedQueue<String[]> queue = new ConcurrentLinkedQueue<>(requests);
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        List<Future<?>> running = new ArrayList<>();
        for (ApiClient client : clients) {
            running.add(pool.submit(() -> {
                for (String[] request = queue.poll(); request != null; request = queue.poll()) {
                    calls.add(new Call(request[0], request[1], client.post(request[0], request[1])));
                }
            }));
        }
        for (Future<?> future : running) {
            future.get(60, TimeUnit.SECONDS);
        }
        return List.copyOf(calls);
    }

    private static void assertOnlyCreatedOrConflict(List<Call> calls) {
        List<String> others = calls.stream().filter(c -> c.answer().status() != 201 && c.answer().status() != 409)
                .map(c -> c.answer().status() + " " + c.path() + " " + c.answer().body()).toList();
        assertTrue(others.isEmpty(), others.size() + " answers were neither 201 nor 409, e.g. " + others.stream().limit(3).toList());
        calls.stream().filter(c -> c.answer().status() == 409).forEach(c ->
                assertTrue(c.answer().errorCode() != null && !c.answer().errorCode().equals("InternalError"), c.answer().body().toString()));
    }

    private static String image(String cloudImageId) {
        return """
                {"name":"bulk-%s","cloudPlatform":"sandbox","cloudLocation":"sandbox-east-1","cloudImageId":"%s",
                 "architecture":"x86_64","os":{"id":"ubuntu-22-04"}}""".formatted(cloudImageId, cloudImageId);
    }

    @Test
    void eight_clients_registering_images_at_once_get_only_201_or_409_and_every_201_is_kept_once() throws Exception {
        List<String> cloudIds = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            cloudIds.add(SandboxImages.hold(app.context(), String.format("sbx-%08x", 0x7a000000 + i)));
        }
        Random random = new Random(9);
        List<String[]> requests = new ArrayList<>();
        cloudIds.forEach(id -> requests.add(new String[] {acmeDev + "/images/", image(id)}));
        // The same cloud image again, in the environment and at its account (one chain): only one of each may pass.
        for (int i = 0; i < 40; i++) {
            String id = cloudIds.get(random.nextInt(cloudIds.size()));
            requests.add(new String[] {(i % 2 == 0 ? acmeDev : acme) + "/images/", image(id)});
        }
        Collections.shuffle(requests, random);

        List<Call> calls = runInParallel(requests);

        assertEquals(requests.size(), calls.size());
        assertOnlyCreatedOrConflict(calls);
        Set<String> createdIds = calls.stream().filter(c -> c.answer().status() == 201)
                .map(c -> c.answer().data().path("id").asText()).collect(Collectors.toSet());
        assertEquals(cloudIds.size(), createdIds.size(), "each cloud image registered exactly once along the chain");
        Map<String, String> stored = app.context().jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, cloud_image_id FROM images WHERE cloud_image_id IN (<ids>)")
                .bindList("ids", cloudIds).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).list())
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        assertEquals(createdIds, stored.keySet(), "every 201 is stored, and nothing else");
        assertEquals(new HashSet<>(cloudIds), new HashSet<>(stored.values()));
        assertEquals(cloudIds.size(), stored.values().stream().distinct().count(), "no cloud image twice on the chain");
    }

    @Test
    void eight_clients_changing_roles_at_once_get_only_2xx_or_409_and_lose_nothing() throws Exception {
        List<String> regions = List.of("us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1");
        List<String> imageIds = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            imageIds.add(CatalogRows.insert(app.context(), acmeScope, "ec2", regions.get(i),
                    String.format("ami-%08x", 0x7b000000 + i), "role-base-" + i, "ubuntu-22-04"));
        }
        List<Long> roleIds = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            ApiClient.Answer created = clients.get(0).post(acmeDev + "/roles/",
                    "{\"name\":\"parallel-" + i + "\",\"os\":{\"id\":\"ubuntu\"}}");
            assertEquals(201, created.status(), String.valueOf(created.body()));
            roleIds.add(created.data().path("id").asLong());
        }
        List<String[]> requests = new ArrayList<>();
        for (long roleId : roleIds) {
            for (String imageId : imageIds) {
                requests.add(new String[] {acmeDev + "/roles/" + roleId + "/images/", "{\"image\":{\"id\":\"" + imageId + "\"}}"});
            }
        }
        // Ten new names, each created four times at once in the environment or its account: one of each passes.
        for (int copy = 0; copy < 4; copy++) {
            for (int i = 0; i < 10; i++) {
                requests.add(new String[] {(copy % 2 == 0 ? acmeDev : acme) + "/roles/",
                        "{\"name\":\"same-name-" + i + "\",\"os\":{\"id\":\"ubuntu\"}}"});
            }
        }
        Collections.shuffle(requests, new Random(13));

        List<Call> calls = runInParallel(requests);

        assertOnlyCreatedOrConflict(calls);
        List<Call> additions = calls.stream().filter(c -> c.path().endsWith("/images/")).toList();
        assertTrue(additions.stream().allMatch(c -> c.answer().status() == 201),
                "each role image was added once, so none conflicts");
        Map<String, Long> createdNames = calls.stream()
                .filter(c -> c.path().endsWith("/roles/") && c.answer().status() == 201)
                .collect(Collectors.groupingBy(c -> c.answer().data().path("name").asText(), Collectors.counting()));
        assertEquals(10, createdNames.size());
        assertTrue(createdNames.values().stream().allMatch(n -> n == 1), "each name created once: " + createdNames);
        Function<Long, Integer> imagesOfRole = roleId -> clients.get(1).get(acmeDev + "/roles/" + roleId + "/images/")
                .data().size();
        for (long roleId : roleIds) {
            assertEquals(regions.size(), imagesOfRole.apply(roleId), "role " + roleId + " keeps every image added");
        }
        long sameNamed = app.context().jdbi.withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM roles WHERE name LIKE 'same-name-%'").mapTo(Long.class).one());
        assertEquals(10, sameNamed);
    }

    @Test
    void eight_clients_creating_farms_and_farm_roles_at_once_get_one_201_per_name() throws Exception {
        List<String[]> requests = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
            for (int i = 0; i < 20; i++) {
                requests.add(new String[] {acmeDev + "/farms/", "{\"name\":\"parallel-farm-" + i + "\"}"});
            }
        }
        Collections.shuffle(requests, new Random(17));

        List<Call> calls = runInParallel(requests);

        assertOnlyCreatedOrConflict(calls);
        List<Long> farmIds = calls.stream().filter(c -> c.answer().status() == 201)
                .map(c -> c.answer().data().path("id").asLong()).toList();
        assertEquals(20, farmIds.size(), "one farm per name");
        assertEquals(20, (long) app.context().jdbi.withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM farms WHERE name LIKE 'parallel-farm-%'").mapTo(Long.class).one()));
    }
}
