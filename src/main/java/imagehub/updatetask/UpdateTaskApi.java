package imagehub.updatetask;

import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.ref;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imagehub.access.Viewer;
import imagehub.api.ApiBody;
import imagehub.api.ApiCaller;
import imagehub.api.ApiError;
import imagehub.api.ApiException;
import imagehub.api.ApiPaths;
import imagehub.api.Envelope;
import imagehub.api.ListQuery;
import imagehub.api.spec.ApiRouter;
import imagehub.api.spec.Level;
import imagehub.api.spec.Response;
import imagehub.api.spec.Route;
import imagehub.core.Page;
import io.javalin.http.Context;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Image update tasks and their runs in the user API, and the CI pipeline's publish call, in the shapes the issue
 * fixes. Each handler checks the caller's rights on the object before it reads the body, so another tenant's task
 * is not found whatever the body holds. Refused input is 400 InvalidValue naming the field.
 */
public final class UpdateTaskApi {
    public static final String TASKS = "/image-update-tasks/";
    public static final String TASK = TASKS + "{taskId}/";
    public static final String EXECUTIONS = "/image-update-task-executions/{executionId}/";
    public static final String PUBLISH = "/images/actions/publish/";
    /** A task's status; a run's status. */
    private static final Set<String> TASK_FILTERS = Set.of("status");
    private static final Set<String> EXECUTION_FILTERS = Set.of("status");
    private static final String[] TASK_STATUSES = {UpdateTask.ACTIVE, UpdateTask.PAUSED, UpdateTask.FINISHED};
    private static final String[] EXECUTION_STATUSES = {Execution.PENDING, Execution.RUNNING, Execution.SUCCEEDED,
            Execution.FAILED, Execution.REVERTED, Execution.CANCELLED, Execution.SKIPPED};
    private static final Set<String> WRITABLE = Set.of("name", "sourceServer", "imageName", "registerAt", "targets",
            "deprecateReplaced", "timing", "runAs");
    private static final Set<String> READ_ONLY = Set.of("id", "status", "nextRuns", "lastExecution");

    private final UpdateTaskService tasks;
    private final ApiCaller caller;

    public UpdateTaskApi(UpdateTaskService tasks, ApiCaller caller) {
        this.tasks = tasks;
        this.caller = caller;
    }

    public record Ref(Object id) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetBody(Ref role, String cloudLocation, Ref farmRole) {
        static TargetBody of(TaskInput.Target t) {
            return t.isFarmRole() ? new TargetBody(null, null, new Ref(t.farmRoleId()))
                    : new TargetBody(new Ref(t.roleId()), t.cloudLocation(), null);
        }
    }

    public record DaysOfMonth(int from, int to) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecurrenceBody(String frequency, List<String> daysOfWeek, DaysOfMonth daysOfMonth, String timeOfDay) {
        static RecurrenceBody of(TaskInput.Recurrence r) {
            return r == null ? null : new RecurrenceBody(r.frequency(), r.daysOfWeek().isEmpty() ? null
                    : r.daysOfWeek().stream().sorted().map(d -> d.name().substring(0, 3)).toList(),
                    r.fromDay() == null ? null : new DaysOfMonth(r.fromDay(), r.toDay()),
                    r.timeOfDay() == null ? null : r.timeOfDay().toString());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimingBody(String type, String at, String timeZone, RecurrenceBody recurrence, String startsAt,
            String expiresAt) {
        static TimingBody of(TaskInput.Timing t) {
            return new TimingBody(t.type(), text(t.at()), t.timeZone(), RecurrenceBody.of(t.recurrence()),
                    text(t.startsAt()), text(t.expiresAt()));
        }

        private static String text(LocalDateTime time) {
            return time == null ? null : time.truncatedTo(ChronoUnit.MINUTES).toString();
        }
    }

    public record TaskBody(long id, String name, Ref sourceServer, String imageName, String registerAt,
            List<TargetBody> targets, boolean deprecateReplaced, TimingBody timing,
            @JsonInclude(JsonInclude.Include.NON_NULL) Ref runAs, String status, List<Instant> nextRuns,
            ExecutionBody lastExecution) {
        static TaskBody of(UpdateTask t) {
            return new TaskBody(t.id(), t.name(), new Ref(t.sourceServerId()), t.imageName(), t.registerAt(),
                    t.targets().stream().map(TargetBody::of).toList(), t.deprecateReplaced(), TimingBody.of(t.timing()),
                    t.runAsUserId() == null ? null : new Ref(t.runAsUserId()), t.status(), t.nextRuns(),
                    t.lastExecution() == null ? null : ExecutionBody.of(t.lastExecution()));
        }
    }

    public record ImageRef(String id, String name) {
    }

    /** A run; {@code cause} says why it failed, was reverted or skipped. */
    public record ExecutionBody(long id, Ref task, String status,
            @JsonInclude(JsonInclude.Include.NON_NULL) ImageRef image, List<Execution.Step> steps, Instant started,
            Instant finished, @JsonInclude(JsonInclude.Include.NON_NULL) String cause) {
        static ExecutionBody of(Execution e) {
            return new ExecutionBody(e.id(), e.taskId() == null ? null : new Ref(e.taskId()), e.status(),
                    e.imageId() == null ? null : new ImageRef(e.imageId(), e.imageName()), e.steps(), e.started(),
                    e.finished(), e.cause());
        }
    }

    @FunctionalInterface
    private interface Handler {
        void handle(Context ctx, Viewer viewer, long envId);
    }

    public void register(ApiRouter api) {
        api.pathParam("taskId", integer().describe("The ID of an image update task (Imagehub).")
                        .references(UpdateTaskSchemas.IMAGE_UPDATE_TASK))
                .pathParam("executionId", integer().describe("The ID of a run of an image update task, or of a "
                        + "publish call (Imagehub).").references(UpdateTaskSchemas.IMAGE_UPDATE_TASK_EXECUTION));
        add(api, Route.get(TASKS)
                .describe("List the image update tasks of this Environment. Filter: status (active, paused, finished).")
                .answers(Response.list(UpdateTaskSchemas.IMAGE_UPDATE_TASK))
                .filters(TASK_FILTERS),
                (ctx, viewer, envId) -> {
            ListQuery query = ListQuery.of(ctx, TASK_FILTERS);
            Page<UpdateTask> page = tasks.list(viewer, envId, query.choice("status", TASK_STATUSES, s -> s).orElse(null),
                    query.offset(), query.maxResults());
            Envelope.list(ctx, query, page.items().stream().map(TaskBody::of).toList(), page.total());
        });
        add(api, Route.post(TASKS)
                .describe("Create an image update task (environment admins). A \"now\" task runs at once as you.")
                .answers(Response.one(UpdateTaskSchemas.IMAGE_UPDATE_TASK).created()
                        .describe("The JSON representation of an ImageUpdateTask object."))
                .body("imageUpdateTaskObject", "The JSON representation of an ImageUpdateTask object.",
                        ref(UpdateTaskSchemas.IMAGE_UPDATE_TASK)),
                (ctx, viewer, envId) -> {
            tasks.requireManage(viewer, envId);
            TaskInput input = input(ApiBody.object(ctx, WRITABLE, READ_ONLY), null);
            Envelope.created(ctx, TaskBody.of(tasks.create(viewer, envId, input)));
        });
        add(api, Route.get(TASK)
                .describe("Retrieve an image update task with its next runs and last run.")
                .answers(Response.one(UpdateTaskSchemas.IMAGE_UPDATE_TASK).describe("The JSON representation of an ImageUpdateTask "
                        + "object.")),
                (ctx, viewer, envId) ->
                Envelope.ok(ctx, TaskBody.of(task(viewer, envId, ctx))));
        add(api, Route.patch(TASK)
                .describe("Modify an image update task; what the body leaves out stays as it is.")
                .answers(Response.one(UpdateTaskSchemas.IMAGE_UPDATE_TASK).describe("The JSON representation of an ImageUpdateTask "
                        + "object."))
                .body("imageUpdateTaskObject", "The JSON representation of an ImageUpdateTask object.",
                        ref(UpdateTaskSchemas.IMAGE_UPDATE_TASK)),
                (ctx, viewer, envId) -> {
            UpdateTask current = task(viewer, envId, ctx);
            TaskInput input = input(ApiBody.object(ctx, WRITABLE, READ_ONLY), current);
            Envelope.ok(ctx, TaskBody.of(tasks.update(viewer, current.id(), input)));
        });
        add(api, Route.delete(TASK)
                .describe("Delete an image update task; its runs stay in the history."),
                (ctx, viewer, envId) -> {
            long id = task(viewer, envId, ctx).id();
            ApiBody.none(ctx);
            tasks.delete(viewer, id);
            Envelope.deleted(ctx);
        });
        add(api, Route.post(TASK + "actions/run/")
                .describe("Run the task once now (operators).")
                .answers(Response.one(UpdateTaskSchemas.IMAGE_UPDATE_TASK_EXECUTION).accepted().describe("The run, started; poll it.")),
                (ctx, viewer, envId) -> {
            long id = task(viewer, envId, ctx).id();
            ApiBody.none(ctx);
            Envelope.accepted(ctx, ExecutionBody.of(tasks.runNow(viewer, id)));
        });
        add(api, Route.post(TASK + "actions/pause/")
                .describe("Pause the task: no scheduled runs until resumed (operators).")
                .answers(Response.one(UpdateTaskSchemas.IMAGE_UPDATE_TASK).describe("The JSON representation of an ImageUpdateTask "
                        + "object.")),
                (ctx, viewer, envId) -> {
            long id = task(viewer, envId, ctx).id();
            ApiBody.none(ctx);
            Envelope.ok(ctx, TaskBody.of(tasks.pause(viewer, id)));
        });
        add(api, Route.post(TASK + "actions/resume/")
                .describe("Resume the task from its next slot after now (operators).")
                .answers(Response.one(UpdateTaskSchemas.IMAGE_UPDATE_TASK).describe("The JSON representation of an ImageUpdateTask "
                        + "object.")),
                (ctx, viewer, envId) -> {
            long id = task(viewer, envId, ctx).id();
            ApiBody.none(ctx);
            Envelope.ok(ctx, TaskBody.of(tasks.resume(viewer, id)));
        });
        add(api, Route.get(TASK + "executions/")
                .describe("List the runs of the task, newest first. Filter: status.")
                .answers(Response.list(UpdateTaskSchemas.IMAGE_UPDATE_TASK_EXECUTION))
                .filters(EXECUTION_FILTERS),
                (ctx, viewer, envId) -> {
            long id = task(viewer, envId, ctx).id();
            ListQuery query = ListQuery.of(ctx, EXECUTION_FILTERS);
            Page<Execution> page = tasks.executions(viewer, id,
                    query.choice("status", EXECUTION_STATUSES, s -> s).orElse(null), query.offset(), query.maxResults());
            Envelope.list(ctx, query, page.items().stream().map(ExecutionBody::of).toList(), page.total());
        });
        add(api, Route.get(EXECUTIONS)
                .describe("Retrieve a run with its steps.")
                .answers(Response.one(UpdateTaskSchemas.IMAGE_UPDATE_TASK_EXECUTION).describe("The JSON representation of an "
                        + "ImageUpdateTaskExecution object.")),
                (ctx, viewer, envId) ->
                Envelope.ok(ctx, ExecutionBody.of(execution(viewer, envId, ctx))));
        add(api, Route.post(EXECUTIONS + "actions/cancel/")
                .describe("Cancel a run: a pending one never starts, a running one stops and restores every "
                        + "target it changed (operators).")
                .answers(Response.one(UpdateTaskSchemas.IMAGE_UPDATE_TASK_EXECUTION).describe("The JSON representation of an "
                        + "ImageUpdateTaskExecution object.")),
                (ctx, viewer, envId) -> {
            long id = execution(viewer, envId, ctx).id();
            ApiBody.none(ctx);
            Envelope.ok(ctx, ExecutionBody.of(tasks.cancel(viewer, id)));
        });
        add(api, Route.post(PUBLISH)
                .describe("Snapshot a server, register the image (at the account by default) and put it into a "
                        + "role's location, replacing (and by default deprecating) the image it had there: the CI "
                        + "pipeline in one call (environment admins).")
                .answers(Response.one(UpdateTaskSchemas.IMAGE_UPDATE_TASK_EXECUTION).accepted().describe("The run, started; poll it."))
                .body("imagePublishRequest", "What to publish.", ref(UpdateTaskSchemas.IMAGE_PUBLISH_REQUEST)),
                (ctx, viewer, envId) -> {
            tasks.requireManage(viewer, envId);
            ObjectNode body = ApiBody.object(ctx);
            ApiBody.requireOnly(body, Set.of("server", "role", "cloudLocation", "imageName", "registerAt",
                    "deprecateReplaced"), Set.of());
            PublishInput input = new PublishInput(refId(body, "server"), refId(body, "role"),
                    ApiBody.text(body, "cloudLocation"), ApiBody.text(body, "imageName"), ApiBody.text(body, "registerAt"),
                    body.hasNonNull("deprecateReplaced") ? ApiBody.bool(body, "deprecateReplaced", true) : null);
            Envelope.accepted(ctx, ExecutionBody.of(tasks.publish(viewer, envId, input)));
        });
    }

    /** Tasks work on the servers of one environment: the user API only. */
    private void add(ApiRouter api, Route route, Handler handler) {
        api.add(route.only(Level.USER), ctx -> handler.handle(ctx, caller.viewer(ctx), ApiPaths.id(ctx, "envId")));
    }

    /** The task, when the caller sees it and it belongs to the URL's environment; 404 otherwise. */
    private UpdateTask task(Viewer viewer, long envId, Context ctx) {
        long id = ApiPaths.id(ctx, "taskId");
        UpdateTask task = tasks.get(viewer, id);
        if (task.envId() != envId) {
            throw new imagehub.access.NotFoundException("Update task " + id);
        }
        return task;
    }

    private Execution execution(Viewer viewer, long envId, Context ctx) {
        long id = ApiPaths.id(ctx, "executionId");
        Execution execution = tasks.execution(viewer, id);
        if (execution.envId() != envId) {
            throw new imagehub.access.NotFoundException("Run " + id);
        }
        return execution;
    }

    /** The body as input; on PATCH ({@code current} given) what the body leaves out stays as it is. */
    private static TaskInput input(ObjectNode body, UpdateTask current) {
        boolean patch = current != null;
        return new TaskInput(
                body.has("name") || !patch ? ApiBody.text(body, "name") : current.name(),
                body.has("sourceServer") || !patch ? refId(body, "sourceServer") : (Long) current.sourceServerId(),
                body.has("imageName") || !patch ? ApiBody.text(body, "imageName") : current.imageName(),
                body.has("registerAt") || !patch ? ApiBody.text(body, "registerAt") : current.registerAt(),
                body.has("targets") || !patch ? targets(body.get("targets")) : current.targets(),
                body.has("deprecateReplaced") || !patch ? ApiBody.bool(body, "deprecateReplaced", false)
                        : current.deprecateReplaced(),
                body.has("timing") || !patch ? timing(body.get("timing")) : current.timing(),
                body.has("runAs") || !patch ? refId(body, "runAs") : current.runAsUserId());
    }

    /** {@code {"id": 7}} (or a bare number) as an id; null when absent. */
    private static Long refId(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode id = node.isObject() ? node.get("id") : node;
        if (id == null || !id.canConvertToLong() || !(id.isIntegralNumber() || id.isTextual() && id.asText().matches("\\d{1,18}"))) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + field + "' must be {\"id\": <number>}");
        }
        return id.asLong();
    }

    private static List<TaskInput.Target> targets(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw structure("targets", "an array of {\"role\": {\"id\"}, \"cloudLocation\"} or {\"farmRole\": {\"id\"}}");
        }
        List<TaskInput.Target> targets = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw structure("targets", "an array of objects");
            }
            ObjectNode target = (ObjectNode) item;
            ApiBody.requireOnly(target, Set.of("role", "cloudLocation", "farmRole"), Set.of());
            Long farmRole = refId(target, "farmRole");
            targets.add(farmRole != null ? TaskInput.Target.farmRole(farmRole)
                    : new TaskInput.Target(refId(target, "role"), ApiBody.text(target, "cloudLocation"), null));
        }
        return targets;
    }

    private static TaskInput.Timing timing(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw structure("timing", "an object");
        }
        ObjectNode timing = (ObjectNode) node;
        ApiBody.requireOnly(timing, Set.of("type", "at", "timeZone", "recurrence", "startsAt", "expiresAt"), Set.of());
        return new TaskInput.Timing(ApiBody.text(timing, "type"), dateTime(timing, "at"),
                ApiBody.text(timing, "timeZone"), recurrence(timing.get("recurrence")), dateTime(timing, "startsAt"),
                dateTime(timing, "expiresAt"));
    }

    private static TaskInput.Recurrence recurrence(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw structure("timing.recurrence", "an object");
        }
        ObjectNode r = (ObjectNode) node;
        ApiBody.requireOnly(r, Set.of("frequency", "daysOfWeek", "daysOfMonth", "timeOfDay"), Set.of());
        Set<DayOfWeek> days = new LinkedHashSet<>();
        JsonNode daysNode = r.get("daysOfWeek");
        if (daysNode != null && !daysNode.isNull()) {
            if (!daysNode.isArray()) {
                throw structure("timing.recurrence.daysOfWeek", "an array such as [\"MON\", \"THU\"]");
            }
            for (JsonNode day : daysNode) {
                days.add(dayOfWeek(day.asText()));
            }
        }
        Integer from = null;
        Integer to = null;
        JsonNode range = r.get("daysOfMonth");
        if (range != null && !range.isNull()) {
            if (!range.isObject()) {
                throw structure("timing.recurrence.daysOfMonth", "{\"from\": 21, \"to\": 25}");
            }
            ApiBody.requireOnly(range, Set.of("from", "to"), Set.of());
            from = ApiBody.integer((ObjectNode) range, "from");
            to = ApiBody.integer((ObjectNode) range, "to");
        }
        String time = ApiBody.text(r, "timeOfDay");
        LocalTime timeOfDay;
        try {
            timeOfDay = time == null ? null : LocalTime.parse(time);
        } catch (DateTimeParseException e) {
            throw new ApiException(ApiError.INVALID_VALUE, "timing.recurrence: timeOfDay is HH:mm, e.g. 02:00");
        }
        return new TaskInput.Recurrence(ApiBody.text(r, "frequency"), days, from, to, timeOfDay);
    }

    private static DayOfWeek dayOfWeek(String text) {
        String day = text.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(day) || d.name().startsWith(day) && day.length() == 3) {
                return d;
            }
        }
        throw new ApiException(ApiError.INVALID_VALUE, "timing.recurrence: daysOfWeek are MON, TUE, … SUN, not " + text);
    }

    /** A wall-clock date-time in the timing's zone, {@code 2027-08-26T00:00}. */
    private static LocalDateTime dateTime(ObjectNode timing, String field) {
        String text = ApiBody.text(timing, field);
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new ApiException(ApiError.INVALID_VALUE, "timing." + field
                    + ": a date and time such as 2027-08-26T00:00, read in the task's time zone");
        }
    }

    private static ApiException structure(String field, String expected) {
        return new ApiException(ApiError.INVALID_STRUCTURE, "Property '" + field + "' must be " + expected);
    }
}
