package imagehub.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.AppContext;
import imagehub.access.Viewer;
import imagehub.farm.Server;
import imagehub.operation.OperationStatus;
import imagehub.operation.ReplaceTarget;
import imagehub.operation.ServerOperation;
import imagehub.operation.ServerOperationService.ReplaceRequest;
import imagehub.operation.StaleFarm;
import imagehub.scope.ScopeRef;
import imagehub.support.People;
import imagehub.support.TestApp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The trigger-kept rollup {@code server_image_counts} equals a COUNT over {@code servers} after every kind of
 * write: launch, scaler, terminate, suspend / resume, replace-servers, farm terminate and delete.
 */
class ServerImageCountsTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo()
            .with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000")
            .with("IMAGEHUB_OPERATIONS_INTERVAL_MS", "3600000");

    /** Active servers per rollup key, counted from the servers themselves. */
    private static final String FROM_SERVERS = """
            SELECT CONCAT_WS('|', farm_role_id, image_id, platform, cloud_location, farm_id, env_id, account_id, COUNT(*))
            FROM servers WHERE status IN ('PENDING', 'RUNNING', 'SUSPENDED')
            GROUP BY farm_role_id, image_id, platform, cloud_location, farm_id, env_id, account_id
            ORDER BY farm_role_id, image_id, platform, cloud_location""";
    private static final String FROM_ROLLUP = """
            SELECT CONCAT_WS('|', farm_role_id, image_id, platform, cloud_location, farm_id, env_id, account_id, active)
            FROM server_image_counts WHERE active <> 0
            ORDER BY farm_role_id, image_id, platform, cloud_location""";

    private static void assertExact(AppContext ctx, String after) {
        List<String> expected = ctx.jdbi.withHandle(h -> h.createQuery(FROM_SERVERS).mapTo(String.class).list());
        List<String> rollup = ctx.jdbi.withHandle(h -> h.createQuery(FROM_ROLLUP).mapTo(String.class).list());
        assertEquals(expected, rollup, "rollup after " + after);
        long negative = ctx.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM server_image_counts WHERE active < 0")
                .mapTo(Long.class).one());
        assertEquals(0, negative, "no negative counts after " + after);
    }

    private static long rollupRows(AppContext ctx, long farmRoleId) {
        return ctx.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM server_image_counts WHERE farm_role_id = :id")
                .bind("id", farmRoleId).mapTo(Long.class).one());
    }

    @Test
    void the_rollup_equals_a_count_over_servers_after_every_write() {
        AppContext ctx = app.context();
        People people = new People(ctx);
        Viewer alice = people.viewer("alice@example.com");
        Viewer bob = people.viewer("bob@example.com");
        Viewer admin = people.viewer(TestApp.ADMIN);
        ScopeRef acmeDev = people.env("acme", "acme-dev");
        assertExact(ctx, "the demo seeding");

        StaleFarm stale = StaleFarm.create(ctx, alice, bob, acmeDev, 4);
        assertExact(ctx, "launch and scaler");
        assertTrue(rollupRows(ctx, stale.farmRole().id()) > 0);

        Server first = ctx.farms.servers(bob, stale.farm().id()).get(0);
        ctx.farms.terminateServer(bob, first.id());
        assertExact(ctx, "terminating a server");
        ctx.scaler.runOnce();
        assertExact(ctx, "the scaler's replacement");

        ctx.farms.suspend(bob, stale.farm().id());
        assertExact(ctx, "suspend");
        ctx.farms.resume(bob, stale.farm().id());
        assertExact(ctx, "resume");

        ServerOperation op = ctx.operations.startReplaceServers(bob, acmeDev.id(),
                new ReplaceRequest(new ReplaceTarget.WholeFarm(stale.farm().id()), 2, 0));
        for (int pass = 0; pass < 20 && ctx.operations.get(bob, acmeDev.id(), op.id()).running(); pass++) {
            ctx.operationDriver.runOnce();
            assertExact(ctx, "a replace-servers batch");
            ctx.scaler.runOnce();
            assertExact(ctx, "the scaler during replace-servers");
        }
        assertEquals(OperationStatus.COMPLETED, ctx.operations.get(bob, acmeDev.id(), op.id()).status());
        assertEquals(4L, ctx.usage.groups(admin, acmeDev, UsageFilter.none().withFarm(stale.farm().id())).total());
        assertEquals(0L, ctx.usage.groups(admin, acmeDev,
                UsageFilter.none().withFarm(stale.farm().id()).withImageState(ImageState.SUPERSEDED)).total());

        ctx.farms.terminate(bob, stale.farm().id());
        assertExact(ctx, "terminating the farm");
        ctx.farms.delete(bob, stale.farm().id());
        assertExact(ctx, "deleting the farm");
        assertEquals(0, rollupRows(ctx, stale.farmRole().id()), "a deleted farm role leaves no rollup rows");
    }
}
