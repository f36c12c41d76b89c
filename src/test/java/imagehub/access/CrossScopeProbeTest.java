package imagehub.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.api.ApiDocs;
import imagehub.core.ScopeRef;
import imagehub.credentials.CredentialService;
import imagehub.picker.PickKind;
import imagehub.farm.FarmDao;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import imagehub.usage.FreshnessRoutes;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A probe of every portal page one tenant can reach, replayed by a user of another tenant, and of every
 * page that user reaches on their own: each answers 404, or shows nothing of the first tenant (no
 * names, no emails). Pages are found by following links, so a new page or panel joins the probe by
 * being linked from its scope.
 */
class CrossScopeProbeTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    private static final Pattern LINK = Pattern.compile("(?:href|hx-get|action)=\"(/[^\"]*)\"");
    private static final int MAX_PAGES = 400;

    /** Cloud credentials in each tenant, so their pages join the crawl with something to leak. */
    @BeforeAll
    static void storeCredentials() {
        store(ScopeRef.account(account("acme")), "acme-aws-keys", "ec2", "AKIAACMEACCOUNT00001");
        store(ScopeRef.environment(env("acme", "acme-prod")), "acme-prod-keys", "ec2", "AKIAACMEPRODKEY00001");
        store(ScopeRef.environment(env("globex", "globex-prod")), "globex-ali-keys", "aliyun", "LTAIGLOBEXKEY0000001");
    }

    private static void store(ScopeRef scope, String name, String platform, String keyId) {
        app.context().credentials.create(Viewer.system(), scope, new CredentialService.CredentialInput(name, platform,
                keyId, "probe-secret-of-enough-length", null, null, List.of()));
    }

    private static long account(String name) {
        return app.context().scopes().findAccountByName(name).orElseThrow().id();
    }

    private static long env(String account, String name) {
        return app.context().scopes().findEnvironmentByName(account(account), name).orElseThrow().id();
    }

    @Test
    void globex_sees_nothing_of_acme() {
        List<String> acmePages = crawl(WebClient.signedIn(app, "alice@example.com"),
                "/accounts/" + account("acme"), "/envs/" + env("acme", "acme-dev"), "/envs/" + env("acme", "acme-prod"));
        assertTrue(acmePages.size() > 40, "the crawl found the acme pages: " + acmePages);
        assertTrue(acmePages.stream().anyMatch(page -> page.endsWith("/cloud-credentials"))
                && acmePages.stream().anyMatch(page -> page.contains("/cloud-credentials/") && page.endsWith("/edit")),
                "the crawl found the cloud credentials pages: " + acmePages);
        assertTrue(acmePages.stream().anyMatch(page -> page.matches(".*/update-tasks/\\d+"))
                && acmePages.stream().anyMatch(page -> page.matches(".*/update-tasks/\\d+/executions/\\d+"))
                && acmePages.stream().anyMatch(page -> page.endsWith("/lineage")),
                "the crawl found the demo update task, its runs and an image's lineage: " + acmePages);
        WebClient carol = WebClient.signedIn(app, "carol@example.com");
        List<String> acme = List.of("acme", "nginx-1-24", "app-server", "web-dev", "shop-prod", "alice@", "bob@",
                "ci-publisher", "debian-12-base", "rocky-9-build", "iis-10", "acme-aws-keys", "AKIAACME",
                "nightly app-server image", "app-server-baked");
        probe(carol, acmePages, acme);
        probe(carol, crawl(carol, "/envs/" + env("globex", "globex-prod")), acme);
    }

    @Test
    void acme_sees_nothing_of_globex() {
        List<String> globexPages = crawl(WebClient.signedIn(app, "carol@example.com"), "/envs/" + env("globex", "globex-prod"));
        assertTrue(globexPages.size() > 15, "the crawl found the globex pages: " + globexPages);
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        List<String> globex = List.of("globex", "carol@", "Public API", "globex-ali-keys", "LTAIGLOBEX");
        probe(alice, globexPages, globex);
        probe(alice, crawl(alice, "/accounts/" + account("acme")), globex);
    }

    @Test
    void an_operator_of_one_environment_sees_nothing_of_its_sibling() {
        List<String> prodPages = crawl(WebClient.signedIn(app, "alice@example.com"), "/envs/" + env("acme", "acme-prod"));
        WebClient bob = WebClient.signedIn(app, "bob@example.com");
        List<String> prod = List.of("acme-prod", "shop-prod", "iis-10", "alice@", "AKIAACMEPROD");
        probe(bob, prodPages, prod);
        probe(bob, crawl(bob, "/envs/" + env("acme", "acme-dev")), prod);
    }

    @Test
    void the_pickers_find_nothing_outside_reach() {
        WebClient carol = WebClient.signedIn(app, "carol@example.com");
        WebClient bob = WebClient.signedIn(app, "bob@example.com");
        String acmeDev = "/envs/" + env("acme", "acme-dev");
        String acmeProd = "/envs/" + env("acme", "acme-prod");
        for (PickKind kind : PickKind.values()) {
            for (String outside : List.of(acmeDev, acmeProd, "/accounts/" + account("acme"), "/global")) {
                assertEquals(404, carol.get(outside + kind.path() + "?q=").statusCode(), kind + " " + outside);
            }
            assertEquals(404, bob.get(acmeProd + kind.path() + "?q=shop").statusCode(), kind + " of a sibling");
        }
        List<String> acme = List.of("acme", "nginx-1-24", "app-server", "web-dev", "shop-prod", "debian-12-base",
                "rocky-9-build", "iis-10");
        searchFindsNone(carol, "/envs/" + env("globex", "globex-prod"), acme);
        searchFindsNone(bob, acmeDev, List.of("acme-prod", "shop-prod", "iis-10"));

        String iis = app.context().jdbi.withHandle(h -> h.createQuery("SELECT id FROM images WHERE name = 'iis-10' LIMIT 1")
                .mapTo(String.class).one());
        long shop = app.context().jdbi.withHandle(h -> h.createQuery("SELECT id FROM farms WHERE name = 'shop-prod'")
                .mapTo(Long.class).one());
        assertTrue(bob.get(acmeDev + PickKind.IMAGE.path() + "?q=" + iis).body().contains("No image matches"),
                "a sibling's image is not found by its id");
        assertTrue(bob.get(acmeDev + PickKind.FARM.path() + "?q=" + shop).body().contains("No farm matches"),
                "a sibling's farm is not found by its id");
        HttpResponse<String> chosen = bob.get(acmeDev + "/usage?imageId=" + iis + "&farmId=" + shop);
        assertEquals(200, chosen.statusCode());
        assertFalse(chosen.body().contains("iis-10") || chosen.body().contains("shop-prod"),
                "a chip out of reach names nothing");
        assertTrue(chosen.body().contains("no such image here") && chosen.body().contains("no such farm here"));
    }

    /** A search for any part of {@code names}, or for nothing, lists none of them. */
    private static void searchFindsNone(WebClient client, String scope, List<String> names) {
        List<String> queries = new ArrayList<>(List.of("", "a", "e"));
        queries.addAll(names);
        for (PickKind kind : PickKind.values()) {
            for (String query : queries) {
                HttpResponse<String> found = client.get(scope + kind.path() + "?q=" + query);
                assertEquals(200, found.statusCode());
                for (String name : names) {
                    assertFalse(found.body().contains(name), kind + " '" + query + "' shows " + name);
                }
            }
        }
    }

    @Test
    void a_farm_chart_answers_only_within_reach_and_tells_only_its_own_farms_replacements() {
        long globexProd = env("globex", "globex-prod");
        long acmeProd = env("acme", "acme-prod");
        long shop = farm(acmeProd, "shop-prod");
        long globexApi = farm(globexProd, "globex-api");
        WebClient carol = WebClient.signedIn(app, "carol@example.com");
        assertEquals(404, carol.get(FreshnessRoutes.farmChartPath(acmeProd, shop)).statusCode());
        assertEquals(404, carol.get(FreshnessRoutes.farmChartPath(globexProd, shop)).statusCode(),
                "an acme farm under carol's environment");
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        assertEquals(404, alice.get(FreshnessRoutes.farmChartPath(globexProd, globexApi)).statusCode());
        assertEquals(404, alice.get(FreshnessRoutes.farmChartPath(env("acme", "acme-dev"), shop)).statusCode(),
                "a farm under another environment than its own");

        HttpResponse<String> own = carol.get(FreshnessRoutes.farmChartPath(globexProd, globexApi));
        assertEquals(200, own.statusCode());
        String body = own.body();
        // The Global replacement of three weeks ago switched globex-api's role; acme's replacements of its own roles
        // to ubuntu-24-04 (one of them rolled back) are none of globex's business.
        assertTrue(body.contains("ubuntu-22-04 → ubuntu-22-04-2 in sandbox-west-1"), body);
        assertFalse(body.contains("ubuntu-24-04"), body);
        assertFalse(body.contains("acme"), body);
    }

    private static long farm(long envId, String name) {
        return app.context().jdbi.withExtension(FarmDao.class, dao -> dao.findFarmByName(envId, name)).orElseThrow().id();
    }

    /** The API docs page is a portal page: an anonymous visitor is sent to log in, though the specs are public. */
    @Test
    void an_anonymous_visitor_of_the_api_docs_is_sent_to_login() {
        HttpResponse<String> response = new WebClient(app).get(ApiDocs.PATH);
        assertEquals(303, response.statusCode());
        assertEquals("/login?next=%2Fapi%2Fdocs", response.headers().firstValue("Location").orElse(""));
        assertFalse(response.body().contains("swagger"), response.body());
    }

    /** Every page reachable from {@code starts} by GET links, without leaving the site or logging out. */
    private static List<String> crawl(WebClient client, String... starts) {
        Set<String> seen = new LinkedHashSet<>(List.of(starts));
        Deque<String> queue = new ArrayDeque<>(seen);
        List<String> pages = new ArrayList<>();
        while (!queue.isEmpty() && pages.size() < MAX_PAGES) {
            String path = queue.poll();
            HttpResponse<String> response = client.get(path);
            if (response.statusCode() != 200) {
                continue;
            }
            pages.add(path);
            Matcher links = LINK.matcher(response.body());
            while (links.find()) {
                String link = links.group(1).replace("&amp;", "&");
                if (!link.startsWith("/static/") && !link.startsWith("/webjars/") && !link.startsWith("/logout")
                        && !link.contains("/export") && seen.add(link)) {
                    queue.add(link);
                }
            }
        }
        return pages;
    }

    private static void probe(WebClient intruder, List<String> pages, List<String> secrets) {
        List<String> leaks = new ArrayList<>();
        for (String path : pages) {
            HttpResponse<String> response = intruder.get(path);
            int status = response.statusCode();
            if (status == 404 || status == 403 || status == 303) {
                continue;
            }
            String body = response.body();
            for (String secret : secrets) {
                if (body.contains(secret)) {
                    leaks.add(status + " " + path + " shows '" + secret + "'");
                }
            }
        }
        assertTrue(leaks.isEmpty(), "leaks:\n" + String.join("\n", leaks));
    }
}
