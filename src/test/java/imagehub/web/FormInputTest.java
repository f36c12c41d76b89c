package imagehub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.WebApp;
import imagehub.support.ApiProbe;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every form of the portal, found by walking the app's POST routes, posted bad values as an admin: each
 * answers the page again with the refusal shown (422 with field errors, or 409), never a 500, and writes
 * nothing. Routes that take no input (a delete button, launch, pause…) are left out: there is nothing to
 * fill in wrongly.
 */
class FormInputTest {
    /** The last path segment of a button that carries no field. */
    private static final Set<String> NO_INPUT = Set.of("delete", "launch", "suspend", "resume", "terminate", "sync",
            "sync-image", "remove", "undeprecate", "promote", "run", "pause", "cancel", "rollback", "disable", "enable",
            "revoke", "logout");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    private static WebClient admin;
    private static ApiProbe probe;
    private static Map<String, Map<String, String>> ids;
    private static Set<String> fields;

    @BeforeAll
    static void setUp() {
        admin = WebClient.signedIn(app, TestApp.ADMIN);
        probe = new ApiProbe(app);
        ids = probe.objects();
        fields = formFields();
    }

    @Test
    void every_form_refuses_overlong_values_with_field_errors_and_writes_nothing() {
        assertTrue(fields.containsAll(Set.of("name", "description", "minServers", "cloudLocation", "batchSize")), "" + fields);
        Map<String, String> overlong = new LinkedHashMap<>();
        fields.forEach(field -> overlong.put(field, "x".repeat(5_000)));
        List<String> wrong = new ArrayList<>();
        List<String> walked = new ArrayList<>();
        for (String route : formRoutes()) {
            String path = fill(route);
            Map<String, Long> before = probe.fingerprint();
            HttpResponse<String> answer = admin.post(path, overlong);
            walked.add(route);
            boolean refusal = (answer.statusCode() == 422 || answer.statusCode() == 409) && refusalShown(answer);
            if (!refusal) {
                wrong.add(route + " -> " + answer.statusCode() + " " + answer.headers().firstValue("Location").orElse("")
                        + " " + excerpt(answer.body()));
            } else if (!before.equals(probe.fingerprint())) {
                wrong.add(route + " -> " + answer.statusCode() + " but a table changed");
            }
        }
        assertTrue(walked.size() >= 30, "only " + walked.size() + " form routes walked: " + walked);
        assertEquals(List.of(), wrong);
    }

    @Test
    void numbers_that_are_not_numbers_and_missing_fields_are_field_errors() {
        String env = "/envs/" + ids.get("user").get("envId");
        String farm = env + "/farms/" + ids.get("user").get("farmId");
        Map<String, Map<String, String>> posts = new LinkedHashMap<>();
        posts.put(farm + "/farm-roles/" + ids.get("user").get("farmRoleId") + "/resize",
                Map.of("minServers", "two", "maxServers", "-1"));
        posts.put(env + "/images", Map.of("platform", "sandbox", "cloudLocation", "sandbox-east-1",
                "cloudImageId", "sbx-0000beef", "name", "sized-badly", "sizeGb", "1.5"));
        posts.put(env + "/roles", Map.of("description", "no name given"));
        posts.put(env + "/farms", Map.of("description", "no name given"));
        posts.put(farm + "/replace-servers", Map.of("target", "", "batchSize", "many"));
        List<String> wrong = new ArrayList<>();
        posts.forEach((path, form) -> {
            Map<String, Long> before = probe.fingerprint();
            HttpResponse<String> answer = admin.post(path, form);
            if (answer.statusCode() != 422 || !refusalShown(answer) || !before.equals(probe.fingerprint())) {
                wrong.add(path + " " + form + " -> " + answer.statusCode() + " " + excerpt(answer.body()));
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void an_overlong_password_is_refused_not_a_500() {
        HttpResponse<String> login = new WebClient(app).login(TestApp.ADMIN, "p".repeat(5_000));
        assertEquals(401, login.statusCode());
        assertTrue(refusalShown(login), excerpt(login.body()));
        HttpResponse<String> change = admin.post("/profile/password", Map.of("current", TestApp.DEMO_PASSWORD,
                "password", "\u00e9".repeat(40)));
        assertEquals(422, change.statusCode());
        assertTrue(change.body().contains("Use at most 72 characters"), excerpt(change.body()));
    }

    /** The page shows why: an error next to a field, or a notice over the form. */
    private static boolean refusalShown(HttpResponse<String> answer) {
        return answer.body().contains("class=\"field-error\"") || answer.body().contains("class=\"notice error");
    }

    /** Every POST route of the portal but the sign-in and the buttons that take no input. */
    private static Set<String> formRoutes() {
        Javalin unstarted = Javalin.create(config -> WebApp.configure(config, app.context()));
        Set<String> routes = new TreeSet<>();
        unstarted.unsafe.internalRouter.allHttpHandlers().forEach(parsed -> {
            String path = parsed.endpoint.path;
            String last = path.substring(path.lastIndexOf('/') + 1);
            // Credentials live at accounts and environments only; their /global routes answer 404 to anyone.
            if (parsed.endpoint.method == HandlerType.POST && !path.startsWith("/api/") && !path.equals("/login")
                    && !NO_INPUT.contains(last) && !path.startsWith("/global/settings/cloud-credentials")) {
                routes.add(path);
            }
        });
        return routes;
    }

    /** The route with real objects: acme-dev's at {@code /envs/}, acme's at {@code /accounts/}, else global ones. */
    private static String fill(String route) {
        Map<String, String> level = ids.get(route.startsWith("/envs/") ? "user" : route.startsWith("/accounts/") ? "account" : "global");
        return ApiProbe.fill(route, level);
    }

    /** The names of every form field: those the templates render and those the handlers read. */
    private static Set<String> formFields() {
        Set<String> names = new TreeSet<>();
        Pattern templateName = Pattern.compile("name=\"([A-Za-z_.]+)\"");
        Pattern listOf = Pattern.compile("List\\.of\\(([^)]*)\\)");
        Pattern formParam = Pattern.compile("formParams?\\(\"([A-Za-z_.]+)\"");
        Pattern literal = Pattern.compile("\"([A-Za-z_.]+)\"");
        for (Path file : files(Path.of("templates"), ".jte")) {
            collect(templateName.matcher(read(file)), names);
        }
        for (Path file : files(Path.of("src/main/java/imagehub"), "Routes.java")) {
            String source = read(file);
            collect(formParam.matcher(source), names);
            Matcher lists = listOf.matcher(source);
            while (lists.find()) {
                collect(literal.matcher(lists.group(1)), names);
            }
        }
        names.remove("_csrf");
        return names;
    }

    private static void collect(Matcher matcher, Set<String> into) {
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }

    private static List<Path> files(Path root, String suffix) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> p.toString().endsWith(suffix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String excerpt(String html) {
        Matcher error = Pattern.compile("class=\"(field-error|notice error[^\"]*)\"[^>]*>([^<]{0,160})").matcher(html);
        if (error.find()) {
            return error.group(2);
        }
        Matcher title = Pattern.compile("<title>([^<]*)</title>").matcher(html);
        return title.find() ? title.group(1) : html.substring(0, Math.min(160, html.length()));
    }
}
