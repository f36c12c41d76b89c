package imagehub.bench;

import imagehub.AppContext;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.farm.Farm;
import imagehub.farm.FarmDao;
import imagehub.farm.Server;
import imagehub.support.TestApp;
import imagehub.updatetask.TaskInput;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Image update task scheduling on one node, with the production poll interval (10 s) and 4 workers:
 * <ol>
 * <li>1,000 periodic tasks (each into a role of its own, as ci-publisher) due in the same minute: how late each run
 * starts after its slot (target: every one within 60 s) and that none runs twice;
 * <li>the scheduler's overhead with those plus 10,000 idle tasks: the poller's pass (p50 / p95 wall and JVM CPU), and
 * the CPU the whole node (JVM + MariaDB) spends per idle minute with 1,000 and with 11,000 idle tasks.
 * </ol>
 * The sandbox makes images at once, so a run's own length is the database work. Run with {@code bench/run.sh
 * TaskBench}; not part of the test suite.
 */
public final class TaskBench {
    private static final int TASKS = Integer.getInteger("bench.tasks", 1_000);
    private static final int IDLE = Integer.getInteger("bench.idle", 10_000);
    private static final int POLLS = 200;
    private static final Duration WINDOW = Duration.ofSeconds(60);

    public static void main(String[] args) throws Exception {
        TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000")
                .with("IMAGEHUB_SANDBOX_IMAGE_DELAY_MS", "0");
        app.beforeAll(null);
        int status = 0;
        try {
            AppContext ctx = app.context();
            dueInTheSameMinute(ctx);
            idleOverhead(ctx);
        } catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        } finally {
            app.afterAll(null);
            System.exit(status);
        }
    }

    private static void dueInTheSameMinute(AppContext ctx) throws InterruptedException {
        Viewer system = Viewer.system();
        ScopeRef env = env(ctx);
        ctx.imageNaming.setNamingPolicy(system, ScopeRef.account(ctx.scopes().findAccountByName("acme").orElseThrow()
                .id()), "^[a-z0-9]+([_-][a-z0-9]+)*$");
        Farm webDev = ctx.jdbi.withExtension(FarmDao.class, dao -> dao.findFarmByName(env.id(), "web-dev")).orElseThrow();
        Server source = ctx.jdbi.withExtension(FarmDao.class, dao -> dao.activeServersOfFarm(webDev.id())).get(0);
        long publisher = ctx.jdbi.withHandle(h -> h.createQuery("SELECT id FROM users WHERE email = :email")
                .bind("email", "ci-publisher@service.imagehub").mapTo(Long.class).one());
        List<Long> roles = seedRoles(ctx, env, source);

        long seeding = System.nanoTime();
        List<Long> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            tasks.add(ctx.updateTasks.create(system, env.id(), new TaskInput("bench-" + i, source.id(), "bench",
                    TaskInput.REGISTER_ENVIRONMENT, List.of(TaskInput.Target.role(roles.get(i), source.cloudLocation())),
                    false, TaskInput.Timing.periodic("UTC", new TaskInput.Recurrence(TaskInput.Recurrence.DAILY, null,
                            null, null, LocalTime.NOON), null, LocalDateTime.now(ZoneOffset.UTC).plusDays(30)),
                    publisher)).id());
        }
        System.out.printf("created %,d periodic tasks through the service in %.1f s%n", TASKS,
                (System.nanoTime() - seeding) / 1e9);
        // Every task's daily slot moves to the next minute at least 20 s away: all due at once.
        Instant slot = Instant.now().plusSeconds(80).truncatedTo(ChronoUnit.MINUTES);
        ctx.jdbi.useHandle(h -> h.createUpdate("UPDATE update_tasks SET time_of_day = :time, next_run_at = :slot"
                + " WHERE id IN (<ids>)").bind("time", LocalTime.ofInstant(slot, ZoneOffset.UTC))
                .bind("slot", slot).bindList("ids", tasks).execute());
        System.out.printf("all due at %s; load before: %s%n", slot, load());

        Instant deadline = slot.plus(Duration.ofMinutes(10));
        while (Instant.now().isBefore(deadline) && unfinished(ctx, tasks, slot) > 0) {
            Thread.sleep(1_000);
        }
        List<Double> delays = ctx.jdbi.withHandle(h -> h.createQuery("SELECT TIMESTAMPDIFF(MICROSECOND, slot,"
                + " started_at) / 1000000.0 FROM update_task_executions WHERE task_id IN (<ids>) AND slot = :slot")
                .bindList("ids", tasks).bind("slot", slot).mapTo(Double.class).list());
        Collections.sort(delays);
        long twice = ctx.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM (SELECT task_id FROM"
                + " update_task_executions WHERE task_id IN (<ids>) GROUP BY task_id HAVING COUNT(*) > 1) t")
                .bindList("ids", tasks).mapTo(Long.class).one());
        long succeeded = ctx.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM update_task_executions"
                + " WHERE task_id IN (<ids>) AND status = 'succeeded'").bindList("ids", tasks).mapTo(Long.class).one());
        long late = delays.stream().filter(d -> d > 60).count();
        System.out.printf("%,d runs for %,d tasks (%,d succeeded), %d task(s) ran twice; start delay after the slot:"
                + " p50 %.1f s, p95 %.1f s, max %.1f s; %d started later than 60 s; load after: %s%n",
                delays.size(), TASKS, succeeded, twice, delays.get(delays.size() / 2),
                delays.get(delays.size() * 95 / 100), delays.get(delays.size() - 1), late, load());
    }

    private static void idleOverhead(AppContext ctx) throws Exception {
        long idleBefore = count(ctx);
        System.out.printf("%,d idle tasks: %s%n", idleBefore, cpuPerMinute());
        seedIdle(ctx);
        System.out.printf("%,d idle tasks: %s%n", count(ctx), cpuPerMinute());
        var threads = ManagementFactory.getThreadMXBean();
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < POLLS; i++) {
            long t = System.nanoTime();
            long c = threads.getCurrentThreadCpuTime();
            int claimed = ctx.updateTaskPoller.pollOnce();
            cpu.add((threads.getCurrentThreadCpuTime() - c) / 1e6);
            wall.add((System.nanoTime() - t) / 1e6);
            if (claimed != 0) {
                throw new IllegalStateException("an idle pass claimed " + claimed + " slots");
            }
        }
        Collections.sort(wall);
        Collections.sort(cpu);
        System.out.printf("poller pass over %,d idle tasks: wall p50 %.1f ms p95 %.1f ms; JVM CPU p50 %.1f ms p95 %.1f ms;"
                + " load: %s%n", count(ctx), wall.get(POLLS / 2), wall.get(POLLS * 95 / 100), cpu.get(POLLS / 2),
                cpu.get(POLLS * 95 / 100), load());
    }

    /** Roles of acme-dev, one per task, on the image the source server runs. */
    private static List<Long> seedRoles(AppContext ctx, ScopeRef env, Server source) {
        return ctx.jdbi.inTransaction(h -> {
            long first = h.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM roles").mapTo(Long.class).one();
            long account = h.createQuery("SELECT account_id FROM environments WHERE id = :id").bind("id", env.id())
                    .mapTo(Long.class).one();
            PreparedBatch roles = h.prepareBatch("""
                    INSERT INTO roles (id, scope_level, scope_id, account_id, name, os_family, created_by, created_at)
                    VALUES (:id, 'ENVIRONMENT', :envId, :accountId, :name, 'ubuntu', 'bench', :now)""");
            PreparedBatch images = h.prepareBatch("""
                    INSERT INTO role_images (role_id, platform, cloud_location, image_id)
                    VALUES (:id, 'sandbox', :location, :imageId)""");
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                roles.bind("id", first + i).bind("envId", env.id()).bind("accountId", account)
                        .bind("name", "bench-task-role-" + i).bind("now", Instant.now()).add();
                images.bind("id", first + i).bind("location", source.cloudLocation())
                        .bind("imageId", source.imageId()).add();
                ids.add(first + i);
            }
            roles.execute();
            images.execute();
            return ids;
        });
    }

    /** {@link #IDLE} copies of a bench task (and its target), due tomorrow. */
    private static void seedIdle(AppContext ctx) {
        long seeding = System.nanoTime();
        ctx.jdbi.useTransaction(h -> {
            long template = h.createQuery("SELECT MIN(id) FROM update_tasks WHERE name LIKE 'bench-%'")
                    .mapTo(Long.class).one();
            long first = h.createQuery("SELECT MAX(id) + 1 FROM update_tasks").mapTo(Long.class).one();
            h.createUpdate("""
                    INSERT INTO update_tasks (id, env_id, account_id, name, source_server_id, image_name, register_at,
                      deprecate_replaced, timing_type, time_zone, frequency, time_of_day, starts_at_local,
                      expires_at_local, run_as_user_id, status, next_run_at, created_by, created_at)
                    SELECT :first + s.seq - 1, t.env_id, t.account_id, CONCAT('idle-', s.seq), t.source_server_id,
                      t.image_name, t.register_at, t.deprecate_replaced, t.timing_type, t.time_zone, t.frequency,
                      t.time_of_day, t.starts_at_local, t.expires_at_local, t.run_as_user_id, 'active',
                      :tomorrow, 'bench', t.created_at
                    FROM update_tasks t JOIN seq_1_to_""" + IDLE + " s WHERE t.id = :template")
                    .bind("first", first).bind("tomorrow", Instant.now().plus(Duration.ofHours(23)))
                    .bind("template", template).execute();
            h.createUpdate("INSERT INTO update_task_targets (task_id, position, role_id, cloud_location)"
                    + " SELECT t.id, 0, g.role_id, g.cloud_location FROM update_tasks t JOIN update_task_targets g"
                    + " ON g.task_id = :template WHERE t.id >= :first").bind("template", template)
                    .bind("first", first).execute();
        });
        System.out.printf("inserted %,d idle tasks in %.1f s%n", IDLE, (System.nanoTime() - seeding) / 1e9);
    }

    /** CPU the JVM and the embedded MariaDB spend over {@link #WINDOW} of idle scheduling, per minute. */
    private static String cpuPerMinute() throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Optional<ProcessHandle> mariadb = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("mariadbd")
                        && p.info().arguments().map(a -> String.join(" ", a)).orElse("").contains("test-mariadb"))
                .findFirst();
        long jvm = os.getProcessCpuTime();
        long db = mariadb.map(TaskBench::ticks).orElse(0L);
        Thread.sleep(WINDOW.toMillis());
        double jvmMs = (os.getProcessCpuTime() - jvm) / 1e6;
        double dbMs = (mariadb.map(TaskBench::ticks).orElse(0L) - db) * 10.0;
        double perMinute = 60_000.0 / WINDOW.toMillis();
        return String.format("CPU per idle minute: JVM %.0f ms + MariaDB %s; load: %s", jvmMs * perMinute,
                mariadb.isPresent() ? String.format("%.0f ms", dbMs * perMinute) : "(process not found)", load());
    }

    /** utime + stime of a process, in clock ticks (100 per second). */
    private static long ticks(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long unfinished(AppContext ctx, List<Long> tasks, Instant slot) {
        return ctx.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM update_tasks t WHERE t.id IN (<ids>)"
                + " AND NOT EXISTS (SELECT 1 FROM update_task_executions e WHERE e.task_id = t.id AND e.slot = :slot"
                + " AND e.status NOT IN ('pending', 'running'))").bindList("ids", tasks).bind("slot", slot)
                .mapTo(Long.class).one());
    }

    private static long count(AppContext ctx) {
        return ctx.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM update_tasks WHERE status = 'active'"
                + " AND NOT deleted").mapTo(Long.class).one());
    }

    private static ScopeRef env(AppContext ctx) {
        long account = ctx.scopes().findAccountByName("acme").orElseThrow().id();
        return ctx.scopes().findEnvironmentByName(account, "acme-dev").orElseThrow().scope();
    }

    private static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
