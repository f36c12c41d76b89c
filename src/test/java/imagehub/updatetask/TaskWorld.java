package imagehub.updatetask;

import imagehub.AppContext;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.farm.Farm;
import imagehub.farm.FarmRole;
import imagehub.farm.FarmService;
import imagehub.farm.Server;
import imagehub.image.Image;
import imagehub.role.Role;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.user.UserDao;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;

/**
 * The demo's people (alice: acme admin, bob: acme-dev operator, carol: globex read-only, ci-publisher: a service
 * account administering acme-dev) and, per test, a running sandbox server whose image its role uses.
 */
final class TaskWorld {
    /** Lets every run's name {@code <name>_on_<id>_at_<yyyyMMddHHmm>} through acme's naming policy. */
    static final String POLICY = "^[a-z0-9]+([_-][a-z0-9]+)*$";

    final AppContext ctx;
    final Fixtures fixtures;
    final Viewer alice;
    final Viewer bob;
    final Viewer carol;
    final ScopeRef acme;
    final ScopeRef acmeDev;
    final long publisher;

    TaskWorld(AppContext ctx) {
        this.ctx = ctx;
        this.fixtures = new Fixtures(ctx);
        People people = new People(ctx);
        alice = people.viewer("alice@example.com");
        bob = people.viewer("bob@example.com");
        carol = people.viewer("carol@example.com");
        acme = people.account("acme");
        acmeDev = people.env("acme", "acme-dev");
        publisher = ctx.jdbi.withExtension(UserDao.class, dao -> dao.findByEmail("ci-publisher@service.imagehub"))
                .orElseThrow().id();
        ctx.imageNaming.setNamingPolicy(alice, acme, POLICY);
    }

    /** A server of a running farm, the image it runs and the role (and farm role) using that image. */
    record Source(Image image, Role role, Farm farm, FarmRole farmRole, Server server) {
    }

    Source source() {
        Image image = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        Role role = fixtures.roleUsing(alice, acmeDev, image);
        Farm farm = ctx.farms.create(alice, acmeDev.id(), new FarmService.FarmInput(Fixtures.unique("farm"), "", null));
        FarmRole farmRole = ctx.farms.addFarmRole(alice, farm.id(),
                new FarmService.FarmRoleInput(role.id(), "sandbox", Fixtures.EAST, 1, 1, null));
        ctx.lifecycle.launch(alice, farm.id());
        ctx.scaler.runOnce();
        Server server = ctx.farms.servers(alice, farm.id()).get(0);
        return new Source(image, role, farm, farmRole, server);
    }

    static TaskInput now(Source source, boolean deprecate, TaskInput.Target... targets) {
        return new TaskInput("nightly", source.server().id(), "web", "environment", List.of(targets), deprecate,
                TaskInput.Timing.now(), null);
    }

    TaskInput periodic(Source source, TaskInput.Target... targets) {
        return new TaskInput("weekly", source.server().id(), "web", "environment", List.of(targets), true,
                TaskInput.Timing.periodic("Europe/Berlin", new TaskInput.Recurrence("daily", null, null, null,
                        LocalTime.of(2, 0)), null, LocalDateTime.now(java.time.ZoneId.of("Europe/Berlin")).plusDays(30)), publisher);
    }

    /** Waits (bounded) until the run has finished and returns it. */
    Execution await(long executionId) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            Execution execution = ctx.updateTasks.execution(alice, executionId);
            if (execution.finishedRunning() || System.currentTimeMillis() > deadline) {
                return execution;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    String roleImage(Role role) {
        return fixtures.imageOf(role, Fixtures.EAST);
    }

    Image image(String id) {
        return ctx.images.get(alice, acmeDev, id);
    }

    /** The lineage columns update task runs write on an image. */
    record Lineage(Long sourceServerId, String parentImageId, Long taskId, Long executionId, boolean fromFailedRun) {
    }

    Lineage lineage(String imageId) {
        return ctx.jdbi.withHandle(h -> h.createQuery("SELECT source_server_id, parent_image_id, update_task_id,"
                + " update_execution_id, from_failed_run FROM images WHERE id = :id").bind("id", imageId)
                .map((rs, c) -> new Lineage(TaskStore.nullableLong(rs, "source_server_id"),
                        rs.getString("parent_image_id"), TaskStore.nullableLong(rs, "update_task_id"),
                        TaskStore.nullableLong(rs, "update_execution_id"), rs.getBoolean("from_failed_run"))).one());
    }

    long count(String table) {
        return ctx.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }
}
