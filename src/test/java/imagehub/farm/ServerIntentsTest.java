package imagehub.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.AppContext;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.provider.ProviderException;
import imagehub.role.Role;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Launches and terminations are intents committed before the cloud is called. A node that dies between the commit
 * and the call (simulated: the intent is recorded and never carried out, and its lease has run out) leaves work
 * the reconciler finishes; nothing is launched twice and no instance outlives its server.
 */
class ServerIntentsTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000")
            .with("IMAGEHUB_SCHEDULER", "false");

    private AppContext ctx;
    private Viewer bob;
    private Role role;
    private ScopeRef acmeDev;

    @BeforeEach
    void setUp() {
        ctx = app.context();
        People people = new People(ctx);
        Viewer alice = people.viewer("alice@example.com");
        bob = people.viewer("bob@example.com");
        acmeDev = people.env("acme", "acme-dev");
        Fixtures fixtures = new Fixtures(ctx);
        role = fixtures.roleUsing(alice, acmeDev, fixtures.ubuntu(alice, acmeDev, Fixtures.EAST));
    }

    private FarmRole runningFarmRole(int min, int max) {
        Farm farm = ctx.farms.create(bob, acmeDev.id(), new FarmService.FarmInput(Fixtures.unique("farm"), "", null));
        FarmRole farmRole = ctx.farms.addFarmRole(bob, farm.id(),
                new FarmService.FarmRoleInput(role.id(), "sandbox", Fixtures.EAST, min, max, null));
        ctx.lifecycle.launch(bob, farm.id());
        return farmRole;
    }

    /** Records a launch and commits it, as a node does right before it would call the cloud. */
    private ServerIntents.Intent launchRecordedOnly(FarmRole farmRole) {
        return ctx.jdbi.inTransaction(h -> {
            FarmDao dao = h.attach(FarmDao.class);
            return ctx.lifecycle.launch(h, bob, dao.findFarm(farmRole.farmId()).orElseThrow(),
                    dao.lockFarmRole(farmRole.id()).orElseThrow());
        });
    }

    /** The node that recorded the intent died: its claim's lease ran out long ago. */
    private void leaseRanOut(long serverId) {
        ctx.jdbi.useHandle(h -> h.execute("UPDATE servers SET intent_claimed_at = ? WHERE id = ?",
                Instant.now().minusSeconds(3600), serverId));
    }

    private Server server(long id) {
        return ctx.jdbi.withExtension(FarmDao.class, dao -> dao.findServer(id)).orElseThrow();
    }

    private long liveInstances(FarmRole farmRole) {
        return ctx.jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM sandbox_instances WHERE group_name = :group AND state <> 'TERMINATED'")
                .bind("group", farmRole.groupName()).mapTo(Long.class).one());
    }

    @Test
    void a_launch_committed_but_never_sent_to_the_cloud_is_finished_by_the_reconciler() {
        FarmRole farmRole = runningFarmRole(1, 3);
        ServerIntents.Intent intent = launchRecordedOnly(farmRole);
        Server pending = server(intent.serverId());
        assertEquals(ServerStatus.PENDING, pending.status());
        assertNull(pending.cloudInstanceId(), "no call was made, so there is no instance yet");

        assertEquals(0, ctx.serverIntents.reconcile(), "a fresh intent belongs to the node that recorded it");
        assertEquals(0, ctx.scaler.runOnce(), "the scaler counts the pending server and launches nothing more");

        leaseRanOut(intent.serverId());
        assertEquals(1, ctx.serverIntents.reconcile());
        Server running = server(intent.serverId());
        assertEquals(ServerStatus.RUNNING, running.status());
        assertNotNull(running.cloudInstanceId());
        assertNull(running.intent());
        assertEquals(1, liveInstances(farmRole), "one instance in the farm role's group");
        assertEquals(0, ctx.serverIntents.reconcile(), "nothing left to finish");
        assertEquals(0, ctx.scaler.runOnce());
    }

    @Test
    void a_termination_committed_but_never_sent_to_the_cloud_is_finished_by_the_reconciler() {
        FarmRole farmRole = runningFarmRole(0, 3);
        Server server = ctx.lifecycle.launchServer(bob, farmRole.id());
        assertEquals(1, liveInstances(farmRole));
        ctx.jdbi.useTransaction(h -> ctx.lifecycle.terminate(h, bob, server(server.id())));
        assertTrue(server(server.id()).terminating());
        assertEquals(1, liveInstances(farmRole), "the instance still runs: the call was never made");

        leaseRanOut(server.id());
        assertEquals(1, ctx.serverIntents.reconcile());
        assertEquals(ServerStatus.TERMINATED, server(server.id()).status());
        assertEquals(0, liveInstances(farmRole));
    }

    @Test
    void two_reconcilers_racing_for_one_intent_launch_it_once() throws Exception {
        FarmRole farmRole = runningFarmRole(0, 3);
        ServerIntents.Intent intent = launchRecordedOnly(farmRole);
        leaseRanOut(intent.serverId());

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> racers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                racers.add(ctx.serverIntents::reconcile);
            }
            int finished = 0;
            for (Future<Integer> result : pool.invokeAll(racers)) {
                finished += result.get();
            }
            assertEquals(1, finished, "exactly one claim wins");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(ServerStatus.RUNNING, server(intent.serverId()).status());
        assertEquals(1, liveInstances(farmRole), "no second instance");
    }

    @Test
    void a_server_terminated_while_it_launches_leaves_no_instance_behind() {
        FarmRole farmRole = runningFarmRole(0, 3);
        ServerIntents.Intent launch = launchRecordedOnly(farmRole);
        Server terminated = ctx.lifecycle.terminateServer(bob, launch.serverId());
        assertEquals(ServerStatus.TERMINATED, terminated.status(), "nothing to call: it had no instance yet");

        // The launching node now gets its answer from the cloud, finds its intent gone and undoes the launch.
        Server after = ctx.serverIntents.carryOut(launch);
        assertEquals(ServerStatus.TERMINATED, after.status());
        assertNull(after.cloudInstanceId());
        assertEquals(0, liveInstances(farmRole), "the instance made meanwhile was terminated");
    }

    @Test
    void a_launch_the_cloud_refuses_ends_its_server_with_the_cause() {
        FarmRole farmRole = runningFarmRole(0, 3);
        ServerIntents.Intent launch = launchRecordedOnly(farmRole);
        // The image vanished from the sandbox cloud between the commit and the call.
        String cloudImageId = ctx.jdbi.withHandle(h -> h.createQuery(
                "SELECT i.cloud_image_id FROM images i JOIN servers s ON s.image_id = i.id WHERE s.id = :id")
                .bind("id", launch.serverId()).mapTo(String.class).one());
        ctx.jdbi.useHandle(h -> h.execute("UPDATE sandbox_images SET available_at = ? WHERE cloud_image_id = ?",
                Instant.now().plusSeconds(3600), cloudImageId));
        ProviderException refused = assertThrows(ProviderException.class, () -> ctx.serverIntents.carryOut(launch));
        assertTrue(refused.getMessage().contains("not available yet"), refused.getMessage());
        Server failed = server(launch.serverId());
        assertEquals(ServerStatus.TERMINATED, failed.status());
        assertTrue(failed.failure().contains("not available yet"), failed.failure());
        assertEquals(0, ctx.serverIntents.reconcile(), "a failed launch is not retried: the scaler launches anew");
    }
}
