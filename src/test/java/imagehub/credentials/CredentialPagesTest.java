package imagehub.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.credentials.CredentialService.CredentialInput;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Settings → Cloud credentials: list, forms with field errors, delete, test connection; secrets never shown. */
class CredentialPagesTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    static final String SECRET = "pageSecretValue/K7MDENG/bPxRfiCYEXAMPLE9";

    private static ScopeRef acme;
    private static ScopeRef acmeDev;
    private static ScopeRef acmeProd;
    private static Viewer alice;

    @BeforeAll
    static void find() {
        People people = new People(app.context());
        acme = people.account("acme");
        acmeDev = people.env("acme", "acme-dev");
        acmeProd = people.env("acme", "acme-prod");
        alice = people.viewer("alice@example.com");
    }

    private static Map<String, String> fields(String name, String secret) {
        Map<String, String> fields = new HashMap<>(Map.of("name", name, "cloudPlatform", "ec2",
                "accessKeyId", "AKIAIOSFODNN7EXAMPLE", "roleArn", "", "endpoint", "",
                "defaultRegions", "eu-west-1, us-east-1"));
        fields.put("secretAccessKey", secret);
        return fields;
    }

    @Test
    void the_settings_page_links_to_cloud_credentials_at_account_and_environment_scope() {
        WebClient client = WebClient.signedIn(app, "alice@example.com");
        for (ScopeRef scope : List.of(acme, acmeDev)) {
            String settings = client.get(scope.path() + "/settings").body();
            assertTrue(settings.contains("href=\"" + scope.path() + CredentialRoutes.PATH + "\""), settings);
        }
        WebClient admin = WebClient.signedIn(app, TestApp.ADMIN);
        assertFalse(admin.get("/global/settings").body().contains(CredentialRoutes.PATH));
        assertEquals(404, admin.get("/global" + CredentialRoutes.PATH).statusCode());
    }

    @Test
    void add_shows_field_errors_without_echoing_the_secret_then_stores_and_lists_masked() {
        WebClient client = WebClient.signedIn(app, "alice@example.com");
        String base = acme.path() + CredentialRoutes.PATH;
        assertEquals(200, client.get(base + "/new").statusCode());
        Map<String, String> bad = fields("", SECRET);
        bad.put("accessKeyId", "nope");
        bad.put("defaultRegions", "eu-west-1, atlantis-1");
        HttpResponse<String> refused = client.post(base, bad);
        assertEquals(422, refused.statusCode());
        for (String field : List.of("name", "accessKeyId", "defaultRegions")) {
            assertTrue(refused.body().contains("data-field=\"" + field + "\""), field);
        }
        assertTrue(refused.body().contains("atlantis-1"));
        assertFalse(refused.body().contains(SECRET), "a refused form does not send the secret back");

        HttpResponse<String> created = client.post(base, fields("page-aws", SECRET));
        assertEquals(303, created.statusCode());
        String list = client.get(base).body();
        assertTrue(list.contains("page-aws") && list.contains("****PLE9") && list.contains("eu-west-1, us-east-1"), list);
        assertFalse(list.contains(SECRET));
    }

    @Test
    void edit_keeps_a_blank_secret_and_delete_removes() {
        Credential stored = app.context().credentials.create(alice, acmeProd, new CredentialInput("page-edit", "ec2",
                "AKIAIOSFODNN7EXAMPLE", SECRET, null, null, List.of("eu-west-1")));
        WebClient client = WebClient.signedIn(app, "alice@example.com");
        String base = acmeProd.path() + CredentialRoutes.PATH;
        String form = client.get(base + "/" + stored.id() + "/edit").body();
        assertTrue(form.contains("value=\"page-edit\"") && form.contains("****PLE9"));
        assertFalse(form.contains(SECRET));

        Map<String, String> edit = fields("page-edited", "");
        edit.remove("cloudPlatform");
        assertEquals(303, client.post(base + "/" + stored.id(), edit).statusCode());
        Credential after = app.context().credentials.get(alice, acmeProd, stored.id());
        assertEquals("page-edited", after.name());
        assertEquals("****PLE9", after.maskedSecret());

        HttpResponse<String> bad = client.post(base + "/" + stored.id(), fields("page-edited", "short"));
        assertEquals(422, bad.statusCode());
        assertTrue(bad.body().contains("data-field=\"secretAccessKey\""));

        assertEquals(303, client.post(base + "/" + stored.id() + "/delete", Map.of()).statusCode());
        assertFalse(client.get(base).body().contains("data-name=\"page-edited\""));
    }

    @Test
    void an_environment_shows_its_account_credentials_without_edit_or_delete() {
        Credential shared = app.context().credentials.create(alice, acme, new CredentialInput("page-shared", "aliyun",
                "LTAI5tExampleKey1234", SECRET, null, null, List.of("cn-hangzhou")));
        String list = WebClient.signedIn(app, "alice@example.com").get(acmeDev.path() + CredentialRoutes.PATH).body();
        assertTrue(list.contains("page-shared") && list.contains("from acme"), list);
        assertFalse(list.contains(acmeDev.path() + CredentialRoutes.PATH + "/" + shared.id() + "/edit"));
        assertTrue(list.contains(acmeDev.path() + CredentialRoutes.PATH + "/" + shared.id() + "/test"));
    }

    @Test
    void test_connection_lists_the_failed_checks_in_plain_words() {
        Credential stored = app.context().credentials.create(alice, acmeDev, new CredentialInput("page-test", "ec2",
                "AKIAIOSFODNN7EXAMPLE", SECRET, null, "http://127.0.0.1:9", List.of("eu-west-1")));
        WebClient client = WebClient.signedIn(app, "alice@example.com");
        String path = acmeDev.path() + CredentialRoutes.PATH + "/" + stored.id() + "/test";
        HttpResponse<String> page = client.post(path, Map.of("cloudLocation", "eu-west-1"));
        assertEquals(200, page.statusCode());
        String body = page.body();
        int checks = body.indexOf("<div id=\"checks-" + stored.id() + "\"");
        assertTrue(checks > 0, body);
        assertTrue(body.indexOf("check-failed", checks) > 0 && body.indexOf("✗", checks) > 0, body);
        assertTrue(body.contains("data-ok=\"false\"") && body.contains("in eu-west-1"), body);
        assertFalse(body.contains(SECRET));
    }

    @Test
    void operators_and_read_only_users_are_refused_and_other_tenants_find_nothing() {
        Credential stored = app.context().credentials.create(alice, acmeDev, new CredentialInput("page-guarded", "ec2",
                "AKIAIOSFODNN7EXAMPLE", SECRET, null, null, List.of("eu-west-1")));
        String base = acmeDev.path() + CredentialRoutes.PATH;
        WebClient bob = WebClient.signedIn(app, "bob@example.com");
        assertEquals(403, bob.get(base).statusCode());
        assertEquals(403, bob.post(base, fields("x", SECRET)).statusCode());
        WebClient carol = WebClient.signedIn(app, "carol@example.com");
        for (HttpResponse<String> answer : List.of(carol.get(base), carol.get(base + "/" + stored.id() + "/edit"),
                carol.post(base + "/" + stored.id(), fields("x", SECRET)),
                carol.post(base + "/" + stored.id() + "/delete", Map.of()),
                carol.post(base + "/" + stored.id() + "/test", Map.of()))) {
            assertEquals(404, answer.statusCode());
            assertFalse(answer.body().contains("page-guarded"));
        }
    }
}
