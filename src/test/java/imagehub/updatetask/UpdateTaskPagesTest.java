package imagehub.updatetask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.farm.Farm;
import imagehub.farm.Server;
import imagehub.image.Image;
import imagehub.image.ImageRoutes;
import imagehub.role.Role;
import imagehub.role.RoleFilter;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import imagehub.user.UserService;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The update task pages over HTTP: the tab, the form with its field errors and run preview, a task's page and runs. */
class UpdateTaskPagesTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SANDBOX_IMAGE_DELAY_MS", "200");

    private static ScopeRef acmeDev;
    private static ScopeRef acmeProd;
    private static Viewer alice;
    private static Server source;
    private static Role appServer;
    private static long ciPublisher;

    @BeforeAll
    static void setUp() {
        People people = new People(app.context());
        acmeDev = people.env("acme", "acme-dev");
        acmeProd = people.env("acme", "acme-prod");
        alice = people.viewer("alice@example.com");
        Farm webDev = app.context().farms.list(alice, acmeDev).stream().filter(f -> f.name().equals("web-dev"))
                .findFirst().orElseThrow();
        source = app.context().farms.servers(alice, webDev.id()).get(0);
        appServer = app.context().roles.list(alice, acmeDev, RoleFilter.of("app-server", null, null)).get(0);
        ciPublisher = app.context().jdbi.withHandle(h -> h.createQuery("SELECT id FROM users WHERE email = :email")
                .bind("email", "ci-publisher" + UserService.SERVICE_DOMAIN).mapTo(Long.class).one());
        // Every run's name is <name>_on_<id>_at_<date>: the default policy (hyphens only) would refuse it.
        app.context().imageNaming.setNamingPolicy(alice, people.account("acme"), "^[a-z0-9]+([_-][a-z0-9]+)*$");
    }

    private static long taskCount() {
        return app.context().jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM update_tasks").mapTo(Long.class).one());
    }

    private static Map<String, String> nowTask(String name) {
        Map<String, String> form = new HashMap<>();
        form.put("name", name);
        form.put("sourceServer", String.valueOf(source.id()));
        form.put("imageName", "app-golden");
        form.put("registerAt", TaskInput.REGISTER_ENVIRONMENT);
        form.put("targets", "role:" + appServer.id() + ":" + source.cloudLocation());
        // The role's image is a Global one, which acme's admin may not deprecate.
        form.put("timing.type", TaskInput.Timing.NOW);
        form.put("timing.timeZone", "UTC");
        return form;
    }

    private static Map<String, String> periodicTask(String name) {
        Map<String, String> form = nowTask(name);
        form.put("timing.type", TaskInput.Timing.PERIODIC);
        form.put("timing.timeZone", "Europe/Berlin");
        form.put("timing.frequency", TaskInput.Recurrence.DAILY);
        form.put("timing.timeOfDay", "03:00");
        form.put("timing.expiresAt", LocalDate.now().plusDays(30) + "T00:00");
        form.put("runAs", String.valueOf(ciPublisher));
        return form;
    }

    private static Execution finished(long executionId) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Execution run = app.context().updateTasks.execution(alice, executionId);
            if (run.finishedRunning()) {
                return run;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("run " + executionId + " did not finish within 60 s");
    }

    private static List<String> matches(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void the_tab_explains_an_empty_environment_and_offers_only_admins_a_new_task() {
        WebClient aliceWeb = WebClient.signedIn(app, "alice@example.com");
        HttpResponse<String> empty = aliceWeb.get(acmeProd.path() + UpdateTaskRoutes.PATH);
        assertEquals(200, empty.statusCode());
        assertTrue(empty.body().contains("id=\"tasks-empty\"") && empty.body().contains("id=\"new-task\""), empty.body());
        assertTrue(empty.body().contains(">Update tasks<"), "navigation entry in an environment");
        assertFalse(aliceWeb.get(new People(app.context()).account("acme").path())
                .body().contains(">Update tasks<"), "no entry at the account");

        WebClient bob = WebClient.signedIn(app, "bob@example.com");
        HttpResponse<String> operators = bob.get(acmeDev.path() + UpdateTaskRoutes.PATH);
        assertEquals(200, operators.statusCode());
        assertFalse(operators.body().contains("id=\"new-task\""), "operators run tasks, admins create them");
        assertEquals(403, bob.get(acmeDev.path() + UpdateTaskRoutes.NEW).statusCode());
    }

    @Test
    void the_form_refuses_field_by_field_and_writes_nothing() {
        WebClient aliceWeb = WebClient.signedIn(app, "alice@example.com");
        assertEquals(200, aliceWeb.get(acmeDev.path() + UpdateTaskRoutes.NEW).statusCode());
        long before = taskCount();

        Map<String, String> unreadable = periodicTask("nightly");
        unreadable.put("timing.expiresAt", "soon");
        unreadable.put("sourceServer", "the big one");
        HttpResponse<String> refused = aliceWeb.post(acmeDev.path() + UpdateTaskRoutes.PATH, unreadable);
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("data-field=\"timing.expiresAt\""), refused.body());
        assertTrue(refused.body().contains("data-field=\"sourceServer\""), refused.body());

        Map<String, String> wrong = periodicTask("");
        wrong.remove("runAs");
        wrong.put("sourceServer", "");
        wrong.remove("targets");
        wrong.put("timing.expiresAt", "2020-01-01T00:00");
        HttpResponse<String> invalid = aliceWeb.post(acmeDev.path() + UpdateTaskRoutes.PATH, wrong);
        assertEquals(422, invalid.statusCode());
        for (String field : List.of("name", "sourceServer", "targets", "timing.expiresAt", "runAs")) {
            assertTrue(invalid.body().contains("data-field=\"" + field + "\""), field + " has its message");
        }
        assertTrue(invalid.body().contains("value=\"Europe/Berlin\""), "what was typed stays in the form");

        Fixtures fixtures = new Fixtures(app.context());
        Role onGlobal = fixtures.roleUsing(alice, acmeDev, fixtures.ubuntu(new People(app.context())
                .viewer(TestApp.ADMIN), ScopeRef.GLOBAL, source.cloudLocation()));
        Map<String, String> deprecateGlobal = nowTask("rollout");
        deprecateGlobal.put("targets", "role:" + onGlobal.id() + ":" + source.cloudLocation());
        deprecateGlobal.put("deprecateReplaced", "on");
        HttpResponse<String> notAllowed = aliceWeb.post(acmeDev.path() + UpdateTaskRoutes.PATH, deprecateGlobal);
        assertEquals(422, notAllowed.statusCode());
        assertTrue(notAllowed.body().contains("data-field=\"deprecateReplaced\"")
                && notAllowed.body().contains("(Global)"), "the Global image the role holds is named");
        assertEquals(before, taskCount(), "nothing written");
    }

    @Test
    void publish_runs_are_listed_in_the_tab_and_have_a_page_only_under_their_environment() {
        Execution published = app.context().updateTasks.publish(alice, acmeDev.id(), new PublishInput(source.id(),
                appServer.id(), source.cloudLocation(), "ci-page", "environment", false));
        String path = UpdateTaskRoutes.publishRunPath(acmeDev.id(), published.id());
        WebClient bob = WebClient.signedIn(app, "bob@example.com");
        HttpResponse<String> tab = bob.get(acmeDev.path() + UpdateTaskRoutes.PATH);
        assertTrue(tab.body().contains("id=\"publish-runs\"") && tab.body().contains("href=\"" + path + "\""),
                "the tab links the publish run");
        HttpResponse<String> page = bob.get(path);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"run-title\"") && page.body().contains("data-step="), page.body());

        UpdateTask task = app.context().updateTasks.list(alice, acmeDev.id(), 0, 100).items().stream()
                .filter(t -> t.lastExecution() != null).findFirst().orElseThrow();
        assertEquals(404, bob.get(UpdateTaskRoutes.publishRunPath(acmeDev.id(), task.lastExecution().id()))
                .statusCode(), "a task's run is not a publish run");
        assertEquals(404, bob.get(UpdateTaskRoutes.publishRunPath(acmeProd.id(), published.id())).statusCode(),
                "found only under its own environment");
        WebClient carol = WebClient.signedIn(app, "carol@example.com");
        assertEquals(404, carol.get(path).statusCode());
        assertEquals(404, carol.post(path + "/cancel", Map.of()).statusCode());

        awaitFinished(published.id());
        HttpResponse<String> cancel = bob.post(path + "/cancel", Map.of());
        assertEquals(303, cancel.statusCode(), "a finished run is not cancelled: back to its page");
        assertTrue(bob.get(path).body().contains("has already finished"), "which says why");
    }

    private static void awaitFinished(long executionId) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!app.context().updateTasks.execution(alice, executionId).finishedRunning()
                && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void the_form_previews_the_next_five_runs_before_saving() {
        WebClient aliceWeb = WebClient.signedIn(app, "alice@example.com");
        String preview = acmeDev.path() + UpdateTaskRoutes.NEXT_RUNS + "?timing.type=periodic&timing.timeZone=Europe/Berlin"
                + "&timing.frequency=weekly&timing.daysOfWeek=MONDAY&timing.daysOfWeek=THURSDAY&timing.timeOfDay=02:00"
                + "&timing.expiresAt=2099-01-01T00:00";
        HttpResponse<String> runs = aliceWeb.get(preview, Map.of("HX-Request", "true"));
        assertEquals(200, runs.statusCode());
        List<String> listed = matches(runs.body(), "<li>([^<]+)</li>");
        assertEquals(5, listed.size(), runs.body());
        assertTrue(listed.stream().allMatch(r -> (r.startsWith("Mon ") || r.startsWith("Thu "))
                && r.endsWith("02:00 Europe/Berlin")), listed.toString());

        HttpResponse<String> past = aliceWeb.get(acmeDev.path() + UpdateTaskRoutes.NEXT_RUNS
                + "?timing.type=scheduled&timing.timeZone=UTC&timing.at=2020-01-01T10:00");
        assertTrue(past.body().contains("id=\"next-runs-note\"") && !past.body().contains("<li>"), past.body());
        assertTrue(aliceWeb.get(acmeDev.path() + UpdateTaskRoutes.NEXT_RUNS + "?timing.type=now").body()
                .contains("as soon as the task is saved"));
    }

    @Test
    void a_now_task_runs_its_steps_puts_the_image_into_the_role_and_the_image_page_shows_its_lineage() {
        WebClient aliceWeb = WebClient.signedIn(app, "alice@example.com");
        HttpResponse<String> created = aliceWeb.post(acmeDev.path() + UpdateTaskRoutes.PATH, nowTask("golden now"));
        assertEquals(303, created.statusCode(), created.body());
        String taskPath = created.headers().firstValue("Location").orElseThrow();
        long taskId = Long.parseLong(taskPath.substring(taskPath.lastIndexOf('/') + 1));
        Execution run = finished(app.context().updateTasks.get(alice, taskId).lastExecution().id());
        assertEquals(Execution.SUCCEEDED, run.status(), String.valueOf(run.cause()));

        HttpResponse<String> detail = aliceWeb.get(taskPath);
        assertEquals(200, detail.statusCode());
        assertTrue(detail.body().contains(run.imageName()) && run.imageName().startsWith("app-golden_on_" + run.id() + "_at_"));
        List<String> steps = matches(detail.body(), "data-step-status=\"([a-z]+)\"");
        assertTrue(steps.size() >= 4 && steps.stream().allMatch(s -> s.equals("succeeded") || s.equals("skipped")),
                steps.toString());
        assertFalse(detail.body().contains("hx-trigger=\"" + UpdateTaskRoutes.POLL + "\""), "a finished run stops polling");

        HttpResponse<String> verify = aliceWeb.get(taskPath + "/verify", Map.of("HX-Request", "true"));
        assertEquals(200, verify.statusCode());
        assertTrue(verify.body().contains(run.imageName()), "the role holds the new image: " + verify.body());

        Image image = app.context().images.get(alice, acmeDev, run.imageId());
        HttpResponse<String> lineage = aliceWeb.get(
                imagehub.updatetask.LineageRoutes.path(acmeDev, image.id()), Map.of("HX-Request", "true"));
        assertEquals(200, lineage.statusCode());
        assertTrue(lineage.body().contains(source.cloudInstanceId()) && lineage.body().contains("web-dev"), lineage.body());
        assertTrue(lineage.body().contains("id=\"lineage-parent\"") && lineage.body().contains(source.imageName()),
                "the image the server ran");
        assertTrue(lineage.body().contains("golden now") && lineage.body().contains("run " + run.id()));
        assertTrue(lineage.body().contains("href=\"" + taskPath + "\""), "the run links to its task");
        HttpResponse<String> parent = aliceWeb.get(imagehub.updatetask.LineageRoutes.path(acmeDev, source.imageId()));
        assertTrue(parent.body().contains(ImageRoutes.detailPath(acmeDev, image.id())), "built from it: " + parent.body());
        assertTrue(aliceWeb.get(ImageRoutes.detailPath(acmeDev, image.id())).body().contains("id=\"image-lineage\""));

        WebClient carol = WebClient.signedIn(app, "carol@example.com");
        for (String path : List.of(taskPath, taskPath + "/verify", taskPath + "/edit", taskPath + "/executions/" + run.id(),
                imagehub.updatetask.LineageRoutes.path(acmeDev, image.id()))) {
            HttpResponse<String> probe = carol.get(path);
            assertEquals(404, probe.statusCode(), path);
            assertFalse(probe.body().contains("golden now"), path);
        }
    }

    @Test
    void a_periodic_task_runs_as_a_service_account_and_is_paused_resumed_edited_and_deleted() {
        WebClient aliceWeb = WebClient.signedIn(app, "alice@example.com");
        HttpResponse<String> created = aliceWeb.post(acmeDev.path() + UpdateTaskRoutes.PATH, periodicTask("nightly golden"));
        assertEquals(303, created.statusCode(), created.body());
        String taskPath = created.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> tab = aliceWeb.get(acmeDev.path() + UpdateTaskRoutes.PATH);
        assertTrue(tab.body().contains("nightly golden") && tab.body().contains("Daily at 03:00 (Europe/Berlin)"), tab.body());
        assertTrue(tab.body().contains("never ran"));
        HttpResponse<String> detail = aliceWeb.get(taskPath);
        assertTrue(detail.body().contains("ci-publisher" + UserService.SERVICE_DOMAIN), "runs as the service account");
        assertEquals(5, matches(detail.body().substring(detail.body().indexOf("id=\"task-next-runs\"")),
                "(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d) UTC<br>").size(), "five next runs");

        WebClient bob = WebClient.signedIn(app, "bob@example.com");
        assertEquals(303, bob.post(taskPath + "/pause", Map.of()).statusCode());
        assertTrue(bob.get(taskPath).body().contains("id=\"resume-task-form\""), "paused, so it offers resume");
        assertEquals(303, bob.post(taskPath + "/resume", Map.of()).statusCode());
        assertTrue(bob.get(taskPath).body().contains("id=\"pause-task-form\""));
        assertFalse(bob.get(taskPath).body().contains("id=\"edit-task\""), "operators do not edit");
        assertEquals(403, bob.post(taskPath + "/delete", Map.of()).statusCode());

        HttpResponse<String> edit = aliceWeb.get(taskPath + "/edit");
        assertTrue(edit.body().contains("value=\"nightly golden\"") && edit.body().contains("value=\"03:00\""), "prefilled");
        Map<String, String> changed = periodicTask("nightly golden");
        changed.put("timing.frequency", TaskInput.Recurrence.MONTHLY);
        changed.put("timing.fromDay", "21");
        changed.put("timing.toDay", "25");
        assertEquals(303, aliceWeb.post(taskPath + "/edit", changed).statusCode());
        assertTrue(aliceWeb.get(taskPath).body().contains("Monthly on days 21–25 at 03:00"));

        assertEquals(303, aliceWeb.post(taskPath + "/delete", Map.of()).statusCode());
        assertEquals(404, aliceWeb.get(taskPath).statusCode());
        assertFalse(aliceWeb.get(acmeDev.path() + UpdateTaskRoutes.PATH).body().contains("nightly golden"));
    }

    @Test
    void another_tenant_gets_404_on_every_task_route_before_its_input_is_read() {
        UpdateTask task = app.context().updateTasks.create(alice, acmeDev.id(), new TaskInput("probe target",
                source.id(), "probe", TaskInput.REGISTER_ENVIRONMENT,
                List.of(TaskInput.Target.role(appServer.id(), source.cloudLocation())), false,
                TaskInput.Timing.scheduled(LocalDateTime.now().plusDays(3).withSecond(0).withNano(0), "UTC"), ciPublisher));
        String taskPath = UpdateTaskRoutes.detailPath(task.envId(), task.id());
        long before = taskCount();
        WebClient carol = WebClient.signedIn(app, "carol@example.com");
        Map<String, String> broken = Map.of("name", "", "timing.type", "scheduled", "timing.at", "garbage");
        for (String path : List.of(acmeDev.path() + UpdateTaskRoutes.PATH, taskPath + "/edit", taskPath + "/run",
                taskPath + "/pause", taskPath + "/resume", taskPath + "/delete")) {
            HttpResponse<String> probe = carol.post(path, broken);
            assertEquals(404, probe.statusCode(), path);
            assertFalse(probe.body().contains("data-field"), path + " read the input");
        }
        for (String path : List.of(acmeDev.path() + UpdateTaskRoutes.PATH, acmeDev.path() + UpdateTaskRoutes.NEW,
                acmeDev.path() + UpdateTaskRoutes.NEXT_RUNS + "?timing.type=now", taskPath)) {
            assertEquals(404, carol.get(path).statusCode(), path);
        }
        HttpResponse<String> operator = WebClient.signedIn(app, "bob@example.com")
                .post(acmeDev.path() + UpdateTaskRoutes.PATH, broken);
        assertEquals(403, operator.statusCode());
        assertFalse(operator.body().contains("data-field"));
        assertEquals(before, taskCount());
        assertNotNull(app.context().updateTasks.get(alice, task.id()), "still there");
    }
}
