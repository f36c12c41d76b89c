package imagehub.updatetask;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** The update task tables (V37), read and written inside the caller's handle or transaction. */
final class TaskStore {
    private static final String TASK_COLUMNS = """
            id, env_id, account_id, name, source_server_id, image_name, register_at, deprecate_replaced, timing_type,
            time_zone, at_local, frequency, days_of_week, from_day, to_day, time_of_day, starts_at_local,
            expires_at_local, run_as_user_id, status, next_run_at, created_by, created_at""";
    private static final String EXECUTION_COLUMNS = """
            id, task_id, env_id, account_id, slot, status, run_as_user_id, source_server_id, image_name, register_at,
            deprecate_replaced, platform, cloud_location, cloud_image_id, image_id, phase, cancel_requested, cause,
            created_at, started_at, finished_at""";

    private TaskStore() {
    }

    /** A task's row: its input as stored, status and next slot. */
    record TaskRow(long id, long envId, long accountId, TaskInput input, String status, Instant nextRunAt,
            String createdBy, Instant createdAt) {
    }

    /** An execution's row: what it runs (copied from its task) and how far it got. */
    record ExecutionRow(long id, Long taskId, long envId, long accountId, Instant slot, String status,
            long runAsUserId, long sourceServerId, String imageName, String registerAt, boolean deprecateReplaced,
            String platform, String cloudLocation, String cloudImageId, String imageId, String phase,
            boolean cancelRequested, String cause, Instant createdAt, Instant startedAt, Instant finishedAt) {
    }

    /** A role image a run targets and what it held before. */
    record TargetRow(long roleId, String platform, String cloudLocation, String previousImageId, boolean changed,
            boolean deprecatedPrevious) {
    }

    // ---- tasks

    static long insertTask(Handle h, long envId, long accountId, TaskInput in, String status, Instant nextRunAt,
            String createdBy, Instant now) {
        long id = bindTask(h.createUpdate("INSERT INTO update_tasks (env_id, account_id, name, source_server_id,"
                + " image_name, register_at, deprecate_replaced, timing_type, time_zone, at_local, frequency,"
                + " days_of_week, from_day, to_day, time_of_day, starts_at_local, expires_at_local, run_as_user_id,"
                + " status, next_run_at, created_by, created_at) VALUES (:envId, :accountId, :name, :sourceServerId,"
                + " :imageName, :registerAt, :deprecateReplaced, :timingType, :timeZone, :at, :frequency,"
                + " :daysOfWeek, :fromDay, :toDay, :timeOfDay, :startsAt, :expiresAt, :runAs, :status, :nextRunAt,"
                + " :createdBy, :now)"), in)
                .bind("envId", envId).bind("accountId", accountId).bind("status", status)
                .bind("nextRunAt", nextRunAt).bind("createdBy", createdBy).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        insertTargets(h, id, in.targets());
        return id;
    }

    static void updateTask(Handle h, long id, TaskInput in, String status, Instant nextRunAt) {
        bindTask(h.createUpdate("UPDATE update_tasks SET name = :name, source_server_id = :sourceServerId,"
                + " image_name = :imageName, register_at = :registerAt, deprecate_replaced = :deprecateReplaced,"
                + " timing_type = :timingType, time_zone = :timeZone, at_local = :at, frequency = :frequency,"
                + " days_of_week = :daysOfWeek, from_day = :fromDay, to_day = :toDay, time_of_day = :timeOfDay,"
                + " starts_at_local = :startsAt, expires_at_local = :expiresAt, run_as_user_id = :runAs,"
                + " status = :status, next_run_at = :nextRunAt WHERE id = :id"), in)
                .bind("id", id).bind("status", status).bind("nextRunAt", nextRunAt).execute();
        h.createUpdate("DELETE FROM update_task_targets WHERE task_id = :id").bind("id", id).execute();
        insertTargets(h, id, in.targets());
    }

    private static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bindTask(T statement, TaskInput in) {
        TaskInput.Timing t = in.timing();
        TaskInput.Recurrence r = t.recurrence();
        return statement.bind("name", in.name()).bind("sourceServerId", in.sourceServerId())
                .bind("imageName", in.imageName()).bind("registerAt", in.registerAt())
                .bind("deprecateReplaced", in.deprecateReplaced()).bind("timingType", t.type())
                .bind("timeZone", t.timeZone()).bind("at", t.at())
                .bind("frequency", r == null ? null : r.frequency())
                .bind("daysOfWeek", r == null || r.daysOfWeek().isEmpty() ? null
                        : r.daysOfWeek().stream().sorted().map(DayOfWeek::name).collect(Collectors.joining(",")))
                .bind("fromDay", r == null ? null : r.fromDay()).bind("toDay", r == null ? null : r.toDay())
                .bind("timeOfDay", r == null ? null : r.timeOfDay())
                .bind("startsAt", t.startsAt()).bind("expiresAt", t.expiresAt()).bind("runAs", in.runAsUserId());
    }

    private static void insertTargets(Handle h, long taskId, List<TaskInput.Target> targets) {
        for (int i = 0; i < targets.size(); i++) {
            TaskInput.Target target = targets.get(i);
            h.createUpdate("INSERT INTO update_task_targets (task_id, position, role_id, cloud_location, farm_role_id)"
                    + " VALUES (:taskId, :position, :roleId, :location, :farmRoleId)")
                    .bind("taskId", taskId).bind("position", i).bind("roleId", target.roleId())
                    .bind("location", target.cloudLocation()).bind("farmRoleId", target.farmRoleId()).execute();
        }
    }

    static Optional<TaskRow> findTask(Handle h, long id, boolean lock) {
        return h.createQuery("SELECT " + TASK_COLUMNS + " FROM update_tasks WHERE id = :id AND NOT deleted"
                + (lock ? " FOR UPDATE" : "")).bind("id", id)
                .map((rs, ctx) -> task(rs, targets(h, rs.getLong("id")))).findOne();
    }

    /** The environment's tasks of {@code status} (all when null). */
    private static final String TASKS_OF = " FROM update_tasks WHERE env_id = :envId AND NOT deleted"
            + " AND (:status IS NULL OR status = :status)";
    /** A task's runs of {@code status} (all when null). */
    private static final String EXECUTIONS_OF = " FROM update_task_executions WHERE task_id = :taskId"
            + " AND (:status IS NULL OR status = :status)";

    static List<TaskRow> tasksOf(Handle h, long envId, String status, long offset, int limit) {
        List<Long> ids = h.createQuery("SELECT id" + TASKS_OF + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .bind("envId", envId).bind("status", status).bind("limit", limit)
                .bind("offset", offset).mapTo(Long.class).list();
        return ids.stream().map(id -> findTask(h, id, false).orElseThrow()).toList();
    }

    static long countTasks(Handle h, long envId, String status) {
        return h.createQuery("SELECT COUNT(*)" + TASKS_OF).bind("envId", envId).bind("status", status)
                .mapTo(Long.class).one();
    }

    private static List<TaskInput.Target> targets(Handle h, long taskId) {
        return h.createQuery("SELECT role_id, cloud_location, farm_role_id FROM update_task_targets"
                + " WHERE task_id = :id ORDER BY position").bind("id", taskId)
                .map((rs, ctx) -> new TaskInput.Target(nullableLong(rs, "role_id"), rs.getString("cloud_location"),
                        nullableLong(rs, "farm_role_id"))).list();
    }

    private static TaskRow task(ResultSet rs, List<TaskInput.Target> targets) throws SQLException {
        String frequency = rs.getString("frequency");
        TaskInput.Recurrence recurrence = frequency == null ? null : new TaskInput.Recurrence(frequency,
                days(rs.getString("days_of_week")), nullableInt(rs, "from_day"), nullableInt(rs, "to_day"),
                rs.getObject("time_of_day", LocalTime.class));
        TaskInput.Timing timing = new TaskInput.Timing(rs.getString("timing_type"),
                rs.getObject("at_local", LocalDateTime.class), rs.getString("time_zone"), recurrence,
                rs.getObject("starts_at_local", LocalDateTime.class),
                rs.getObject("expires_at_local", LocalDateTime.class));
        TaskInput input = new TaskInput(rs.getString("name"), rs.getLong("source_server_id"),
                rs.getString("image_name"), rs.getString("register_at"), targets, rs.getBoolean("deprecate_replaced"),
                timing, nullableLong(rs, "run_as_user_id"));
        return new TaskRow(rs.getLong("id"), rs.getLong("env_id"), rs.getLong("account_id"), input,
                rs.getString("status"), instant(rs, "next_run_at"), rs.getString("created_by"),
                instant(rs, "created_at"));
    }

    private static Set<DayOfWeek> days(String stored) {
        if (stored == null || stored.isEmpty()) {
            return Set.of();
        }
        return Arrays.stream(stored.split(",")).map(DayOfWeek::valueOf)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    // ---- executions

    static long insertExecution(Handle h, Long taskId, long envId, long accountId, Instant slot, String status,
            long runAsUserId, long sourceServerId, String registerAt, boolean deprecateReplaced, Instant now) {
        return h.createUpdate("INSERT INTO update_task_executions (task_id, env_id, account_id, slot, status,"
                + " run_as_user_id, source_server_id, register_at, deprecate_replaced, phase, created_at, finished_at)"
                + " VALUES (:taskId, :envId, :accountId, :slot, :status, :runAs, :server, :registerAt, :deprecate,"
                + " :phase, :now, :finished)")
                .bind("taskId", taskId).bind("envId", envId).bind("accountId", accountId).bind("slot", slot)
                .bind("status", status).bind("runAs", runAsUserId).bind("server", sourceServerId)
                .bind("registerAt", registerAt).bind("deprecate", deprecateReplaced)
                .bind("phase", Phase.CREATE.name()).bind("now", now)
                .bind("finished", Execution.SKIPPED.equals(status) ? now : null)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    static void insertTarget(Handle h, long executionId, long roleId, String platform, String location) {
        h.createUpdate("INSERT IGNORE INTO update_task_execution_targets (execution_id, role_id, platform,"
                + " cloud_location) VALUES (:id, :roleId, :platform, :location)").bind("id", executionId)
                .bind("roleId", roleId).bind("platform", platform).bind("location", location).execute();
    }

    static List<TargetRow> targetsOf(Handle h, long executionId) {
        return h.createQuery("SELECT role_id, platform, cloud_location, previous_image_id, changed,"
                + " deprecated_previous FROM update_task_execution_targets WHERE execution_id = :id"
                + " ORDER BY role_id, platform, cloud_location").bind("id", executionId)
                .map((rs, ctx) -> new TargetRow(rs.getLong("role_id"), rs.getString("platform"),
                        rs.getString("cloud_location"), rs.getString("previous_image_id"), rs.getBoolean("changed"),
                        rs.getBoolean("deprecated_previous"))).list();
    }

    static void markChanged(Handle h, long executionId, TargetRow target, String previousImageId) {
        h.createUpdate("UPDATE update_task_execution_targets SET previous_image_id = :previous, changed = TRUE"
                + " WHERE execution_id = :id AND role_id = :roleId AND platform = :platform"
                + " AND cloud_location = :location").bind("previous", previousImageId).bind("id", executionId)
                .bind("roleId", target.roleId()).bind("platform", target.platform())
                .bind("location", target.cloudLocation()).execute();
    }

    static void markDeprecated(Handle h, long executionId, String previousImageId, boolean deprecated) {
        h.createUpdate("UPDATE update_task_execution_targets SET deprecated_previous = :deprecated"
                + " WHERE execution_id = :id AND previous_image_id = :previous").bind("deprecated", deprecated)
                .bind("id", executionId).bind("previous", previousImageId).execute();
    }

    static Optional<ExecutionRow> findExecution(Handle h, long id) {
        return h.createQuery("SELECT " + EXECUTION_COLUMNS + " FROM update_task_executions WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> execution(rs)).findOne();
    }

    static List<ExecutionRow> executionsOf(Handle h, long taskId, String status, long offset, int limit) {
        return h.createQuery("SELECT " + EXECUTION_COLUMNS + EXECUTIONS_OF + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .bind("taskId", taskId).bind("status", status).bind("limit", limit)
                .bind("offset", offset).map((rs, ctx) -> execution(rs)).list();
    }

    /** The environment's publish runs (no task), newest first. */
    static List<ExecutionRow> publishRunsOf(Handle h, long envId, long offset, int limit) {
        return h.createQuery("SELECT " + EXECUTION_COLUMNS + " FROM update_task_executions WHERE env_id = :envId"
                + " AND task_id IS NULL ORDER BY id DESC LIMIT :limit OFFSET :offset").bind("envId", envId)
                .bind("limit", limit).bind("offset", offset).map((rs, ctx) -> execution(rs)).list();
    }

    static long countPublishRuns(Handle h, long envId) {
        return h.createQuery("SELECT COUNT(*) FROM update_task_executions WHERE env_id = :envId AND task_id IS NULL")
                .bind("envId", envId).mapTo(Long.class).one();
    }

    static long countExecutions(Handle h, long taskId, String status) {
        return h.createQuery("SELECT COUNT(*)" + EXECUTIONS_OF).bind("taskId", taskId).bind("status", status)
                .mapTo(Long.class).one();
    }

    static Optional<ExecutionRow> lastExecution(Handle h, long taskId) {
        return h.createQuery("SELECT " + EXECUTION_COLUMNS + " FROM update_task_executions WHERE task_id = :taskId"
                + " ORDER BY id DESC LIMIT 1").bind("taskId", taskId).map((rs, ctx) -> execution(rs)).findOne();
    }

    private static ExecutionRow execution(ResultSet rs) throws SQLException {
        return new ExecutionRow(rs.getLong("id"), nullableLong(rs, "task_id"), rs.getLong("env_id"),
                rs.getLong("account_id"), instant(rs, "slot"), rs.getString("status"), rs.getLong("run_as_user_id"),
                rs.getLong("source_server_id"), rs.getString("image_name"), rs.getString("register_at"),
                rs.getBoolean("deprecate_replaced"), rs.getString("platform"), rs.getString("cloud_location"),
                rs.getString("cloud_image_id"), rs.getString("image_id"), rs.getString("phase"),
                rs.getBoolean("cancel_requested"), rs.getString("cause"), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    static List<Execution.Step> steps(Handle h, long executionId) {
        return h.createQuery("SELECT name, status, started_at, finished_at, message FROM update_task_steps"
                + " WHERE execution_id = :id ORDER BY position").bind("id", executionId)
                .map((rs, ctx) -> new Execution.Step(rs.getString("name"), rs.getString("status"),
                        instant(rs, "started_at"), instant(rs, "finished_at"), rs.getString("message"))).list();
    }

    static Execution toExecution(Handle h, ExecutionRow row) {
        return new Execution(row.id(), row.taskId(), row.envId(), row.status(), row.imageId(), row.imageName(),
                steps(h, row.id()), row.slot(), row.startedAt(), row.finishedAt(), row.cause());
    }

    /** Starts a step (or restarts it after a crash): its row says running from now. Returns its position. */
    static int startStep(Handle h, long executionId, String name, Instant now) {
        Optional<Integer> existing = h.createQuery("SELECT position FROM update_task_steps WHERE execution_id = :id"
                + " AND name = :name").bind("id", executionId).bind("name", name).mapTo(Integer.class).findOne();
        if (existing.isPresent()) {
            h.createUpdate("UPDATE update_task_steps SET status = :status, started_at = :now, finished_at = NULL,"
                    + " message = NULL WHERE execution_id = :id AND position = :position")
                    .bind("status", Execution.Step.RUNNING).bind("now", now).bind("id", executionId)
                    .bind("position", existing.get()).execute();
            return existing.get();
        }
        int position = h.createQuery("SELECT COALESCE(MAX(position) + 1, 0) FROM update_task_steps"
                + " WHERE execution_id = :id").bind("id", executionId).mapTo(Integer.class).one();
        h.createUpdate("INSERT INTO update_task_steps (execution_id, position, name, status, started_at)"
                + " VALUES (:id, :position, :name, :status, :now)").bind("id", executionId)
                .bind("position", position).bind("name", name).bind("status", Execution.Step.RUNNING)
                .bind("now", now).execute();
        return position;
    }

    static void finishStep(Handle h, long executionId, int position, String status, String message, Instant now) {
        h.createUpdate("UPDATE update_task_steps SET status = :status, finished_at = :now, message = :message"
                + " WHERE execution_id = :id AND position = :position").bind("status", status).bind("now", now)
                .bind("message", clip(message)).bind("id", executionId).bind("position", position).execute();
    }

    static String clip(String message) {
        return message == null || message.length() <= 1000 ? message : message.substring(0, 997) + "...";
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
