package imagehub.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.App;
import imagehub.Config;
import imagehub.access.Viewer;
import imagehub.catalog.Platform;
import imagehub.farm.Farm;
import imagehub.farm.FarmStatus;
import imagehub.farm.Server;
import imagehub.farm.ServerStatus;
import imagehub.image.Image;
import imagehub.core.ScopeRef;
import imagehub.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A database that an older Imagehub left at migration V20, with the data such an install holds, brought to head by
 * the production start ({@link App#start}, which runs {@link Database#migrate}): nothing is lost, and the columns
 * and tables added since are filled from the data that was there.
 */
class MigrationUpgradeTest {
    private static final String OLD_IMAGE = "00000000-0000-0000-0000-00000000000a";
    private static final String NEW_IMAGE = "00000000-0000-0000-0000-00000000000b";
    private static final String GLOBAL_IMAGE = "00000000-0000-0000-0000-00000000000c";

    private static App app;
    private static final long FARM = 21;
    private static final long FARM_ROLE = 31;

    @BeforeAll
    static void upgradeAnOldInstall() throws Exception {
        DatabaseLogin login = TestDatabase.freshDatabase();
        try (Database old = Database.open(login.url(), login.user(), login.password())) {
            Flyway.configure().dataSource(old.dataSource()).locations("classpath:db/migration").target("20").load()
                    .migrate();
            old.jdbi().useTransaction(MigrationUpgradeTest::seedAsOfV20);
        }
        Map<String, String> env = new HashMap<>();
        env.put("IMAGEHUB_PORT", "0");
        env.put("IMAGEHUB_DB_URL", login.url());
        env.put("IMAGEHUB_DB_USER", login.user());
        env.put("IMAGEHUB_DB_PASSWORD", login.password());
        env.put("IMAGEHUB_DATA_DIR", Files.createDirectories(Path.of("target", "test-data")).toAbsolutePath().toString());
        env.put("IMAGEHUB_ADMIN_EMAIL", "admin@example.com");
        env.put("IMAGEHUB_ADMIN_PASSWORD", "demo-password-1");
        // The scaler would start servers for the running farm and blur what the upgrade itself produced.
        env.put("IMAGEHUB_SCHEDULER", "false");
        app = App.start(Config.from(env));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** acme › acme-dev with alice (account admin), two images of a role (the older deprecated), a running farm. */
    private static void seedAsOfV20(Handle h) {
        String t = "'2025-06-01 10:00:00'";
        h.execute("INSERT INTO accounts (id, name, created_at) VALUES (7, 'acme', " + t + ")");
        h.execute("INSERT INTO environments (id, account_id, name, created_at) VALUES (11, 7, 'acme-dev', " + t + ")");
        h.execute("INSERT INTO users (id, email, name, kind, password_hash, disabled, created_at) VALUES "
                + "(5, 'alice@example.com', 'Alice', 'HUMAN', NULL, FALSE, " + t + ")");
        h.execute("INSERT INTO grants (user_id, scope_level, scope_id, role) VALUES (5, 'ACCOUNT', 7, 'ADMIN')");
        String imageColumns = "INSERT INTO images (id, scope_level, scope_id, account_id, platform, cloud_location, "
                + "cloud_image_id, name, description, os_id, architecture, agent_installed, size_gb, source, created_by, "
                + "created_at, deprecated, deprecation_reason, deprecated_at, replacement_image_id) VALUES ";
        h.execute(imageColumns + "('" + GLOBAL_IMAGE + "', 'GLOBAL', 0, NULL, 'sandbox', 'sandbox-east-1', 'sbx-00000001', "
                + "'ubuntu-22-04', 'base', 'ubuntu-22-04', 'x86_64', TRUE, 8, 'registered', 'admin@example.com', " + t
                + ", FALSE, NULL, NULL, NULL)");
        h.execute(imageColumns + "('" + OLD_IMAGE + "', 'ENVIRONMENT', 11, 7, 'sandbox', 'sandbox-east-1', 'sbx-0000000a', "
                + "'web-2025-05', '', 'ubuntu-22-04', 'x86_64', TRUE, 8, 'registered', 'alice@example.com', " + t
                + ", TRUE, 'superseded', " + t + ", '" + NEW_IMAGE + "')");
        h.execute(imageColumns + "('" + NEW_IMAGE + "', 'ENVIRONMENT', 11, 7, 'sandbox', 'sandbox-east-1', 'sbx-0000000b', "
                + "'web-2025-06', '', 'ubuntu-22-04', 'x86_64', TRUE, 8, 'registered', 'alice@example.com', " + t
                + ", FALSE, NULL, NULL, NULL)");
        h.execute("INSERT INTO roles (id, scope_level, scope_id, account_id, name, os_family, category, description, "
                + "created_by, created_at) VALUES (3, 'ENVIRONMENT', 11, 7, 'web', 'ubuntu', 'app', '', 'alice@example.com', "
                + t + ")");
        h.execute("INSERT INTO role_images (role_id, platform, cloud_location, image_id) VALUES "
                + "(3, 'sandbox', 'sandbox-east-1', '" + NEW_IMAGE + "')");
        h.execute("INSERT INTO farms (id, env_id, account_id, name, description, owner_id, status, created_by, created_at) "
                + "VALUES (" + FARM + ", 11, 7, 'shop', 'the shop', 5, 'RUNNING', 'alice@example.com', " + t + ")");
        h.execute("INSERT INTO farm_roles (id, farm_id, role_id, alias, platform, cloud_location, min_servers, max_servers, "
                + "created_at) VALUES (" + FARM_ROLE + ", " + FARM + ", 3, 'web', 'sandbox', 'sandbox-east-1', 3, 5, " + t + ")");
        String serverColumns = "INSERT INTO servers (farm_role_id, farm_id, env_id, account_id, platform, cloud_location, "
                + "cloud_instance_id, image_id, status, launched_at, terminated_at) VALUES ";
        h.execute(serverColumns + "(" + FARM_ROLE + ", " + FARM + ", 11, 7, 'sandbox', 'sandbox-east-1', 'i-old1', '" + OLD_IMAGE + "', 'RUNNING', "
                + t + ", NULL)");
        h.execute(serverColumns + "(" + FARM_ROLE + ", " + FARM + ", 11, 7, 'sandbox', 'sandbox-east-1', 'i-old2', '" + OLD_IMAGE + "', 'SUSPENDED', "
                + t + ", NULL)");
        h.execute(serverColumns + "(" + FARM_ROLE + ", " + FARM + ", 11, 7, 'sandbox', 'sandbox-east-1', 'i-old3', '" + OLD_IMAGE + "', 'TERMINATED', "
                + t + ", " + t + ")");
        h.execute(serverColumns + "(" + FARM_ROLE + ", " + FARM + ", 11, 7, 'sandbox', 'sandbox-east-1', 'i-new1', '" + NEW_IMAGE + "', 'RUNNING', "
                + t + ", NULL)");
    }

    @Test
    void the_upgrade_keeps_every_row_of_the_old_install() {
        app.context().jdbi.useHandle(h -> {
            assertEquals(List.of("acme"), h.createQuery("SELECT name FROM accounts").mapTo(String.class).list());
            assertEquals(List.of("acme-dev"), h.createQuery("SELECT name FROM environments").mapTo(String.class).list());
            assertEquals(1, count(h, "SELECT COUNT(*) FROM grants g JOIN users u ON u.id = g.user_id "
                    + "WHERE u.email = 'alice@example.com' AND g.scope_level = 'ACCOUNT' AND g.scope_id = 7 AND g.role = 'ADMIN'"));
            assertEquals(3, count(h, "SELECT COUNT(*) FROM images"));
            assertEquals(1, count(h, "SELECT COUNT(*) FROM role_images WHERE role_id = 3 AND image_id = '" + NEW_IMAGE + "'"));
            assertEquals(4, count(h, "SELECT COUNT(*) FROM servers"));
        });
        Image old = app.context().images.get(Viewer.system(), ScopeRef.environment(11), OLD_IMAGE);
        assertTrue(old.deprecated());
        assertEquals(NEW_IMAGE, old.replacementImageId());
        assertEquals(Platform.SANDBOX, old.platform());

        Farm farm = app.context().farms.get(Viewer.system(), FARM);
        assertEquals(FarmStatus.RUNNING, farm.status());
        assertEquals("alice@example.com", farm.ownerEmail(), "alice's account grant still covers the farm");
    }

    @Test
    void servers_of_the_old_install_name_the_image_they_were_launched_from() {
        List<Server> active = app.context().farms.servers(Viewer.system(), FARM);
        assertEquals(List.of("i-old1", "i-old2", "i-new1"), active.stream().map(Server::cloudInstanceId).toList());
        assertEquals(List.of(ServerStatus.RUNNING, ServerStatus.SUSPENDED, ServerStatus.RUNNING),
                active.stream().map(Server::status).toList());
        assertTrue(active.stream().allMatch(s -> s.platform() == Platform.SANDBOX && s.farmRoleId() == FARM_ROLE));
        // V25 copied the name into each server row, terminated ones included.
        assertEquals(Map.of("i-old1", "web-2025-05", "i-old2", "web-2025-05", "i-old3", "web-2025-05", "i-new1", "web-2025-06"),
                app.context().jdbi.withHandle(h -> h.createQuery("SELECT cloud_instance_id, image_name FROM servers")
                        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).list())
                        .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Test
    void the_usage_rollup_is_built_from_the_servers_that_were_there() {
        List<Map<String, Object>> rollup = app.context().jdbi.withHandle(h -> h.createQuery("""
                        SELECT image_id, active, role_id, fresh, deprecated FROM server_image_counts
                        WHERE farm_role_id = :farmRole ORDER BY image_id""")
                .bind("farmRole", FARM_ROLE).mapToMap().list());
        assertEquals(2, rollup.size(), rollup.toString());
        Map<String, Object> onOld = rollup.get(0);
        assertEquals(OLD_IMAGE, onOld.get("image_id"));
        assertEquals(2, ((Number) onOld.get("active")).intValue(), "the terminated server is not counted");
        assertEquals(3L, ((Number) onOld.get("role_id")).longValue());
        assertFalse(bool(onOld.get("fresh")), "the old image is not the role's current one");
        assertTrue(bool(onOld.get("deprecated")));
        Map<String, Object> onNew = rollup.get(1);
        assertEquals(NEW_IMAGE, onNew.get("image_id"));
        assertEquals(1, ((Number) onNew.get("active")).intValue());
        assertTrue(bool(onNew.get("fresh")));
        assertFalse(bool(onNew.get("deprecated")));
    }

    private static int count(Handle h, String sql) {
        return h.createQuery(sql).mapTo(Integer.class).one();
    }

    private static boolean bool(Object value) {
        return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
    }
}
