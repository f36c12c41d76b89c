package imagehub.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.farm.Farm;
import imagehub.farm.FarmRole;
import imagehub.farm.FarmService;
import imagehub.farm.Server;
import imagehub.image.Image;
import imagehub.operation.StaleFarm;
import imagehub.role.Role;
import imagehub.support.ApiClient;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.SandboxImages;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/** The CLI in-process against a running Imagehub: every group's commands, JSON back, paging, errors, waiting. */
class CliTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo()
            .with("IMAGEHUB_SCALER_INTERVAL_MS", "200")
            .with("IMAGEHUB_OPERATIONS_INTERVAL_MS", "200")
            .with("IMAGEHUB_TASK_POLL_INTERVAL_MS", "200")
            .with("IMAGEHUB_SANDBOX_IMAGE_DELAY_MS", "0");

    private static final ObjectMapper json = new ObjectMapper();
    private static final AtomicInteger cloudIds = new AtomicInteger(0x0c110000);
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCliTestKEY";

    @TempDir
    static Path home;

    private static Map<String, String> admin;
    private static Map<String, String> alice;
    private static People people;
    private static Fixtures fixtures;
    private static ScopeRef acme;
    private static ScopeRef acmeDev;

    @BeforeAll
    static void setUp() {
        admin = login(TestApp.ADMIN);
        alice = login("alice@example.com");
        people = new People(app.context());
        fixtures = new Fixtures(app.context());
        acme = people.account("acme");
        acmeDev = people.env("acme", "acme-dev");
    }

    private static Map<String, String> login(String email) {
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), userId(email), "cli");
        return Map.of("IMAGEHUB_URL", app.baseUrl(), "IMAGEHUB_KEY_ID", key.key().keyId(),
                "IMAGEHUB_SECRET", key.secret());
    }

    private static long userId(String email) {
        return app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
    }

    /** What a run printed and how it ended. */
    record Run(int exit, String out, String err) {
        Run ok() {
            assertEquals(0, exit, "stdout: " + out + "\nstderr: " + err);
            return this;
        }

        JsonNode json() {
            try {
                return CliTest.json.readTree(ok().out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }

        String id() {
            return json().path("id").asText();
        }
    }

    private static Run run(Map<String, String> env, String stdin, String... args) {
        return run(env, stdin, false, args);
    }

    /** With {@code console}, stderr is taken for a terminal. */
    private static Run run(Map<String, String> env, String stdin, boolean console, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(args, new CliContext(env, home, new ByteArrayInputStream(stdin.getBytes(UTF_8)),
                new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8), Clock.systemUTC(), console));
        return new Run(exit, out.toString(UTF_8), err.toString(UTF_8));
    }

    private static Run cli(String... args) {
        return run(admin, "", args);
    }

    private static String scopeArg(ScopeRef scope) {
        return switch (scope.level()) {
            case ENVIRONMENT -> "env:" + scope.id();
            case ACCOUNT -> "account:" + scope.id();
            case GLOBAL -> "global";
        };
    }

    /** Registers a fresh sandbox Ubuntu image (one the sandbox cloud holds) at {@code scope} through the CLI. */
    private static JsonNode register(Map<String, String> who, String scope, String name) {
        String cloudImageId = SandboxImages.hold(app.context(), String.format("sbx-%08x", cloudIds.incrementAndGet()));
        return run(who, "", "images", "create", "--scope", scope, "--json", "--name", name, "--platform", "sandbox",
                "--location", Fixtures.EAST, "--cloud-image-id", cloudImageId, "--architecture", "x86_64",
                "--os", "ubuntu-22-04").json();
    }

    private static List<String> ids(JsonNode items, String field) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.at(field).asText()));
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"environment", "account", "global"})
    void the_seed_workflow_runs_as_commands_at_each_scope(String level) {
        ScopeRef where = switch (level) {
            case "environment" -> acmeDev;
            case "account" -> acme;
            default -> ScopeRef.GLOBAL;
        };
        String scope = scopeArg(where);
        JsonNode old = register(admin, scope, Fixtures.unique("cli-old"));
        assertEquals(level.equals("global") ? "scalr" : level, old.path("scope").asText());
        String role = cli("roles", "create", "--scope", scope, "-q", "--name", Fixtures.unique("cli-role"),
                "--os", "ubuntu", "--category", "web").ok().out.strip();
        assertTrue(role.matches("\\d+"), "--quiet prints the id alone: " + role);
        JsonNode added = cli("role-images", "create", "--scope", scope, role, "--image", old.path("id").asText(),
                "--json").json();
        assertEquals(old.path("id").asText(), added.at("/image/id").asText());

        JsonNode fresh = register(admin, scope, Fixtures.unique("cli-new"));
        JsonNode replaced = cli("role-images", "replace", "--scope", scope, role, old.path("id").asText(),
                "--new", fresh.path("id").asText(), "--json").json();
        assertEquals(fresh.path("id").asText(), replaced.at("/image/id").asText());
        JsonNode deprecated = cli("--scope", scope, "--json", "images", "deprecate", old.path("id").asText()).json();
        assertTrue(deprecated.path("deprecated").asBoolean());

        assertEquals(List.of(fresh.path("id").asText()),
                ids(cli("role-images", "list", "--scope", scope, role, "--json").json(), "/image/id"));
        assertTrue(cli("images", "--scope", scope, "get", old.path("id").asText(), "--json").json()
                .path("deprecated").asBoolean());
        Run table = cli("role-images", "list", "--scope", scope, role).ok();
        assertTrue(table.out.lines().findFirst().orElseThrow().matches("image\\.id +name +cloudPlatform .*"), table.out);
        assertTrue(table.out.contains(fresh.path("id").asText()), table.out);
    }

    @Test
    void images_and_roles_are_created_listed_got_updated_and_deleted() {
        String scope = scopeArg(acmeDev);
        String name = Fixtures.unique("cli-crud");
        String image = register(admin, scope, name).path("id").asText();
        assertEquals(List.of(image), ids(cli("images", "list", "--scope", scope, "-f", "name=" + name, "--json").json(),
                "/id"));
        Run table = cli("images", "get", "--scope", scope, image).ok();
        assertTrue(table.out.lines().anyMatch(line -> line.matches("name +" + name)), table.out);
        assertTrue(table.out.lines().anyMatch(line -> line.matches("os\\.id +ubuntu-22-04")), table.out);
        assertEquals("renamed " + name, cli("images", "update", "--scope", scope, image, "--description",
                "renamed " + name, "--json").json().path("description").asText());
        assertTrue(cli("images", "usage", "--scope", scope, image, "--json").json().path("usedBy").isEmpty());

        Run deleted = cli("images", "delete", "--scope", scope, image).ok();
        assertEquals("Deleted image " + image, deleted.out.strip());
        Run gone = cli("images", "get", "--scope", scope, image);
        assertEquals(CliException.API_ERROR, gone.exit);
        assertTrue(gone.err.startsWith("error: ObjectNotFound: "), gone.err);

        String roleName = Fixtures.unique("cli-role");
        String role = cli("roles", "create", "--scope", scope, "--name", roleName, "--os", "ubuntu", "--json").id();
        assertEquals(List.of(role), ids(cli("roles", "list", "--scope", scope, "-f", "name=" + roleName, "--json")
                .json(), "/id"));
        assertEquals("app", cli("roles", "update", "--scope", scope, role, "--category", "app", "--json").json()
                .path("category").asText());
        assertTrue(cli("roles", "deprecate", "--scope", scope, role, "--json").json().path("deprecated").asBoolean());
        assertFalse(cli("roles", "undeprecate", "--scope", scope, role, "--json").json().path("deprecated").asBoolean());
        cli("roles", "delete", "--scope", scope, role).ok();
        assertEquals(CliException.API_ERROR, cli("roles", "get", "--scope", scope, role).exit);
    }

    @Test
    void role_images_are_added_got_and_removed() {
        String scope = scopeArg(acme);
        String image = register(admin, scope, Fixtures.unique("cli-ri")).path("id").asText();
        String role = cli("roles", "create", "--scope", scope, "--name", Fixtures.unique("cli-ri"), "--os", "ubuntu",
                "--json").id();
        cli("role-images", "create", "--scope", scope, role, "--image", image).ok();
        JsonNode got = cli("role-images", "get", "--scope", scope, role, image, "--json").json();
        assertEquals(Fixtures.EAST, got.path("cloudLocation").asText());
        assertEquals("Deleted role image " + role + " " + image,
                cli("role-images", "delete", "--scope", scope, role, image).ok().out.strip());
        assertTrue(cli("role-images", "list", "--scope", scope, role, "--json").json().isEmpty());
        assertEquals(CliException.API_ERROR, cli("role-images", "get", "--scope", scope, role, image).exit);
    }

    @Test
    void farms_farm_roles_and_servers_are_created_listed_got_and_removed() {
        String scope = scopeArg(acmeDev);
        Image image = fixtures.ubuntu(people.viewer("alice@example.com"), acmeDev, Fixtures.EAST);
        Role role = fixtures.roleUsing(people.viewer("alice@example.com"), acmeDev, image);
        String farmName = Fixtures.unique("cli-farm");
        String farm = cli("farms", "create", "--scope", scope, "--name", farmName, "--description", "from the cli",
                "--json").id();
        assertEquals(List.of(farm), ids(cli("farms", "list", "--scope", scope, "-f", "name=" + farmName, "--json")
                .json(), "/id"));
        assertEquals(TestApp.ADMIN, cli("farms", "get", "--scope", scope, farm, "--json").json().at("/owner/email")
                .asText());
        String farmRole = cli("farm-roles", "create", "--scope", scope, farm, "--role", String.valueOf(role.id()),
                "--platform", "sandbox", "--location", Fixtures.EAST, "--min", "0", "--max", "2", "--json").id();
        assertEquals(List.of(farmRole), ids(cli("farm-roles", "list", "--scope", scope, farm, "--json").json(), "/id"));
        assertEquals(3, cli("farm-roles", "update", "--scope", scope, farmRole, "--max", "3", "--min", "0", "--json")
                .json().at("/scaling/maxInstances").asInt());
        assertEquals("running", cli("farms", "launch", "--scope", scope, farm, "--json").json().path("status").asText());

        String server = cli("servers", "create", "--scope", scope, "--farm-role", farmRole, "--json").id();
        assertEquals(List.of(server), ids(cli("servers", "list", "--scope", scope, "-f", "farm=" + farm, "--json")
                .json(), "/id"));
        assertEquals(farmRole, cli("servers", "get", "--scope", scope, server, "--json").json().at("/farmRole/id")
                .asText());
        cli("servers", "terminate", "--scope", scope, server, "--force").ok();

        assertEquals("terminated", cli("farms", "terminate", "--scope", scope, farm, "--json").json().path("status")
                .asText());
        cli("farm-roles", "delete", "--scope", scope, farmRole).ok();
        assertEquals(CliException.API_ERROR, cli("farm-roles", "get", "--scope", scope, farmRole).exit);
        assertEquals("Deleted farm " + farm, cli("farms", "delete", "--scope", scope, farm).ok().out.strip());
        assertEquals(CliException.API_ERROR, cli("farms", "get", "--scope", scope, farm).exit);
    }

    @Test
    void cloud_credentials_take_the_secret_from_stdin_and_never_print_it() {
        String scope = scopeArg(acme);
        String body = "{\"secretAccessKey\": \"" + SECRET + "\"}";
        Run created = run(alice, body, "credentials", "create", "--scope", scope, "--stdin", "--name", "cli-creds",
                "--platform", "ec2", "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--default-regions",
                "eu-west-1,us-east-1", "--json");
        JsonNode data = created.json();
        assertEquals("****tKEY", data.path("secretAccessKey").asText());
        assertEquals("[\"eu-west-1\",\"us-east-1\"]", data.path("defaultRegions").toString());
        String id = data.path("id").asText();
        Run listed = run(alice, "", "credentials", "list", "--scope", scope).ok();
        assertTrue(listed.out.contains("cli-creds") && listed.out.contains("eu-west-1,us-east-1"), listed.out);
        assertEquals("cli-creds", run(alice, "", "credentials", "get", "--scope", scope, id, "--json").json()
                .path("name").asText());
        assertEquals("cli-creds-2", run(alice, "", "credentials", "update", "--scope", scope, id, "--name",
                "cli-creds-2", "--json").json().path("name").asText());
        for (Run r : List.of(created, listed)) {
            assertFalse((r.out + r.err).contains(SECRET), "the secret is never printed");
        }
        run(alice, "", "credentials", "delete", "--scope", scope, id).ok();
        assertEquals(CliException.API_ERROR, run(alice, "", "credentials", "get", "--scope", scope, id).exit);
    }

    @Test
    void replacements_are_previewed_applied_listed_got_and_rolled_back() {
        String scope = scopeArg(acme);
        String old = register(alice, scope, Fixtures.unique("cli-rep-old")).path("id").asText();
        String fresh = register(alice, scope, Fixtures.unique("cli-rep-new")).path("id").asText();
        String role = run(alice, "", "roles", "create", "--scope", scope, "--name", Fixtures.unique("cli-rep"), "--os",
                "ubuntu", "--json").id();
        run(alice, "", "role-images", "create", "--scope", scope, role, "--image", old).ok();

        JsonNode preview = run(alice, "", "replacements", "preview", "--scope", scope, old, "--new", fresh,
                "--json").json();
        assertTrue(preview.path("dryRun").asBoolean());
        assertEquals(List.of(role), ids(preview.path("roles"), "/id"));
        assertEquals(old, run(alice, "", "role-images", "list", "--scope", scope, role, "--json").json()
                .at("/0/image/id").asText(), "a preview changes nothing");

        Run applied = run(alice, "", "replacements", "apply", "--scope", scope, old, "--new", fresh, "--deprecate-old",
                "--reason", "cli test").ok();
        assertTrue(applied.out.lines().findFirst().orElseThrow().matches("id +name +scope +accountId +envId"),
                applied.out);
        assertEquals(fresh, run(alice, "", "role-images", "list", "--scope", scope, role, "--json").json()
                .at("/0/image/id").asText());
        JsonNode latest = run(alice, "", "replacements", "list", "--scope", scope, "--max-results", "1", "--json")
                .json().get(0);
        assertEquals(old, latest.at("/oldImage/id").asText());
        String replacement = latest.path("id").asText();
        assertEquals(List.of(role), ids(run(alice, "", "replacements", "get", "--scope", scope, replacement, "--json")
                .json().path("roles"), "/id"));
        assertTrue(run(alice, "", "replacements", "rollback", "--scope", scope, replacement, "--json").json()
                .path("rolledBack").asBoolean());
        assertEquals(old, run(alice, "", "role-images", "list", "--scope", scope, role, "--json").json()
                .at("/0/image/id").asText());
    }

    @Test
    void usage_lists_servers_with_their_image_state_and_the_fleet_freshness() {
        StaleFarm stale = staleFarm(1);
        String scope = scopeArg(acmeDev);
        JsonNode servers = cli("usage", "servers", "--scope", scope, "-f", "farmId=" + stale.farm().id(), "--json")
                .json();
        assertEquals(1, servers.size());
        assertTrue(servers.get(0).path("imageSuperseded").asBoolean());
        JsonNode freshness = cli("usage", "freshness", "--scope", scope, "--json").json();
        assertTrue(freshness.at("/now/total").asInt() >= 1, freshness.toString());
        Run table = cli("usage", "freshness", "--scope", scope).ok();
        assertTrue(table.out.lines().anyMatch(line -> line.matches("now\\.total +\\d+")), table.out);
    }

    private static StaleFarm staleFarm(int servers) {
        return StaleFarm.create(app.context(), people.viewer("alice@example.com"), people.viewer("bob@example.com"),
                acmeDev, servers);
    }

    @Test
    void operations_are_created_waited_on_with_a_progress_bar_listed_got_and_cancelled() {
        String scope = scopeArg(acmeDev);
        StaleFarm stale = staleFarm(2);
        Run waited = cli("operations", "create", "--scope", scope, "--farm-role", String.valueOf(stale.farmRole().id()),
                "--batch-size", "1", "--wait", "--interval", "0.2", "--timeout", "60", "--json");
        JsonNode done = waited.json();
        assertEquals("completed", done.path("status").asText());
        assertEquals(2, done.path("replaced").asInt());
        List<String> bars = waited.err.lines().toList();
        assertTrue(bars.get(0).startsWith("[") && bars.get(0).contains("running 0/2 replaced"), waited.err);
        assertTrue(bars.get(bars.size() - 1).startsWith("[" + "#".repeat(30) + "] 100% completed 2/2"), waited.err);
        String id = done.path("id").asText();
        assertEquals("completed", cli("operations", "wait", "--scope", scope, id, "--json").json().path("status")
                .asText(), "waiting on ended work answers at once");
        Map<String, String> narrow = new HashMap<>(admin);
        narrow.put("COLUMNS", "40");
        Run redrawn = run(narrow, "", true, "operations", "wait", "--scope", scope, id).ok();
        assertEquals("\r[" + "#".repeat(30) + "] 100% c\033[K" + System.lineSeparator(), redrawn.err,
                "on a terminal the bar is redrawn in place, cut to its width");
        assertTrue(redrawn.out.lines().anyMatch(line -> line.matches("status +completed")), redrawn.out);
        assertTrue(ids(cli("operations", "list", "--scope", scope, "--json").json(), "/id").contains(id));
        assertEquals(2, cli("operations", "get", "--scope", scope, id, "--json").json().path("total").asInt());

        StaleFarm slow = staleFarm(2);
        String running = cli("operations", "create", "--scope", scope, "--farm", String.valueOf(slow.farm().id()),
                "--batch-size", "1", "--pause", "3600", "--json").id();
        assertEquals("cancelled", cli("operations", "cancel", "--scope", scope, running, "--json").json()
                .path("status").asText());
        Run failed = cli("operations", "wait", "--scope", scope, running, "--interval", "0.2");
        assertEquals(CliException.WORK_FAILED, failed.exit);
        assertTrue(failed.err.contains("error: Ended cancelled"), failed.err);
    }

    @Test
    void tasks_are_created_run_with_wait_paused_resumed_listed_and_deleted() {
        Viewer aliceViewer = people.viewer("alice@example.com");
        app.context().imageNaming.setNamingPolicy(aliceViewer, acme, "^[a-z0-9]+([_-][a-z0-9]+)*$");
        Image image = fixtures.ubuntu(aliceViewer, acmeDev, Fixtures.EAST);
        Role role = fixtures.roleUsing(aliceViewer, acmeDev, image);
        Farm farm = app.context().farms.create(aliceViewer, acmeDev.id(),
                new FarmService.FarmInput(Fixtures.unique("farm"), "", null));
        FarmRole farmRole = app.context().farms.addFarmRole(aliceViewer, farm.id(),
                new FarmService.FarmRoleInput(role.id(), "sandbox", Fixtures.EAST, 1, 1, null));
        app.context().lifecycle.launch(aliceViewer, farm.id());
        app.context().scaler.runOnce();
        Server server = app.context().farms.servers(aliceViewer, farm.id()).get(0);

        String scope = scopeArg(acmeDev);
        String body = """
                {"targets": [{"role": {"id": %d}, "cloudLocation": "%s"}],
                 "timing": {"type": "scheduled", "at": "2099-01-01T02:00", "timeZone": "UTC"}}"""
                .formatted(role.id(), Fixtures.EAST);
        JsonNode task = run(alice, body, "tasks", "create", "--scope", scope, "--stdin", "--name", "cli-task",
                "--source-server", String.valueOf(server.id()), "--image-name", "web", "--register-at", "environment",
                "--set", "deprecateReplaced=true", "--run-as", String.valueOf(userId("ci-publisher@service.imagehub")),
                "--json").json();
        String id = task.path("id").asText();
        assertEquals("active", task.path("status").asText());
        assertTrue(task.path("deprecateReplaced").asBoolean());
        assertTrue(ids(run(alice, "", "tasks", "list", "--scope", scope, "--json").json(), "/id").contains(id));
        assertEquals("paused", run(alice, "", "tasks", "pause", "--scope", scope, id, "--json").json().path("status")
                .asText());
        assertEquals("active", run(alice, "", "tasks", "resume", "--scope", scope, id, "--json").json().path("status")
                .asText());
        assertEquals("cli-task-2", run(alice, "", "tasks", "update", "--scope", scope, id, "--name", "cli-task-2",
                "--json").json().path("name").asText());

        Run ran = run(alice, "", "tasks", "run", "--scope", scope, id, "--wait", "--interval", "0.2", "--timeout", "60",
                "--json");
        JsonNode execution = ran.json();
        assertEquals("succeeded", execution.path("status").asText(), ran.err);
        assertTrue(ran.err.lines().reduce((a, b) -> b).orElseThrow().startsWith("[" + "#".repeat(30) + "] 100% succeeded"),
                ran.err);
        String newImage = execution.at("/image/id").asText();
        assertEquals(newImage, fixtures.imageOf(role, Fixtures.EAST), "the run put its image into the role");
        assertEquals(List.of(execution.path("id").asText()),
                ids(run(alice, "", "tasks", "executions", "--scope", scope, id, "--json").json(), "/id"));
        assertEquals("succeeded", run(alice, "", "tasks", "execution", "--scope", scope, execution.path("id").asText(),
                "--json").json().path("status").asText());

        run(alice, "", "tasks", "delete", "--scope", scope, id).ok();
        assertEquals(CliException.API_ERROR, run(alice, "", "tasks", "get", "--scope", scope, id).exit);
    }

    @Test
    void all_follows_the_pagination_and_a_page_says_there_is_more() {
        String scope = scopeArg(acmeDev);
        ApiClient api = new ApiClient(app, admin.get("IMAGEHUB_KEY_ID"), admin.get("IMAGEHUB_SECRET"));
        List<String> expected = ids(json.valueToTree(api.walk("/api/v1beta0/user/" + acmeDev.id() + "/images/")), "/id");
        assertTrue(expected.size() > 5, "enough images to page: " + expected.size());

        assertEquals(expected, ids(cli("images", "list", "--scope", scope, "--max-results", "2", "--all", "--json")
                .json(), "/id"));
        Run first = cli("images", "list", "--scope", scope, "--max-results", "2", "--json").ok();
        assertEquals(expected.subList(0, 2), ids(first.json(), "/id"));
        assertTrue(first.err.contains("more on the next page"), first.err);
        assertEquals(expected.subList(2, 4), ids(cli("images", "list", "--scope", scope, "--max-results", "2",
                "--page", "2", "--json").json(), "/id"));
        assertEquals(expected, cli("images", "list", "--scope", scope, "--max-results", "3", "--all", "-q").ok()
                .out.lines().toList(), "--quiet prints an id a line");
        Run table = cli("images", "list", "--scope", scope, "--max-results", "2", "--all").ok();
        assertEquals(expected.size() + 1, table.out.lines().count(), "a header and a line per image");
    }

    @Test
    void a_wrong_secret_exits_non_zero_with_the_apis_message() {
        Map<String, String> wrong = new HashMap<>(admin);
        wrong.put("IMAGEHUB_SECRET", "not-the-secret");
        Run refused = run(wrong, "", "images", "list", "--scope", "global");
        assertEquals(CliException.API_ERROR, refused.exit);
        assertEquals("error: BadAuthentication: Signature does not match", refused.err.strip());
        assertEquals("", refused.out);
    }

    @Test
    void api_refusals_exit_with_the_apis_code_and_message() {
        String scope = scopeArg(acmeDev);
        Run invalid = cli("roles", "create", "--scope", scope, "--name", "Not A Valid Name!", "--os", "ubuntu");
        assertEquals(CliException.API_ERROR, invalid.exit);
        assertTrue(invalid.err.matches("(?s)error: (InvalidValue|InvalidStructure|UnicityViolation): .+"), invalid.err);
        Run unknownField = cli("roles", "create", "--scope", scope, "--name", "x", "--os", "ubuntu", "--set",
                "colour=blue");
        assertEquals(CliException.API_ERROR, unknownField.exit);
        assertTrue(unknownField.err.contains("colour"), unknownField.err);
        Run carolNotFound = run(login("carol@example.com"), "", "images", "list", "--scope", scope);
        assertEquals(CliException.API_ERROR, carolNotFound.exit);
        assertTrue(carolNotFound.err.startsWith("error: ObjectNotFound: "), carolNotFound.err);
    }

    @Test
    void bad_usage_exits_2_before_any_request() {
        Run farmsAtGlobal = cli("farms", "list", "--scope", "global");
        assertEquals(CliException.USAGE, farmsAtGlobal.exit);
        assertEquals("error: farms list works at env:<id>, not global", farmsAtGlobal.err.strip());
        assertEquals(CliException.USAGE, cli("images", "list", "--scope", "planet:3").exit);
        Run noScope = cli("images", "list");
        assertEquals(CliException.USAGE, noScope.exit);
        assertTrue(noScope.err.contains("--scope"), noScope.err);
        Run notJson = run(admin, "name: x", "roles", "create", "--scope", "global", "--stdin");
        assertEquals(CliException.USAGE, notJson.exit);
        assertTrue(notJson.err.contains("--stdin needs a JSON object"), notJson.err);
        assertEquals(CliException.USAGE, cli("images", "get", "--scope", "global").exit, "IMAGE_ID is required");
        assertEquals(CliException.USAGE, cli("images").exit);
        Run unreachable = run(Map.of("IMAGEHUB_URL", "http://127.0.0.1:1", "IMAGEHUB_KEY_ID", "k",
                "IMAGEHUB_SECRET", "s"), "", "images", "list", "--scope", "global");
        assertEquals(CliException.UNREACHABLE, unreachable.exit);
    }

    @Test
    void stdin_and_set_build_the_body_and_options_win_over_them() {
        String scope = scopeArg(acme);
        String name = Fixtures.unique("cli-body");
        JsonNode role = run(admin, "{\"name\": \"ignored\", \"os\": {\"id\": \"ubuntu\"}, \"category\": \"web\"}",
                "roles", "create", "--scope", scope, "--stdin", "--set", "description=\"42\"", "--name", name,
                "--json").json();
        assertEquals(name, role.path("name").asText());
        assertEquals("web", role.path("category").asText());
        assertTrue(role.path("description").isTextual(), "a quoted JSON literal stays a string");
        assertEquals("42", role.path("description").asText());
    }

    @Test
    void profiles_come_from_the_config_file_and_the_environment_overrides_the_default() throws IOException {
        Path config = home.resolve(".imagehub").resolve("config");
        Files.createDirectories(config.getParent());
        Files.writeString(config, """
                # Imagehub CLI profiles
                [default]
                url = http://127.0.0.1:1
                key_id = APIKNOTAKEY000000000
                secret = nothing

                [work]
                url = %s
                key_id = %s
                secret = %s
                scope = account:%d
                """.formatted(app.baseUrl(), admin.get("IMAGEHUB_KEY_ID"), admin.get("IMAGEHUB_SECRET"), acme.id()));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        try {
            Run viaProfile = run(Map.of(), "", "roles", "list", "--profile", "work", "--json");
            assertTrue(ids(viaProfile.json(), "/name").contains("nginx-1-24"), viaProfile.out);
            assertEquals("", viaProfile.err, "no warning for a private file");
            Run viaEnvProfile = run(Map.of("IMAGEHUB_PROFILE", "work"), "", "roles", "list", "--json");
            assertEquals(viaProfile.json(), viaEnvProfile.json());
            assertEquals(CliException.UNREACHABLE, run(Map.of(), "", "roles", "list", "--scope", "global").exit,
                    "the default profile points nowhere");
            Map<String, String> overrides = new HashMap<>(admin);
            overrides.put("IMAGEHUB_SCOPE", "global");
            assertTrue(ids(run(overrides, "", "roles", "list", "--json").json(), "/name").contains("base-ubuntu"));
            Run missing = run(Map.of(), "", "roles", "list", "--profile", "home");
            assertEquals(CliException.USAGE, missing.exit);
            assertTrue(missing.err.contains("No profile [home]"), missing.err);

            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
            Run readable = run(Map.of(), "", "roles", "list", "--profile", "work");
            assertTrue(readable.err.contains("chmod 600"), readable.err);
            Files.writeString(config, "url = http://example.invalid\n");
            Run broken = run(Map.of(), "", "roles", "list", "--scope", "global");
            assertEquals(CliException.USAGE, broken.exit);
            assertTrue(broken.err.contains("line 1"), broken.err);
        } finally {
            Files.delete(config);
        }
        Run nothing = run(Map.of(), "", "roles", "list", "--scope", "global");
        assertEquals(CliException.USAGE, nothing.exit);
        assertTrue(nothing.err.contains("IMAGEHUB_URL"), nothing.err);
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_command_drives_a_route_and_method_the_served_spec_declares() {
        Map<CliScope.Level, Map<String, Object>> paths = new HashMap<>();
        for (CliScope.Level level : CliScope.Level.values()) {
            String spec = app.get("/api/" + level.api + ".v1beta0.yml").body();
            paths.put(level, (Map<String, Object>) new Yaml().<Map<String, Object>>load(spec).get("paths"));
        }
        int checked = 0;
        for (Groups.Group group : Groups.all()) {
            for (Op op : group.ops()) {
                for (CliScope.Level level : op.levels) {
                    if (!group.levels().contains(level)) {
                        continue;
                    }
                    String key = switch (level) {
                        case ENV -> "/{envId}";
                        case ACCOUNT -> "/{accountId}";
                        case GLOBAL -> "";
                    } + op.path;
                    Map<String, Object> route = (Map<String, Object>) paths.get(level).get(key);
                    String command = group.name() + " " + op.name + " at " + level;
                    assertTrue(route != null, command + ": no route " + key);
                    assertTrue(route.containsKey(op.method.toLowerCase(java.util.Locale.ROOT)),
                            command + ": " + key + " has no " + op.method);
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "every command at every scope it allows: " + checked);
    }

    @Test
    void completion_prints_picoclis_bash_script_for_every_group() {
        Run script = cli("completion").ok();
        assertTrue(script.out.contains("complete -F _complete_imagehub"), script.out.substring(0, 200));
        for (String group : List.of("images", "roles", "role-images", "farms", "farm-roles", "servers", "usage",
                "replacements", "operations", "tasks", "credentials")) {
            assertTrue(script.out.contains(group), group);
        }
        assertTrue(script.out.contains("--deprecate-old"), "options of the commands complete too");
        Run help = cli("images", "list", "--help").ok();
        assertTrue(help.out.startsWith("Usage: imagehub images list"), help.out);
        assertNotEquals("", help.out);
    }
}
