package imagehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API docs page needs a session (the specs do not), and the signing script it shows, copied from the page as a
 * user would, makes requests the API accepts: a GET with a query and a POST with a body.
 */
class ApiDocsTest {
    private static final String KEY = "APIKDOCSEXAMPLE00001";
    private static final String SECRET = "docs-example-secret-0123456789";
    private static final Pattern SCRIPT = Pattern.compile("<pre id=\"sign-script\">(.*?)</pre>", Pattern.DOTALL);

    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler()
            .with("IMAGEHUB_BOOTSTRAP_API_KEY", KEY + ":" + SECRET);

    @TempDir
    Path directory;

    @Test
    void the_docs_page_needs_a_login_and_the_specs_do_not() {
        HttpResponse<String> anonymous = new WebClient(app).get(ApiDocs.PATH);
        assertEquals(303, anonymous.statusCode());
        assertEquals("/login?next=%2Fapi%2Fdocs", anonymous.headers().firstValue("Location").orElse(""));
        assertEquals(200, new WebClient(app).get(ApiSpecs.path("user")).statusCode());
        HttpResponse<String> page = WebClient.signedIn(app, "bob@example.com").get(ApiDocs.PATH);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/api/account.v1beta0.yml"), page.body());
        assertTrue(page.body().contains("export IMAGEHUB_URL=" + app.baseUrl() + " "), "the example names this server");
    }

    @Test
    void the_signing_script_of_the_page_makes_requests_the_api_accepts() throws Exception {
        Path script = directory.resolve("imagehub-call.sh");
        Files.writeString(script, scriptFromThePage(), StandardCharsets.UTF_8);

        JsonNode list = run(script, SECRET, "GET", "/api/v1beta0/global/images/", "maxResults=5&name=no%20such%20image");
        assertTrue(list.path("errors").isMissingNode(), list.toString());
        assertEquals(0, list.path("data").size(), list.toString());

        JsonNode created = run(script, SECRET, "POST", "/api/v1beta0/global/accounts/", "", "{\"name\": \"signed-by-sh\"}");
        assertEquals("signed-by-sh", created.path("data").path("name").asText(), created.toString());

        JsonNode refused = run(script, "not-the-secret", "GET", "/api/v1beta0/global/images/", "");
        assertEquals("BadAuthentication", refused.path("errors").path(0).path("code").asText(), refused.toString());
        assertEquals("Signature does not match", refused.path("errors").path(0).path("message").asText());
    }

    private static String scriptFromThePage() {
        String html = WebClient.signedIn(app, "bob@example.com").get(ApiDocs.PATH).body();
        Matcher pre = SCRIPT.matcher(html);
        assertTrue(pre.find(), "the page shows the script");
        String script = unescape(pre.group(1));
        assertEquals(ApiDocs.SIGN_SCRIPT, script);
        return script;
    }

    /** The text a browser shows (and copies) for the escaped HTML. */
    private static String unescape(String html) {
        String named = html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
        Matcher numeric = Pattern.compile("&#(\\d+);").matcher(named);
        String text = numeric.replaceAll(m -> Matcher.quoteReplacement(Character.toString(Integer.parseInt(m.group(1)))));
        return text.replace("&amp;", "&");
    }

    private static JsonNode run(Path script, String secret, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", script.toString());
        builder.command().addAll(java.util.List.of(args));
        builder.environment().putAll(Map.of("IMAGEHUB_URL", app.baseUrl(), "IMAGEHUB_KEY_ID", KEY,
                "IMAGEHUB_SECRET", secret));
        builder.redirectErrorStream(true);
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the script ends");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        return new ObjectMapper().readTree(output);
    }
}
