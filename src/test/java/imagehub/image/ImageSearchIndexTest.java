package imagehub.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.catalog.Architecture;
import imagehub.catalog.Platform;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import imagehub.scope.ScopeChain;
import imagehub.support.People;
import imagehub.support.TestApp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every filter of the image list (the API's Scalr filters) answers from an index: with {@value #BULK} images in one
 * environment and a single "needle" image holding the rare value of each filter, finding the needle reads a handful
 * of rows, not the environment's images. Rows read are MariaDB's own per-session handler counters, so the test
 * measures what the server did rather than what a plan promised.
 */
class ImageSearchIndexTest {
    private static final int BULK = 20_000;
    /** Far below BULK: a page of the needle plus the index probes of the other visible scopes. */
    private static final long FEW_ROWS = 200;

    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    private static ScopeChain chain;

    @BeforeAll
    static void seed() {
        ScopeRef dev = new People(app.context()).env("acme", "acme-dev");
        chain = app.context().access.chain(dev);
        app.context().jdbi.useHandle(h -> {
            h.createUpdate("""
                    INSERT INTO images (id, scope_level, scope_id, account_id, platform, cloud_location, cloud_image_id,
                      name, os_id, architecture, agent_installed, source, created_by, created_at)
                    SELECT UUID(), 'ENVIRONMENT', :env, :account, 'sandbox', 'sandbox-east-1',
                      CONCAT('sbx-bulk', LPAD(HEX(seq), 8, '0')), CONCAT('bulk-', seq), 'ubuntu-22-04', 'x86_64', TRUE,
                      'registered', 'tests', NOW(6)
                    FROM seq_1_to_""" + BULK)
                    .bind("env", dev.id()).bind("account", chain.accountId()).execute();
            h.createUpdate("""
                    INSERT INTO images (id, scope_level, scope_id, account_id, platform, cloud_location, cloud_image_id,
                      name, os_id, architecture, agent_installed, source, created_by, created_at, deprecated, cloud_state,
                      cloud_init_installed)
                    VALUES ('0b1c2d3e-0000-4000-8000-00000000beef', 'ENVIRONMENT', :env, :account, 'ec2', 'eu-north-1',
                      'ami-0needle', 'needle', 'rocky-9', 'arm64', FALSE, 'copied', 'tests', NOW(6), TRUE, 'failed', TRUE)""")
                    .bind("env", dev.id()).bind("account", chain.accountId()).execute();
            h.execute("ANALYZE TABLE images");
        });
    }

    private static ImageFilter.Exact exact(String id, String name, String cloudImageId, ImageSource source,
            CloudState status, Boolean agent, Boolean cloudInit) {
        return new ImageFilter.Exact(id, name, null, cloudImageId, source, status, agent, cloudInit);
    }

    @Test
    void every_filter_finds_the_needle_reading_a_handful_of_rows() {
        ImageFilter none = new ImageFilter(null, null, null, null, null, null, ImageSort.NAME, false);
        Map<String, ImageFilter> filters = new LinkedHashMap<>();
        filters.put("id", none.with(exact("0b1c2d3e-0000-4000-8000-00000000beef", null, null, null, null, null, null)));
        filters.put("name", none.with(exact(null, "needle", null, null, null, null, null)));
        filters.put("cloudImageId", none.with(exact(null, null, "ami-0needle", null, null, null, null)));
        filters.put("source", none.with(exact(null, null, null, ImageSource.COPIED, null, null, null)));
        filters.put("status", none.with(exact(null, null, null, null, CloudState.FAILED, null, null)));
        filters.put("scalrAgentInstalled", none.with(exact(null, null, null, null, null, false, null)));
        filters.put("cloudInitInstalled", none.with(exact(null, null, null, null, null, null, true)));
        filters.put("cloudPlatform", new ImageFilter(Platform.EC2, null, null, null, null, null, ImageSort.NAME, false));
        filters.put("cloudLocation", new ImageFilter(null, "eu-north-1", null, null, null, null, ImageSort.NAME, false));
        filters.put("os", new ImageFilter(null, null, "rocky-9", null, null, null, ImageSort.NAME, false));
        filters.put("architecture", new ImageFilter(null, null, null, Architecture.ARM64, null, null, ImageSort.NAME, false));
        filters.put("deprecated", new ImageFilter(null, null, null, null, true, null, ImageSort.NAME, false));
        filters.put("scope", none.with(new ImageFilter.Exact(null, "needle", ScopeLevel.ENVIRONMENT, null, null, null,
                null, null)));
        filters.forEach((name, filter) -> {
            Search search = search(filter);
            assertTrue(search.list().images().stream().anyMatch(i -> i.name().equals("needle")), name);
            assertTrue(search.list().images().stream().noneMatch(i -> i.name().startsWith("bulk-")), name);
            assertTrue(search.rowsRead() < FEW_ROWS, name + " read " + search.rowsRead() + " rows");
        });
    }

    @Test
    void the_measure_sees_a_scan_of_the_environment() {
        Search all = search(new ImageFilter(null, null, null, null, null, null, ImageSort.NAME, false));
        assertEquals(1, all.list().pageNum());
        assertTrue(all.list().total() > BULK, String.valueOf(all.list().total()));
        assertTrue(all.rowsRead() > BULK, "counting every image reads them all: " + all.rowsRead());
    }

    private record Search(ImageList list, long rowsRead) {
    }

    private static Search search(ImageFilter filter) {
        return app.context().jdbi.withHandle(h -> {
            long before = rowsRead(h);
            ImageList list = h.attach(ImageDao.class).search(chain, filter, 1, 100);
            return new Search(list, rowsRead(h) - before);
        });
    }

    /** The rows this session's handlers have read so far, by index or by scan. */
    private static long rowsRead(Handle h) {
        return h.createQuery("SHOW SESSION STATUS WHERE Variable_name LIKE 'Handler_read%'")
                .map((rs, ctx) -> rs.getLong("Value")).list().stream().mapToLong(Long::longValue).sum();
    }
}
