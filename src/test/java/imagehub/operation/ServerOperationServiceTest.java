package imagehub.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.AppContext;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.farm.Farm;
import imagehub.farm.Server;
import imagehub.operation.ServerOperationService.ReplaceRequest;
import imagehub.operation.ServerOperationService.Step;
import imagehub.core.ScopeRef;
import imagehub.support.People;
import imagehub.support.TestApp;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replace servers on real MariaDB and the sandbox cloud, with the scaler and the driver stepped by hand. */
class ServerOperationServiceTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo()
            .with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000")
            .with("IMAGEHUB_OPERATIONS_INTERVAL_MS", "3600000");

    private AppContext ctx;
    private Viewer alice;
    private Viewer bob;
    private Viewer carol;
    private ScopeRef acmeDev;

    @BeforeEach
    void setUp() {
        ctx = app.context();
        People people = new People(ctx);
        alice = people.viewer("alice@example.com");
        bob = people.viewer("bob@example.com");
        carol = people.viewer("carol@example.com");
        acmeDev = people.env("acme", "acme-dev");
    }

    private StaleFarm staleFarm(int min) {
        return StaleFarm.create(ctx, alice, bob, acmeDev, min);
    }

    private ServerOperation start(Viewer viewer, ReplaceTarget target, int batch) {
        return ctx.operations.startReplaceServers(viewer, acmeDev.id(), new ReplaceRequest(target, batch, 0));
    }

    private List<Server> servers(Farm farm) {
        return ctx.farms.servers(bob, farm.id());
    }

    @Test
    void replace_servers_reaches_full_freshness_in_batches_without_dropping_more_than_a_batch_below_min() {
        StaleFarm stale = staleFarm(4);
        ServerOperation op = start(bob, new ReplaceTarget.WholeFarm(stale.farm().id()), 2);
        assertEquals(4, op.total());
        assertEquals(OperationStatus.RUNNING, op.status());

        int fewest = servers(stale.farm()).size();
        for (int pass = 0; pass < 20 && ctx.operations.get(bob, acmeDev.id(), op.id()).running(); pass++) {
            ctx.operationDriver.runOnce();
            fewest = Math.min(fewest, servers(stale.farm()).size());
            ctx.scaler.runOnce();
        }
        ServerOperation done = ctx.operations.get(bob, acmeDev.id(), op.id());
        assertEquals(OperationStatus.COMPLETED, done.status(), done.message());
        assertEquals(100, done.progress());
        assertEquals(4, done.replaced());
        assertTrue(fewest >= 2, "never fewer than min - batch active servers, saw " + fewest);
        List<Server> after = servers(stale.farm());
        assertEquals(4, after.size());
        assertTrue(after.stream().allMatch(s -> s.imageId().equals(stale.fresh().id())), "all on the current image");
        List<String> trail = ctx.operations.trail(bob, acmeDev.id(), op.id()).stream().map(a -> a.action()).toList();
        assertEquals(List.of("server-operation.completed", "server-operation.batch", "server-operation.batch",
                "server-operation.start"), trail);
    }

    @Test
    void servers_above_the_minimum_are_replaced_too_so_the_farm_keeps_its_size() {
        StaleFarm stale = StaleFarm.create(ctx, alice, bob, acmeDev, 1);
        ctx.farms.resizeFarmRole(bob, stale.farmRole().id(), 1, 5);
        ctx.lifecycle.launchServer(bob, stale.farmRole().id());
        ctx.lifecycle.launchServer(bob, stale.farmRole().id());
        assertEquals(3, servers(stale.farm()).size());
        ServerOperation op = start(bob, new ReplaceTarget.WholeFarm(stale.farm().id()), 1);
        for (int pass = 0; pass < 20 && ctx.operations.get(bob, acmeDev.id(), op.id()).running(); pass++) {
            ctx.operationDriver.runOnce();
            ctx.scaler.runOnce();
        }
        assertEquals(OperationStatus.COMPLETED, ctx.operations.get(bob, acmeDev.id(), op.id()).status());
        List<Server> after = servers(stale.farm());
        assertEquals(3, after.size(), "the farm role keeps the servers it ran above its minimum");
        assertTrue(after.stream().allMatch(s -> s.imageId().equals(stale.fresh().id())));
    }

    @Test
    void a_batch_waits_for_the_previous_replacements_to_be_up() {
        StaleFarm stale = staleFarm(4);
        ServerOperation op = start(bob, new ReplaceTarget.OneFarmRole(stale.farmRole().id()), 2);
        assertEquals(Step.TERMINATED, ctx.operations.advance(op.id()));
        assertEquals(Step.WAITING, ctx.operations.advance(op.id()));
        assertEquals(2, servers(stale.farm()).size());
        assertTrue(ctx.operations.get(bob, acmeDev.id(), op.id()).message().startsWith("Waiting for replacements"));
        ctx.scaler.runOnce();
        assertEquals(Step.TERMINATED, ctx.operations.advance(op.id()));
        ServerOperation allTerminated = ctx.operations.get(bob, acmeDev.id(), op.id());
        assertEquals(100, allTerminated.progress());
        assertEquals(OperationStatus.RUNNING, allTerminated.status(), "completes once the replacements are up");
        assertEquals(Step.WAITING, ctx.operations.advance(op.id()));
        ctx.scaler.runOnce();
        assertEquals(Step.COMPLETED, ctx.operations.advance(op.id()));
    }

    @Test
    void a_cancelled_operation_terminates_nothing_more_and_the_scaler_restores_the_minimum() {
        StaleFarm stale = staleFarm(4);
        ServerOperation op = start(bob, new ReplaceTarget.OldImage(stale.old().id()), 2);
        assertEquals(Step.TERMINATED, ctx.operations.advance(op.id()));
        ServerOperation cancelled = ctx.operations.cancel(bob, acmeDev.id(), op.id());
        assertEquals(OperationStatus.CANCELLED, cancelled.status());
        assertEquals(50, cancelled.progress());
        assertThrows(ConflictException.class, () -> ctx.operations.cancel(bob, acmeDev.id(), op.id()));

        for (int pass = 0; pass < 3; pass++) {
            assertEquals(0, ctx.operationDriver.runOnce());
            ctx.scaler.runOnce();
        }
        List<Server> after = servers(stale.farm());
        assertEquals(4, after.size(), "back at min");
        assertEquals(2, after.stream().filter(s -> s.imageId().equals(stale.old().id())).count(), "the rest stay");
        assertEquals(2, after.stream().filter(s -> s.imageId().equals(stale.fresh().id())).count());
    }

    @Test
    void starting_is_refused_when_nothing_is_stale_or_the_settings_are_out_of_range() {
        StaleFarm stale = staleFarm(1);
        ServerOperation op = start(bob, new ReplaceTarget.WholeFarm(stale.farm().id()), 5);
        assertThrows(ConflictException.class, () -> start(bob, new ReplaceTarget.OneFarmRole(stale.farmRole().id()), 1),
                "one operation at a time on the same servers");
        ctx.operationDriver.runOnce();
        ctx.scaler.runOnce();
        ctx.operationDriver.runOnce();
        assertEquals(OperationStatus.COMPLETED, ctx.operations.get(bob, acmeDev.id(), op.id()).status());

        ConflictException nothing = assertThrows(ConflictException.class,
                () -> start(bob, new ReplaceTarget.WholeFarm(stale.farm().id()), 1));
        assertTrue(nothing.getMessage().contains("nothing to replace"), nothing.getMessage());
        ValidationException invalid = assertThrows(ValidationException.class, () -> ctx.operations.startReplaceServers(
                bob, acmeDev.id(), new ReplaceRequest(new ReplaceTarget.WholeFarm(stale.farm().id()), 51, -1)));
        assertEquals(java.util.Set.of("batchSize", "pauseSeconds"), invalid.errors().keySet());
    }

    @Test
    void operators_replace_servers_and_outsiders_do_not_see_the_operation() {
        StaleFarm stale = staleFarm(1);
        ReplaceTarget target = new ReplaceTarget.WholeFarm(stale.farm().id());
        assertThrows(NotFoundException.class, () -> start(carol, target, 1));
        ServerOperation op = start(bob, target, 1);
        assertThrows(NotFoundException.class, () -> ctx.operations.get(carol, acmeDev.id(), op.id()));
        assertThrows(NotFoundException.class, () -> ctx.operations.cancel(carol, acmeDev.id(), op.id()));
        assertTrue(ctx.operations.page(bob, acmeDev.id(), null, null, 0, 100).operations().stream().anyMatch(o -> o.id() == op.id()));
        ctx.operations.cancel(bob, acmeDev.id(), op.id());
    }

    @Test
    void the_plan_shows_stale_servers_per_farm_role_with_their_current_image() {
        StaleFarm stale = staleFarm(3);
        ServerOperationService.Plan plan = ctx.operations.plan(bob, acmeDev.id(),
                new ReplaceTarget.WholeFarm(stale.farm().id()));
        assertEquals(3, plan.servers());
        StaleGroup group = plan.groups().get(0);
        assertEquals(stale.farmRole().alias(), group.alias());
        assertEquals(stale.old().name(), group.oldImageName());
        assertEquals(stale.fresh().name(), group.currentImageName());
    }
}
