package imagehub.updatetask;

import imagehub.access.Access;
import imagehub.access.AccessLevel;
import imagehub.access.Channel;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.core.ConflictException;
import imagehub.core.Page;
import imagehub.core.ScopeRef;
import imagehub.core.Times;
import imagehub.core.ValidationException;
import imagehub.farm.Farm;
import imagehub.farm.FarmRole;
import imagehub.farm.FarmService;
import imagehub.farm.Server;
import imagehub.role.Role;
import imagehub.role.RoleFilter;
import imagehub.role.RoleImage;
import imagehub.role.RoleService;
import imagehub.user.UserKind;
import imagehub.user.UserService;
import imagehub.web.Auth;
import imagehub.web.Choice;
import imagehub.web.Flash;
import imagehub.web.Form;
import imagehub.web.Htmx;
import imagehub.web.Layout;
import imagehub.web.NavEntry;
import imagehub.web.ScopedRoutes;
import imagehub.web.Shell;
import imagehub.web.Templates;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The image update task pages of an environment: the tasks tab, the task form (with the next runs previewed before
 * saving), and a task's page with its runs, whose steps refresh themselves while a run is in progress.
 */
public final class UpdateTaskRoutes {
    public static final String PATH = "/update-tasks";
    public static final NavEntry NAV = NavEntry.readersInEnvironments("Update tasks", PATH);
    public static final String NEW = PATH + "/new";
    public static final String NEXT_RUNS = PATH + "/next-runs";
    /** A publish run's page (a run of the publishing API, which has no task). */
    public static final String PUBLISH_RUNS = "/publish-runs";
    /** How many recent publish runs the tab lists. */
    static final int PUBLISH_RUNS_SHOWN = 10;
    public static final String NEXT_RUNS_ID = "next-runs";
    public static final String VERIFY_ID = "verify";
    /** How often a run in progress refreshes its steps. */
    public static final String POLL = "every 2s";
    static final String LIST_TEMPLATE = "updatetask/list.jte";
    static final String FORM_TEMPLATE = "updatetask/form.jte";
    static final String DETAIL_TEMPLATE = "updatetask/detail.jte";
    static final String EXECUTION_TEMPLATE = "updatetask/execution.jte";
    static final String RUN_TEMPLATE = "updatetask/run.jte";
    static final String NEXT_RUNS_TEMPLATE = "updatetask/nextruns.jte";
    static final String VERIFY_TEMPLATE = "updatetask/verify.jte";
    static final int RUNS_PER_PAGE = 20;
    static final List<String> FIELDS = List.of("name", "sourceServer", "imageName", "registerAt", "deprecateReplaced",
            "timing.type", "timing.at", "timing.timeZone", "timing.frequency", "timing.fromDay", "timing.toDay",
            "timing.timeOfDay", "timing.startsAt", "timing.expiresAt", "runAs");
    /** Fields that take several values; the form keeps them joined by {@link #LIST_SEPARATOR}. */
    static final List<String> MULTI_FIELDS = List.of("targets", "timing.daysOfWeek");
    static final String LIST_SEPARATOR = ",";
    public static final List<Choice> REGISTER_AT = List.of(
            new Choice(TaskInput.REGISTER_ENVIRONMENT, "this environment"),
            new Choice(TaskInput.REGISTER_ACCOUNT, "the account (every environment of it sees the image)"));
    public static final List<Choice> FREQUENCIES = List.of(new Choice(TaskInput.Recurrence.DAILY, "daily"),
            new Choice(TaskInput.Recurrence.WEEKLY, "weekly"), new Choice(TaskInput.Recurrence.MONTHLY, "monthly"));
    public static final List<Choice> DAYS = EnumSet.allOf(DayOfWeek.class).stream()
            .map(d -> new Choice(d.name(), d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH))).toList();
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("EEE uuuu-MM-dd HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm");

    private final UpdateTaskService tasks;
    private final FarmService farms;
    private final RoleService roles;
    private final UserService users;
    private final Access access;
    private final Templates templates;
    private final Shell shell;

    public UpdateTaskRoutes(UpdateTaskService tasks, FarmService farms, RoleService roles, UserService users,
            Access access, Templates templates, Shell shell) {
        this.tasks = tasks;
        this.farms = farms;
        this.roles = roles;
        this.users = users;
        this.access = access;
        this.templates = templates;
        this.shell = shell;
    }

    public static String listPath(long envId) {
        return ScopeRef.environment(envId).path() + PATH;
    }

    public static String detailPath(long envId, long taskId) {
        return listPath(envId) + "/" + taskId;
    }

    /** The environment's sources and targets as the form offers them, and how pages name a task's. */
    public record Choices(List<Choice> servers, List<Choice> targets, List<Choice> serviceAccounts) {
        public String server(long serverId) {
            return servers.stream().filter(c -> c.value().equals(String.valueOf(serverId))).map(Choice::label)
                    .findFirst().orElse("server " + serverId + " (no longer running)");
        }

        public String target(TaskInput.Target target) {
            String value = targetValue(target);
            return targets.stream().filter(c -> c.value().equals(value)).map(Choice::label).findFirst()
                    .orElse(target.isFarmRole() ? "farm role " + target.farmRoleId() + " (gone)"
                            : "role " + target.roleId() + " in " + target.cloudLocation() + " (gone)");
        }
    }

    /** A task as the tab and its page show it. */
    public record TaskView(UpdateTask task, String path, String source, List<String> targets) {
        public String timing() {
            return timingSummary(task.timing());
        }

        public String nextRun() {
            return task.nextRuns().isEmpty() ? "—" : Times.minute(task.nextRuns().get(0)) + " UTC";
        }

        public String lastResult() {
            Execution last = task.lastExecution();
            return last == null ? "never ran" : last.status();
        }
    }

    public record ListPage(Layout layout, ScopeRef scope, String scopeLabel, List<TaskView> tasks, long total,
            boolean canCreate, List<ExecutionView> publishRuns, long totalPublishRuns) {
        public String newPath() {
            return scope.path() + NEW;
        }
    }

    public record FormPage(Layout layout, ScopeRef scope, String scopeLabel, Form form, Choices choices, String action,
            UpdateTask editing, NextRuns nextRuns) {
        public String listPath() {
            return scope.path() + PATH;
        }

        public String nextRunsPath() {
            return scope.path() + NEXT_RUNS;
        }

        /** Whether a field of several values holds {@code value}. */
        public boolean has(String field, String value) {
            return List.of(form.value(field).split(LIST_SEPARATOR)).contains(value);
        }
    }

    /** The preview of the form's timing: the next runs, or why it has none. */
    public record NextRuns(List<String> runs, String note) {
    }

    /** One run as its block shows it; {@code polling} while it is not finished. */
    public record ExecutionView(Execution execution, String path, boolean canCancel, String csrfToken) {
        public boolean polling() {
            return !execution.finishedRunning();
        }

        public static String time(Instant instant) {
            return instant == null ? "—" : Times.second(instant) + " UTC";
        }
    }

    /** A run on a page of its own: a task's run (back to its task) or a publish run (back to the tab). */
    public record RunPage(Layout layout, String title, String backPath, String backLabel, ExecutionView run) {
    }

    public record DetailPage(Layout layout, String scopeLabel, TaskView view, String listPath, boolean canManage,
            boolean canOperate, String runAs, List<ExecutionView> executions, long totalRuns, long offset,
            String olderPath, String newerPath) {
        public UpdateTask task() {
            return view.task();
        }

        public String path() {
            return view.path();
        }
    }

    /** What each target holds now: the image name a run put there shows in place. */
    public record Verify(List<Held> held) {
        public record Held(String target, String imageName) {
        }
    }

    public void register(JavalinDefaultRoutingApi router) {
        String env = "/envs/{envId}";
        router.get(env + PATH, this::list);
        router.get(env + NEW, ctx -> {
            ScopeRef scope = environment(ctx);
            access.requireManage(Auth.viewer(ctx), scope);
            form(ctx, scope, null, defaults(), 200);
        });
        router.post(env + PATH, ctx -> {
            ScopeRef scope = environment(ctx);
            Viewer viewer = Auth.viewer(ctx);
            access.requireManage(viewer, scope);
            Form form = submitted(ctx);
            try {
                UpdateTask created = tasks.create(viewer, scope.id(), input(form));
                Flash.set(ctx, TaskInput.Timing.NOW.equals(created.timing().type())
                        ? "Task " + created.name() + " created; its run has started"
                        : "Task " + created.name() + " created");
                Htmx.redirect(ctx, detailPath(created.envId(), created.id()));
            } catch (ValidationException | ConflictException refused) {
                form(ctx, scope, null, form.withError(refused), status(refused));
            }
        });
        router.get(env + NEXT_RUNS, ctx -> {
            access.requireEnter(Auth.viewer(ctx), environment(ctx));
            ctx.header("Vary", "HX-Request");
            ctx.html(templates.render(NEXT_RUNS_TEMPLATE, nextRuns(queried(ctx))));
        });
        String task = env + PATH + "/{taskId}";
        router.get(task, ctx -> detail(ctx, 200));
        router.get(task + "/edit", ctx -> {
            UpdateTask shown = task(ctx);
            access.requireManage(Auth.viewer(ctx), ScopeRef.environment(shown.envId()));
            form(ctx, environment(ctx), shown, formOf(shown), 200);
        });
        router.post(task + "/edit", ctx -> {
            UpdateTask shown = task(ctx);
            Viewer viewer = Auth.viewer(ctx);
            access.requireManage(viewer, ScopeRef.environment(shown.envId()));
            Form form = submitted(ctx);
            try {
                tasks.update(viewer, shown.id(), input(form));
                Flash.set(ctx, "Saved");
                Htmx.redirect(ctx, detailPath(shown.envId(), shown.id()));
            } catch (ValidationException | ConflictException refused) {
                form(ctx, environment(ctx), shown, form.withError(refused), status(refused));
            }
        });
        router.post(task + "/run", ctx -> action(ctx, () -> "Run " + tasks.runNow(Auth.viewer(ctx), task(ctx).id()).id()
                + " started"));
        router.post(task + "/pause", ctx -> action(ctx, () -> {
            tasks.pause(Auth.viewer(ctx), task(ctx).id());
            return "Task paused: it runs again once resumed";
        }));
        router.post(task + "/resume", ctx -> action(ctx, () -> {
            tasks.resume(Auth.viewer(ctx), task(ctx).id());
            return "Task resumed";
        }));
        router.post(task + "/delete", ctx -> {
            UpdateTask shown = task(ctx);
            try {
                tasks.delete(Auth.viewer(ctx), shown.id());
                Flash.set(ctx, "Task " + shown.name() + " deleted");
                Htmx.redirect(ctx, listPath(shown.envId()));
            } catch (ConflictException refused) {
                Flash.set(ctx, refused.getMessage());
                Htmx.redirect(ctx, detailPath(shown.envId(), shown.id()));
            }
        });
        router.get(task + "/verify", ctx -> {
            UpdateTask shown = task(ctx);
            ctx.header("Vary", "HX-Request");
            ctx.html(templates.render(VERIFY_TEMPLATE, verify(Auth.viewer(ctx), shown)));
        });
        String execution = task + "/executions/{executionId}";
        router.get(execution, ctx -> {
            UpdateTask shown = task(ctx);
            Execution run = execution(ctx, shown);
            showRun(ctx, executionView(ctx, executionPath(shown.envId(), shown.id(), run.id()), run), shown.name(),
                    detailPath(shown.envId(), shown.id()), shown.name());
        });
        router.post(execution + "/cancel", ctx -> action(ctx, () -> {
            Execution run = execution(ctx, task(ctx));
            tasks.cancel(Auth.viewer(ctx), run.id());
            return "Run " + run.id() + " cancelled: every target it changed is restored";
        }));
        String publishRun = env + PUBLISH_RUNS + "/{executionId}";
        router.get(publishRun, ctx -> {
            Execution run = publishRun(ctx);
            showRun(ctx, executionView(ctx, publishRunPath(run.envId(), run.id()), run), "Publish",
                    listPath(run.envId()), "Update tasks · " + shell.label(ScopeRef.environment(run.envId())));
        });
        router.post(publishRun + "/cancel", ctx -> {
            Execution run = publishRun(ctx);
            try {
                tasks.cancel(Auth.viewer(ctx), run.id());
                Flash.set(ctx, "Run " + run.id() + " cancelled: every target it changed is restored");
            } catch (ConflictException refused) {
                Flash.set(ctx, refused.getMessage());
            }
            Htmx.redirect(ctx, publishRunPath(run.envId(), run.id()));
        });
    }

    public static String publishRunPath(long envId, long executionId) {
        return ScopeRef.environment(envId).path() + PUBLISH_RUNS + "/" + executionId;
    }

    private static String executionPath(long envId, long taskId, long executionId) {
        return detailPath(envId, taskId) + "/executions/" + executionId;
    }

    /** htmx polls a running run's fragment; anyone else gets the run on a page of its own. */
    private void showRun(Context ctx, ExecutionView run, String what, String backPath, String backLabel) {
        ctx.header("Vary", "HX-Request");
        if (Htmx.isHtmx(ctx)) {
            ctx.html(templates.render(EXECUTION_TEMPLATE, run));
            return;
        }
        ScopeRef scope = ScopeRef.environment(run.execution().envId());
        String title = what + " · run " + run.execution().id();
        ctx.html(templates.render(RUN_TEMPLATE, new RunPage(shell.layout(ctx, title + " · " + shell.label(scope), scope),
                title, backPath, backLabel, run)));
    }

    private void list(Context ctx) {
        ScopeRef scope = environment(ctx);
        Viewer viewer = Auth.viewer(ctx);
        Page<UpdateTask> page = tasks.list(viewer, scope.id(), 0, UpdateTaskService.MAX_PAGE);
        Page<Execution> published = tasks.publishRuns(viewer, scope.id(), 0, PUBLISH_RUNS_SHOWN);
        Choices choices = choices(viewer, scope, false);
        String label = shell.label(scope);
        ctx.html(templates.render(LIST_TEMPLATE, new ListPage(shell.layout(ctx, "Update tasks · " + label, scope), scope,
                label, page.items().stream().map(t -> view(t, choices)).toList(), page.total(),
                access.allows(viewer, scope, AccessLevel.ADMIN), published.items().stream()
                        .map(r -> executionView(ctx, publishRunPath(r.envId(), r.id()), r)).toList(),
                published.total())));
    }

    private void detail(Context ctx, int status) {
        Viewer viewer = Auth.viewer(ctx);
        UpdateTask shown = task(ctx);
        ScopeRef scope = ScopeRef.environment(shown.envId());
        long offset = Math.max(0, ctx.queryParamAsClass("offset", Long.class).getOrDefault(0L));
        Page<Execution> runs = tasks.executions(viewer, shown.id(), offset, RUNS_PER_PAGE);
        Choices choices = choices(viewer, scope, false);
        String runAs = shown.runAsUserId() == null ? "whoever runs it (a \"now\" task runs as its creator)"
                : runAsEmail(shown.runAsUserId());
        String path = detailPath(shown.envId(), shown.id());
        String label = shell.label(scope);
        ctx.status(status).html(templates.render(DETAIL_TEMPLATE, new DetailPage(
                shell.layout(ctx, shown.name() + " · Update tasks · " + label, scope), label, view(shown, choices),
                listPath(shown.envId()), access.allows(viewer, scope, AccessLevel.ADMIN),
                access.allows(viewer, scope, AccessLevel.OPERATOR),
                runAs, runs.items().stream().map(r -> executionView(ctx, executionPath(shown.envId(), shown.id(), r.id()), r))
                        .toList(), runs.total(), offset,
                offset + RUNS_PER_PAGE < runs.total() ? path + "?offset=" + (offset + RUNS_PER_PAGE) : null,
                offset > 0 ? path + "?offset=" + Math.max(0, offset - RUNS_PER_PAGE) : null)));
    }

    private String runAsEmail(long userId) {
        try {
            return users.viewerOf(userId, Channel.SCHEDULER).email();
        } catch (NotFoundException deleted) {
            return "a service account that no longer exists: choose another one (Edit)";
        }
    }

    private ExecutionView executionView(Context ctx, String path, Execution run) {
        return new ExecutionView(run, path,
                access.allows(Auth.viewer(ctx), ScopeRef.environment(run.envId()), AccessLevel.OPERATOR),
                Auth.session(ctx).map(s -> s.csrfToken()).orElse(""));
    }

    private void form(Context ctx, ScopeRef scope, UpdateTask editing, Form form, int status) {
        Viewer viewer = Auth.viewer(ctx);
        String label = shell.label(scope);
        String title = (editing == null ? "New update task" : "Edit " + editing.name()) + " · " + label;
        String action = editing == null ? scope.path() + PATH : detailPath(editing.envId(), editing.id()) + "/edit";
        ctx.status(status).html(templates.render(FORM_TEMPLATE, new FormPage(shell.layout(ctx, title, scope), scope,
                label, form, choices(viewer, scope, true), action, editing, nextRuns(form))));
    }

    /** Runs one action of a task's page and returns to it with what happened (or why it was refused). */
    private void action(Context ctx, Supplier<String> action) {
        UpdateTask shown = task(ctx);
        try {
            Flash.set(ctx, action.get());
        } catch (ConflictException refused) {
            Flash.set(ctx, refused.getMessage());
        }
        Htmx.redirect(ctx, detailPath(shown.envId(), shown.id()));
    }

    private TaskView view(UpdateTask task, Choices choices) {
        return new TaskView(task, detailPath(task.envId(), task.id()), choices.server(task.sourceServerId()),
                task.targets().stream().map(choices::target).toList());
    }

    /**
     * The environment's active servers (with farm and image), every role location and farm role a new image can go
     * into, and — for the form — the service accounts that may run unattended tasks here.
     */
    private Choices choices(Viewer viewer, ScopeRef scope, boolean forForm) {
        List<Choice> servers = new ArrayList<>();
        List<Choice> targets = new ArrayList<>();
        for (Farm farm : farms.list(viewer, scope)) {
            FarmService.FarmDetail detail = farms.detail(viewer, farm.id());
            Map<Long, String> aliases = new HashMap<>();
            for (FarmRole farmRole : detail.farmRoles()) {
                aliases.put(farmRole.id(), farmRole.alias());
                targets.add(new Choice(targetValue(TaskInput.Target.farmRole(farmRole.id())), "farm " + farm.name()
                        + " · " + farmRole.alias() + " (role " + farmRole.roleName() + " in " + farmRole.cloudLocation()
                        + ", and its scaling group)"));
            }
            for (Server server : detail.servers()) {
                servers.add(new Choice(String.valueOf(server.id()), server.cloudInstanceId() + " · " + farm.name() + " / "
                        + aliases.getOrDefault(server.farmRoleId(), "?") + " · on " + server.imageName()));
            }
        }
        for (Role role : roles.list(viewer, scope, RoleFilter.of(null, null, "false"))) {
            roles.detail(viewer, scope, role.id()).images().stream().map(RoleImage::image)
                    .map(image -> image.cloudLocation()).distinct().sorted()
                    .forEach(location -> targets.add(new Choice(targetValue(TaskInput.Target.role(role.id(), location)),
                            "role " + role.name() + " in " + location)));
        }
        List<Choice> serviceAccounts = forForm ? serviceAccounts(viewer, scope) : List.of();
        return new Choices(servers, targets, serviceAccounts);
    }

    /** Enabled service accounts holding operator rights here: the identities unattended runs may use. */
    private List<Choice> serviceAccounts(Viewer viewer, ScopeRef scope) {
        return users.members(viewer, scope).stream().map(UserService.Member::user)
                .filter(u -> u.kind() == UserKind.SERVICE && !u.disabled())
                .filter(u -> access.allows(users.viewerOf(u.id(), Channel.SCHEDULER), scope, AccessLevel.OPERATOR))
                .map(u -> new Choice(String.valueOf(u.id()), u.email())).toList();
    }

    private Verify verify(Viewer viewer, UpdateTask task) {
        ScopeRef scope = ScopeRef.environment(task.envId());
        Choices choices = choices(viewer, scope, false);
        List<Verify.Held> held = new ArrayList<>();
        for (TaskInput.Target target : task.targets()) {
            long roleId;
            String location;
            try {
                if (target.isFarmRole()) {
                    FarmRole farmRole = farms.farmRole(viewer, target.farmRoleId());
                    roleId = farmRole.roleId();
                    location = farmRole.cloudLocation();
                } else {
                    roleId = target.roleId();
                    location = target.cloudLocation();
                }
                String image = roles.detail(viewer, scope, roleId).images().stream().map(RoleImage::image)
                        .filter(i -> i.cloudLocation().equals(location)).map(i -> i.name()).findFirst()
                        .orElse("no image in " + location);
                held.add(new Verify.Held(choices.target(target), image));
            } catch (NotFoundException gone) {
                held.add(new Verify.Held(choices.target(target), "no longer exists"));
            }
        }
        return new Verify(held);
    }

    private NextRuns nextRuns(Form form) {
        String type = form.value("timing.type");
        if (TaskInput.Timing.NOW.equals(type) || type.isEmpty()) {
            return new NextRuns(List.of(), "Runs once, as soon as the task is saved.");
        }
        TaskInput.Timing timing;
        try {
            timing = timing(form, new ValidationException.Collector());
        } catch (RuntimeException unreadable) {
            return new NextRuns(List.of(), "Fill in the timing to see the runs it gives.");
        }
        List<ZonedDateTime> runs = tasks.nextRuns(timing, UpdateTaskService.NEXT_RUNS);
        if (runs.isEmpty()) {
            return new NextRuns(List.of(), "No run: check the time zone, the times and the days (a scheduled time must"
                    + " be in the future, a periodic task needs a time of day, days and an expiry).");
        }
        return new NextRuns(runs.stream().map(r -> RUN_TIME.format(r) + " " + r.getZone().getId()).toList(), null);
    }

    // ---- reading the form

    private static Form submitted(Context ctx) {
        Map<String, String> values = new HashMap<>(Form.of(ctx, FIELDS).values());
        for (String field : MULTI_FIELDS) {
            values.put(field, String.join(LIST_SEPARATOR, ctx.formParams(field)));
        }
        return new Form(values, Map.of());
    }

    /** The timing fields of the preview's query (htmx sends the whole form). */
    private static Form queried(Context ctx) {
        Map<String, String> values = new HashMap<>();
        for (String field : FIELDS) {
            String value = ctx.queryParam(field);
            if (value != null) {
                values.put(field, value);
            }
        }
        values.put("timing.daysOfWeek", String.join(LIST_SEPARATOR, ctx.queryParams("timing.daysOfWeek")));
        return new Form(values, Map.of());
    }

    private static Form defaults() {
        return new Form(Map.of("registerAt", TaskInput.REGISTER_ENVIRONMENT, "deprecateReplaced", "on",
                "timing.type", TaskInput.Timing.NOW, "timing.timeZone", "UTC", "timing.frequency",
                TaskInput.Recurrence.WEEKLY, "timing.timeOfDay", "02:00", "timing.daysOfWeek", DayOfWeek.MONDAY.name()),
                Map.of());
    }

    private static Form formOf(UpdateTask task) {
        Map<String, String> values = new HashMap<>();
        values.put("name", task.name());
        values.put("sourceServer", String.valueOf(task.sourceServerId()));
        values.put("imageName", task.imageName());
        values.put("registerAt", task.registerAt());
        if (task.deprecateReplaced()) {
            values.put("deprecateReplaced", "on");
        }
        values.put("targets", task.targets().stream().map(UpdateTaskRoutes::targetValue)
                .collect(Collectors.joining(LIST_SEPARATOR)));
        TaskInput.Timing timing = task.timing();
        values.put("timing.type", timing.type());
        values.put("timing.timeZone", timing.timeZone());
        values.put("timing.at", input(timing.at()));
        values.put("timing.startsAt", input(timing.startsAt()));
        values.put("timing.expiresAt", input(timing.expiresAt()));
        TaskInput.Recurrence recurrence = timing.recurrence();
        if (recurrence != null) {
            values.put("timing.frequency", recurrence.frequency());
            values.put("timing.daysOfWeek", recurrence.daysOfWeek().stream().sorted().map(DayOfWeek::name)
                    .collect(Collectors.joining(LIST_SEPARATOR)));
            values.put("timing.fromDay", recurrence.fromDay() == null ? "" : String.valueOf(recurrence.fromDay()));
            values.put("timing.toDay", recurrence.toDay() == null ? "" : String.valueOf(recurrence.toDay()));
            values.put("timing.timeOfDay", recurrence.timeOfDay() == null ? "" : recurrence.timeOfDay().toString());
        }
        values.put("runAs", task.runAsUserId() == null ? "" : String.valueOf(task.runAsUserId()));
        return new Form(values, Map.of());
    }

    private static String input(LocalDateTime time) {
        return time == null ? "" : INPUT.format(time);
    }

    /** The form as the service's input; values that cannot even be read are refused here, beside their fields. */
    private static TaskInput input(Form form) {
        ValidationException.Collector errors = new ValidationException.Collector();
        List<TaskInput.Target> targets = new ArrayList<>();
        for (String value : form.value("targets").split(LIST_SEPARATOR)) {
            if (!value.isBlank()) {
                TaskInput.Target target = parseTarget(value);
                if (target == null) {
                    errors.add("targets", "Choose targets from the list");
                } else {
                    targets.add(target);
                }
            }
        }
        TaskInput.Timing timing = timing(form, errors);
        Long sourceServer = id(form, "sourceServer", "Choose a server from the list", errors);
        Long runAs = id(form, "runAs", "Choose a service account from the list", errors);
        errors.throwIfAny();
        return new TaskInput(form.value("name"), sourceServer, form.value("imageName"), form.value("registerAt"),
                targets, !form.value("deprecateReplaced").isEmpty(), timing, runAs);
    }

    private static TaskInput.Timing timing(Form form, ValidationException.Collector errors) {
        String type = form.value("timing.type");
        String zone = form.value("timing.timeZone").strip();
        return switch (type) {
            case TaskInput.Timing.SCHEDULED -> TaskInput.Timing.scheduled(dateTime(form, "timing.at", errors), zone);
            case TaskInput.Timing.PERIODIC -> TaskInput.Timing.periodic(zone, recurrence(form, errors),
                    dateTime(form, "timing.startsAt", errors), dateTime(form, "timing.expiresAt", errors));
            default -> new TaskInput.Timing(type, null, zone.isEmpty() ? "UTC" : zone, null, null, null);
        };
    }

    private static TaskInput.Recurrence recurrence(Form form, ValidationException.Collector errors) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : form.value("timing.daysOfWeek").split(LIST_SEPARATOR)) {
            if (!day.isBlank()) {
                try {
                    days.add(DayOfWeek.valueOf(day.strip()));
                } catch (IllegalArgumentException e) {
                    errors.add("timing.recurrence", "Choose days of the week from the list");
                }
            }
        }
        String frequency = form.value("timing.frequency");
        boolean monthly = TaskInput.Recurrence.MONTHLY.equals(frequency);
        Integer from = monthly ? day(form, "timing.fromDay", errors) : null;
        Integer to = monthly ? day(form, "timing.toDay", errors) : null;
        LocalTime timeOfDay = null;
        String time = form.value("timing.timeOfDay").strip();
        if (!time.isEmpty()) {
            try {
                timeOfDay = LocalTime.parse(time);
            } catch (DateTimeParseException e) {
                errors.add("timing.recurrence", "Give the time of day as HH:mm");
            }
        }
        return new TaskInput.Recurrence(frequency,
                TaskInput.Recurrence.WEEKLY.equals(frequency) ? days : Set.of(), from, to, timeOfDay);
    }

    private static Integer day(Form form, String field, ValidationException.Collector errors) {
        String value = form.value(field).strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            errors.add("timing.recurrence", "Days of the month are numbers from 1 to 31");
            return null;
        }
    }

    private static LocalDateTime dateTime(Form form, String field, ValidationException.Collector errors) {
        String value = form.value(field).strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            errors.add(field, "Give a date and time as YYYY-MM-DD HH:mm");
            return null;
        }
    }

    /** The id chosen in a select; blank is none (the service says when one is needed). */
    private static Long id(Form form, String field, String message, ValidationException.Collector errors) {
        String value = form.value(field).strip();
        try {
            return value.isEmpty() ? null : Long.parseLong(value);
        } catch (NumberFormatException e) {
            errors.add(field, message);
            return null;
        }
    }

    /** How a target travels in the form: {@code role:<id>:<location>} or {@code farmRole:<id>}. */
    static String targetValue(TaskInput.Target target) {
        return target.isFarmRole() ? "farmRole:" + target.farmRoleId()
                : "role:" + target.roleId() + ":" + target.cloudLocation();
    }

    private static TaskInput.Target parseTarget(String value) {
        String[] parts = value.strip().split(":", 3);
        try {
            if (parts.length == 2 && parts[0].equals("farmRole")) {
                return TaskInput.Target.farmRole(Long.parseLong(parts[1]));
            }
            if (parts.length == 3 && parts[0].equals("role") && !parts[2].isBlank()) {
                return TaskInput.Target.role(Long.parseLong(parts[1]), parts[2]);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** "Weekly on Mon, Thu at 02:00 (Europe/Berlin) until 2027-03-31 00:00" and the like. */
    public static String timingSummary(TaskInput.Timing timing) {
        return switch (timing.type()) {
            case TaskInput.Timing.SCHEDULED -> "Once at " + LOCAL.format(timing.at()) + " (" + timing.timeZone() + ")";
            case TaskInput.Timing.PERIODIC -> {
                TaskInput.Recurrence r = timing.recurrence();
                String days = switch (r.frequency()) {
                    case TaskInput.Recurrence.WEEKLY -> "Weekly on " + r.daysOfWeek().stream().sorted()
                            .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)).collect(Collectors.joining(", "));
                    case TaskInput.Recurrence.MONTHLY -> "Monthly on days " + r.fromDay() + "–" + r.toDay();
                    default -> "Daily";
                };
                yield days + " at " + r.timeOfDay() + " (" + timing.timeZone() + ")"
                        + (timing.startsAt() == null ? "" : " from " + LOCAL.format(timing.startsAt()))
                        + " until " + LOCAL.format(timing.expiresAt());
            }
            default -> "Once, when created";
        };
    }

    // ---- the objects of the URL

    private static ScopeRef environment(Context ctx) {
        return ScopeRef.environment(ScopedRoutes.id(ctx, "envId"));
    }

    /** The task of the URL, which must belong to the environment of the URL. */
    private UpdateTask task(Context ctx) {
        long taskId = ScopedRoutes.id(ctx, "taskId");
        UpdateTask task = tasks.get(Auth.viewer(ctx), taskId);
        if (task.envId() != environment(ctx).id()) {
            throw new NotFoundException("Update task " + taskId);
        }
        return task;
    }

    /** The run of the URL, which must be a run of the task of the URL. */
    private Execution execution(Context ctx, UpdateTask task) {
        long executionId = ScopedRoutes.id(ctx, "executionId");
        Execution run = tasks.execution(Auth.viewer(ctx), executionId);
        if (run.taskId() == null || run.taskId() != task.id()) {
            throw new NotFoundException("Run " + executionId);
        }
        return run;
    }

    /** The publish run of the URL, which must be a publish run of the environment of the URL. */
    private Execution publishRun(Context ctx) {
        long executionId = ScopedRoutes.id(ctx, "executionId");
        Execution run = tasks.execution(Auth.viewer(ctx), executionId);
        if (run.taskId() != null || run.envId() != environment(ctx).id()) {
            throw new NotFoundException("Run " + executionId);
        }
        return run;
    }

    private static int status(RuntimeException refused) {
        return refused instanceof ValidationException ? 422 : 409;
    }
}
