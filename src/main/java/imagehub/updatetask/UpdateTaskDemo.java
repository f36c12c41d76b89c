package imagehub.updatetask;

import imagehub.AppContext;
import imagehub.access.Channel;
import imagehub.access.Viewer;
import imagehub.catalog.Platform;
import imagehub.core.ScopeRef;
import imagehub.farm.Farm;
import imagehub.farm.FarmDao;
import imagehub.farm.Server;
import imagehub.provider.sandbox.SandboxModule;
import imagehub.role.Role;
import imagehub.role.RoleFilter;
import imagehub.role.RoleService;
import imagehub.scope.Account;
import imagehub.user.User;
import imagehub.user.UserDao;
import imagehub.user.UserService;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's image update task: acme-dev's "nightly app-server image" snapshots a web-dev server every Monday and
 * Thursday at 02:00 (Berlin) into the role {@value #ROLE}, as the service account ci-publisher, deprecating what it
 * replaces. Its history is made by the real service and runner at seeding:
 * <ol>
 * <li>the CI pipeline (ci-publisher) publishes a first image into the role (a publish run, no task);
 * <li>an admin sets up the task; run 1 succeeds and deprecates the published image;
 * <li>an admin puts the Global Ubuntu image back into the role by hand; run 2 replaces it, may not deprecate a Global
 * image as ci-publisher, and reverts (the role holds the Global image again, the new image is marked);
 * <li>the pipeline publishes again; run 3 succeeds.
 * </ol>
 * The runs use the sandbox without its demo delay, so seeding takes about a second. Seeding again finds the task
 * and does nothing. Like the rest of the demo, the admin's part is done as the system identity.
 */
public final class UpdateTaskDemo {
    private static final Logger log = LoggerFactory.getLogger(UpdateTaskDemo.class);
    static final String TASK = "nightly app-server image";
    static final String ROLE = "app-server-baked";
    private static final String IMAGE = "app-server-baked";

    private final AppContext app;
    private final ScopeRef env;
    private final Viewer system = Viewer.system();
    private final Viewer publisher;

    private UpdateTaskDemo(AppContext app, ScopeRef env, Viewer publisher) {
        this.app = app;
        this.env = env;
        this.publisher = publisher;
    }

    /** Adds the demo task and its runs to the demo's acme-dev, unless it is there. */
    public static void seed(AppContext app) {
        Account acme = app.scopes().findAccountByName("acme").orElseThrow();
        ScopeRef env = app.scopes().findEnvironmentByName(acme.id(), "acme-dev").orElseThrow().scope();
        boolean seeded = app.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM update_tasks WHERE env_id = :env"
                + " AND name = :name").bind("env", env.id()).bind("name", TASK).mapTo(Long.class).one() > 0);
        if (seeded) {
            return;
        }
        long started = System.nanoTime();
        new UpdateTaskDemo(app, env, viewer(app, "ci-publisher" + UserService.SERVICE_DOMAIN, Channel.API)).seed();
        log.info("Demo update task and its runs seeded in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private void seed() {
        Farm webDev = app.jdbi.withExtension(FarmDao.class, dao -> dao.findFarmByName(env.id(), "web-dev"))
                .orElseThrow();
        Server source = app.jdbi.withExtension(FarmDao.class, dao -> dao.activeServersOfFarm(webDev.id())).stream()
                .filter(s -> s.platform() == Platform.SANDBOX).min(Comparator.comparingLong(Server::id)).orElseThrow();
        Role role = role(source);
        try (TaskRunner runner = demoRunner()) {
            runner.run(app.updateTasks.startPublish(publisher, env.id(), publish(source, role)));
            UpdateTask task = app.updateTasks.create(system, env.id(), new TaskInput(TASK, source.id(), IMAGE,
                    TaskInput.REGISTER_ENVIRONMENT, List.of(TaskInput.Target.role(role.id(), source.cloudLocation())),
                    true, timing(), publisher.userId()));
            runner.run(app.updateTasks.startRun(system, task.id()));
            String baked = roleImage(role, source);
            app.roleImages.replaceImage(system, env, role.id(), baked, source.imageId());
            runner.run(app.updateTasks.startRun(system, task.id()));
            runner.run(app.updateTasks.startPublish(publisher, env.id(), publish(source, role)));
            runner.run(app.updateTasks.startRun(system, task.id()));
        }
    }

    /** The role the task bakes into, on the image its source server runs. */
    private Role role(Server source) {
        return app.roles.list(system, env, RoleFilter.of(ROLE, null, null)).stream()
                .filter(r -> r.scope().equals(env) && r.name().equals(ROLE)).findFirst().orElseGet(() -> {
                    Role created = app.roles.create(system, env, new RoleService.RoleInput(ROLE, "ubuntu", "app",
                            "The app server with the application baked in, rebuilt twice a week"));
                    app.roleImages.addImage(system, env, created.id(), source.imageId());
                    return created;
                });
    }

    private static PublishInput publish(Server source, Role role) {
        return new PublishInput(source.id(), role.id(), source.cloudLocation(), IMAGE, TaskInput.REGISTER_ENVIRONMENT,
                false);
    }

    /** Mondays and Thursdays at 02:00 in Berlin, until the end of the next quarter. */
    private TaskInput.Timing timing() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        LocalDate today = LocalDate.now(app.clock.withZone(berlin));
        LocalDate nextQuarter = today.plusMonths(3).with(IsoFields.DAY_OF_QUARTER, 1);
        LocalDate quarterEnd = nextQuarter.plusMonths(3);
        return TaskInput.Timing.periodic(berlin.getId(), new TaskInput.Recurrence(TaskInput.Recurrence.WEEKLY,
                Set.of(DayOfWeek.MONDAY, DayOfWeek.THURSDAY), null, null, LocalTime.of(2, 0)),
                today.atStartOfDay(), LocalDateTime.of(quarterEnd, LocalTime.MIDNIGHT));
    }

    private String roleImage(Role role, Server source) {
        return app.jdbi.withExtension(FarmDao.class, dao -> dao.roleImage(role.id(), source.platform(),
                source.cloudLocation())).orElseThrow();
    }

    /** The app's runner, but its sandbox makes images at once (the demo delay is for watching runs live). */
    private TaskRunner demoRunner() {
        SandboxModule instant = new SandboxModule(app.jdbi, app.clock, Duration.ZERO);
        return new TaskRunner(app.jdbi, app.clock, app.audit, (scope, platform, region, credentialsId) -> instant.in(region),
                app.images, app.roleImages, app.users, new TaskRunner.Timeouts(Duration.ofMinutes(1),
                        Duration.ofMillis(50), TaskRunner.Timeouts.DEFAULT.lease()));
    }

    private static Viewer viewer(AppContext app, String email, Channel channel) {
        long id = app.jdbi.withExtension(UserDao.class, dao -> dao.findByEmail(email)).map(User::id).orElseThrow();
        return app.users.viewerOf(id, channel);
    }
}
