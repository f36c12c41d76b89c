package imagehub.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import imagehub.AppContext;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.support.ApiClient;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The usage explorer on real MariaDB: counts per scope and reach, filters, the CSV export and the API. */
class UsageExplorerTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    private static AppContext ctx;
    private static UsageSeed seed;

    @BeforeAll
    static void seed() {
        ctx = app.context();
        seed = new UsageSeed(ctx);
    }

    private static UsageGroups groups(Viewer viewer, ScopeRef scope, UsageFilter filter) {
        return ctx.usage.groups(viewer, scope, filter);
    }

    private static long count(Viewer viewer, ScopeRef scope, UsageFilter filter) {
        return groups(viewer, scope, filter).total();
    }

    @Test
    void explorer_counts_match_the_seeded_fleet_at_each_scope_and_for_each_reach() {
        UsageGroups global = groups(seed.admin, ScopeRef.GLOBAL, UsageFilter.none());
        assertEquals(6, global.total());
        assertEquals(List.of(3L, 2L, 1L), global.farms().stream().map(UsageGroups.FarmGroup::servers).toList());
        assertEquals(6, ctx.usage.servers(seed.admin, ScopeRef.GLOBAL, UsageFilter.none(), 1, 100).total());

        assertEquals(5, count(seed.alice, seed.acme, UsageFilter.none()), "alice sees acme's servers");
        assertEquals(5, count(seed.alice, seed.acmeDev, UsageFilter.none()));
        assertEquals(5, count(seed.bob, seed.acmeDev, UsageFilter.none()));
        assertThrows(NotFoundException.class, () -> count(seed.alice, ScopeRef.GLOBAL, UsageFilter.none()));
        assertThrows(NotFoundException.class, () -> count(seed.alice, seed.globexProd, UsageFilter.none()));
        assertThrows(NotFoundException.class, () -> count(seed.carol, seed.acme, UsageFilter.none()));
        assertThrows(NotFoundException.class, () -> count(seed.carol, seed.acmeDev, UsageFilter.none()));
        UsageGroups carol = groups(seed.carol, seed.globexProd, UsageFilter.none());
        assertEquals(1, carol.total(), "carol sees globex-prod only");
        assertEquals(seed.globexFarm.id(), carol.farms().get(0).farmId());

        UsageGroups acme = groups(seed.alice, seed.acme, UsageFilter.none());
        assertEquals(Map.of("bob@example.com", 3L, "alice@example.com", 2L), Map.of(
                acme.owners().get(0).ownerEmail(), acme.owners().get(0).servers(),
                acme.owners().get(1).ownerEmail(), acme.owners().get(1).servers()));
    }

    @Test
    void image_state_age_image_and_farm_filters_narrow_the_list() {
        UsageFilter none = UsageFilter.none();
        assertEquals(2, count(seed.alice, seed.acme, none.withImageState(ImageState.DEPRECATED)));
        assertEquals(3, count(seed.alice, seed.acme, none.withImageState(ImageState.SUPERSEDED)));
        assertEquals(3, count(seed.admin, ScopeRef.GLOBAL, none.withImageState(ImageState.SUPERSEDED)));
        assertEquals(0, count(seed.carol, seed.globexProd, none.withImageState(ImageState.SUPERSEDED)));
        List<UsageRow> superseded = ctx.usage.rows(seed.alice, seed.acme, none.withImageState(ImageState.SUPERSEDED), 1, 100);
        assertTrue(superseded.stream().allMatch(r -> r.imageId().equals(seed.replaced.id()) && r.superseded()
                && seed.current.name().equals(r.currentImageName())));
        assertTrue(ctx.usage.rows(seed.alice, seed.acme, none.withImageState(ImageState.DEPRECATED), 1, 100).stream()
                .allMatch(r -> r.deprecated() && !r.superseded()));

        ctx.jdbi.useHandle(h -> h.createUpdate("UPDATE images SET created_at = :at WHERE id = :id")
                .bind("at", Instant.now().minus(Duration.ofDays(40))).bind("id", seed.replaced.id()).execute());
        assertEquals(3, count(seed.alice, seed.acme, UsageFilter.of(Map.of("olderThanDays", "30"))));
        assertEquals(0, count(seed.alice, seed.acme, UsageFilter.of(Map.of("olderThanDays", "60"))));
        assertEquals(2, count(seed.alice, seed.acme, UsageFilter.of(Map.of("imageId", seed.deprecated.id()))));
        assertEquals(3, count(seed.alice, seed.acme, none.withFarm(seed.staleFarm.id())));
        assertEquals(0, count(seed.alice, seed.acme, none.withFarm(seed.globexFarm.id())), "another account's farm");
        assertEquals(2, count(seed.alice, seed.acme, none.withOwner("alice@example.com")));
        assertThrows(imagehub.core.ValidationException.class, () -> UsageFilter.of(Map.of("imageState", "stale")));
        assertThrows(imagehub.core.ValidationException.class, () -> UsageFilter.of(Map.of("olderThanDays", "-1")));
    }

    /** Every page, one row at a time, in the export's order (the index query) — for the rollup's walk too. */
    private static void assertPagesEqualExport(Viewer viewer, ScopeRef scope, UsageFilter filter) {
        List<Long> exported = new ArrayList<>();
        ctx.usage.export(viewer, scope, filter, row -> exported.add(row.serverId()));
        List<Long> paged = new ArrayList<>();
        for (int page = 1; page <= exported.size() + 1; page++) {
            ctx.usage.rows(viewer, scope, filter, page, 1).forEach(row -> paged.add(row.serverId()));
        }
        assertEquals(exported, paged, filter + " at " + scope);
        assertEquals(exported, ctx.usage.rows(viewer, scope, filter, 1, 100).stream().map(UsageRow::serverId).toList());
    }

    @Test
    void pages_of_every_image_state_hold_the_exported_servers_in_order() {
        for (ImageState state : ImageState.values()) {
            UsageFilter filter = UsageFilter.none().withImageState(state);
            assertPagesEqualExport(seed.admin, ScopeRef.GLOBAL, filter);
            assertPagesEqualExport(seed.alice, seed.acme, filter);
            assertPagesEqualExport(seed.alice, seed.acmeDev, filter);
            assertPagesEqualExport(seed.alice, seed.acme, filter.withFarm(seed.staleFarm.id()));
            assertPagesEqualExport(seed.alice, seed.acme, filter.withOwner("alice@example.com"));
        }
        assertFalse(ctx.usage.rows(seed.alice, seed.acme, UsageFilter.none().withImageState(ImageState.DEPRECATED), 1, 100)
                .isEmpty(), "the seed has servers on deprecated images");
    }

    @Test
    void the_csv_export_holds_exactly_the_listed_rows() throws IOException {
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        String query = "?imageState=superseded";
        HttpResponse<String> page = alice.get(seed.acme.path() + UsageRoutes.PATH + query);
        assertEquals(200, page.statusCode());
        List<Long> listed = new ArrayList<>();
        Matcher matcher = Pattern.compile("data-server=\"(\\d+)\"").matcher(page.body());
        while (matcher.find()) {
            listed.add(Long.parseLong(matcher.group(1)));
        }
        assertEquals(3, listed.size());
        assertTrue(page.body().contains(seed.acme.path() + UsageRoutes.CSV + query), "the CSV link keeps the filters");

        HttpResponse<String> csv = alice.get(seed.acme.path() + UsageRoutes.CSV + query);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.body())).getRecords();
        assertEquals(listed, records.stream().map(r -> Long.parseLong(r.get("server_id"))).toList());
        List<UsageRow> rows = ctx.usage.rows(seed.alice, seed.acme, UsageFilter.of(Map.of("imageState", "superseded")), 1, 100);
        for (int i = 0; i < rows.size(); i++) {
            UsageRow row = rows.get(i);
            CSVRecord record = records.get(i);
            assertEquals(List.of(row.instanceId(), row.farmName(), row.imageId(), row.imageName(), "false", "true",
                    row.currentImageName(), row.launchedAt().toString()), List.of(record.get("instance_id"),
                    record.get("farm"), record.get("image_id"), record.get("image"), record.get("deprecated"),
                    record.get("superseded"), record.get("current_image"), record.get("launched")));
        }
        assertEquals(404, WebClient.signedIn(app, "carol@example.com").get(seed.acme.path() + UsageRoutes.CSV).statusCode());
    }

    @Test
    void the_explorer_page_offers_replace_servers_to_operators_only() {
        String acmeDevPage = WebClient.signedIn(app, "bob@example.com").get(seed.acmeDev.path() + UsageRoutes.PATH).body();
        assertTrue(acmeDevPage.contains(UsageRoutes.replaceServersPath(seed.acmeDev.id(), seed.staleFarm.id())));
        String carolPage = WebClient.signedIn(app, "carol@example.com").get(seed.globexProd.path() + UsageRoutes.PATH).body();
        assertTrue(carolPage.contains("data-farm=\"" + seed.globexFarm.id() + "\""));
        assertFalse(carolPage.contains("replace-servers"), "read-only users get no replace action");
        assertEquals(404, WebClient.signedIn(app, "carol@example.com").get(seed.acme.path() + UsageRoutes.PATH).statusCode());
        String imagePage = WebClient.signedIn(app, "alice@example.com")
                .get(seed.acmeDev.path() + "/images/" + seed.replaced.id()).body();
        assertTrue(imagePage.contains(UsageRoutes.PATH + "?imageId=" + seed.replaced.id()), "servers on this image");
    }

    @Test
    void account_and_global_admins_are_offered_replace_servers_on_every_listed_farm() {
        String acmeDevHook = UsageRoutes.replaceServersPath(seed.acmeDev.id(), seed.staleFarm.id());
        String globexHook = UsageRoutes.replaceServersPath(seed.globexProd.id(), seed.globexFarm.id());
        String admins = WebClient.signedIn(app, TestApp.ADMIN).get(ScopeRef.GLOBAL.path() + UsageRoutes.PATH).body();
        assertTrue(admins.contains(acmeDevHook) && admins.contains(globexHook), "a Global admin operates everywhere");
        String alices = WebClient.signedIn(app, "alice@example.com").get(seed.acme.path() + UsageRoutes.PATH).body();
        assertTrue(alices.contains(acmeDevHook), "an account admin operates in its environments");
        assertTrue(alices.contains(UsageRoutes.replaceServersPath(seed.acmeDev.id(), seed.deprecatedFarm.id())));
        assertFalse(alices.contains(globexHook), "another account's farm is not even listed");
    }

    @Test
    void the_api_lists_usage_with_filters_and_refuses_unknown_ones() {
        ApiClient alice = client("alice@example.com");
        String base = "/api/v1beta0/account/" + seed.acme.id() + UsageApi.SERVERS;
        ApiClient.Answer all = alice.get(base);
        assertEquals(200, all.status(), String.valueOf(all.body()));
        assertEquals(5, all.data().size());
        ApiClient.Answer deprecated = alice.get(base + "?imageState=deprecated");
        assertEquals(2, deprecated.data().size());
        assertTrue(deprecated.data().get(0).path("imageDeprecated").asBoolean());
        assertEquals(3, alice.get(base + "?imageState=superseded&farmId=" + seed.staleFarm.id()).data().size());
        assertEquals(2, alice.get(base + "?imageId=" + seed.deprecated.id()).data().size());
        ApiClient.Answer paged = alice.get(base + "?maxResults=2&pageNum=3");
        assertEquals(1, paged.data().size());
        assertTrue(paged.body().path("pagination").path("prev").asText().contains("pageNum=2"));
        assertEquals("InvalidStructure", alice.get(base + "?owner=bob@example.com").errorCode());
        assertEquals(400, alice.get(base + "?color=red").status());
        assertEquals("InvalidValue", alice.get(base + "?imageState=stale").errorCode());
        assertEquals("InvalidValue", alice.get(base + "?olderThanDays=soon").errorCode());
        assertEquals(404, alice.get("/api/v1beta0/global" + UsageApi.SERVERS).status());

        JsonNode freshness = alice.get("/api/v1beta0/user/" + seed.acmeDev.id() + UsageApi.FRESHNESS).data();
        assertEquals(5, freshness.path("now").path("total").asLong());
        assertEquals(2, freshness.path("now").path("fresh").asLong());
        assertTrue(freshness.path("series").isArray());
    }

    private static ApiClient client(String email) {
        long id = ctx.jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = ctx.apiKeys.create(Viewer.system(), id, "tests");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }
}
