package imagehub.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.core.ScopeRef;
import imagehub.support.People;
import imagehub.support.SandboxImages;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ImagePagesTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    private static People people;
    private static ScopeRef acme;
    private static ScopeRef acmeDev;
    private static ScopeRef globexProd;

    @BeforeAll
    static void scopes() {
        people = new People(app.context());
        acme = people.account("acme");
        acmeDev = people.env("acme", "acme-dev");
        globexProd = people.env("globex", "globex-prod");
    }

    private static long images() {
        return app.context().jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM images").mapTo(Long.class).one());
    }

    private static Map<String, String> registration(String cloudImageId, String name) {
        return new HashMap<>(Map.of("platform", "sandbox", "cloudLocation", "sandbox-east-1",
                "cloudImageId", SandboxImages.hold(app.context(), cloudImageId), "name", name, "description", "", "osId", "debian-12",
                "architecture", "x86_64", "agentInstalled", "on", "sizeGb", "8"));
    }

    @Test
    void the_list_shows_own_and_inherited_images_with_where_they_come_from() {
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        HttpResponse<String> page = alice.get(acmeDev.path() + "/images");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(">ubuntu-24-04<"), "Global image");
        assertTrue(page.body().contains(">debian-12-base<"), "acme image");
        assertTrue(page.body().contains(">rocky-9-build<"), "acme-dev image");
        assertFalse(page.body().contains(">debian-12<"), "globex image");
        assertTrue(page.body().contains("<td>Global</td>") && page.body().contains("<td>acme / acme-dev</td>"));
        assertTrue(page.body().contains("id=\"register-image\""));
        assertTrue(page.body().contains("href=\"" + acmeDev.path() + "/images\" class=\"active\""), "nav entry");

        HttpResponse<String> deprecated = alice.get(acmeDev.path() + "/images?deprecated=true&platform=sandbox");
        assertTrue(deprecated.body().contains(">ubuntu-22-04<"));
        assertFalse(deprecated.body().contains(">ubuntu-24-04<"));
    }

    @Test
    void htmx_requests_get_only_the_table() {
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        HttpResponse<String> partial = alice.get(acme.path() + "/images?q=ubuntu&sort=name&dir=desc", Map.of("HX-Request", "true"));
        assertEquals(200, partial.statusCode());
        assertTrue(partial.body().strip().startsWith("<div id=\"" + ImageRoutes.TABLE_ID + "\""));
        assertFalse(partial.body().contains("<html"));
        assertTrue(partial.body().indexOf(">ubuntu-24-04<") < partial.body().indexOf(">ubuntu-22-04<"), "sorted descending");
    }

    @Test
    void people_outside_reach_get_404_and_read_only_users_see_no_change_buttons() {
        WebClient carol = WebClient.signedIn(app, "carol@example.com");
        assertEquals(404, carol.get(acme.path() + "/images").statusCode());
        HttpResponse<String> list = carol.get(globexProd.path() + "/images");
        assertEquals(200, list.statusCode());
        assertFalse(list.body().contains("id=\"register-image\""));
        String globexImage = app.context().jdbi.withHandle(h -> h.createQuery(
                "SELECT id FROM images WHERE name = 'debian-12' LIMIT 1").mapTo(String.class).one());
        HttpResponse<String> detail = carol.get(globexProd.path() + "/images/" + globexImage);
        assertEquals(200, detail.statusCode());
        assertFalse(detail.body().contains("id=\"deprecate-form\"") || detail.body().contains("id=\"delete-form\""));
        assertEquals(403, carol.post(globexProd.path() + "/images/" + globexImage + "/delete", Map.of()).statusCode());
        assertEquals(404, carol.get(acmeDev.path() + "/images/" + globexImage).statusCode());

        WebClient bob = WebClient.signedIn(app, "bob@example.com");
        long before = images();
        assertEquals(403, bob.post(acmeDev.path() + "/images", registration("sbx-0000b0b0", "bobs")).statusCode());
        assertEquals(404, bob.post(acme.path() + "/images", registration("sbx-0000b0b0", "bobs")).statusCode());
        assertEquals(before, images());
    }

    @Test
    void the_register_form_shows_field_errors_and_writes_nothing_on_bad_input() {
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        HttpResponse<String> form = alice.get(acmeDev.path() + "/images/new");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("<option value=\"sandbox\" selected>"), "sandbox is preselected");

        long before = images();
        Map<String, String> bad = registration("ami-12345678", "Bad Name");
        bad.put("sizeGb", "0");
        HttpResponse<String> refused = alice.post(acmeDev.path() + "/images", bad);
        assertEquals(422, refused.statusCode());
        for (String field : new String[] {"cloudImageId", "name", "sizeGb"}) {
            assertTrue(refused.body().contains("data-field=\"" + field + "\""), field);
        }
        assertTrue(refused.body().contains("value=\"Bad Name\""), "what was typed is kept");

        HttpResponse<String> duplicate = alice.post(acmeDev.path() + "/images", registration("sbx-00000003", "dup"));
        assertEquals(422, duplicate.statusCode());
        assertTrue(duplicate.body().contains("already registered as ubuntu-24-04"));
        assertEquals(before, images());

        HttpResponse<String> created = alice.post(acmeDev.path() + "/images", registration("sbx-0000a11c", "nginx-1-25"));
        assertEquals(303, created.statusCode());
        String location = created.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> detail = alice.get(location);
        assertTrue(detail.body().contains("nginx-1-25") && detail.body().contains("Nothing uses this image."));
        assertTrue(detail.body().contains("image.register"), "history shows the registration");
        assertTrue(detail.body().contains("Promote to acme"));
    }

    @Test
    void detail_actions_deprecate_promote_and_delete() {
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        String path = alice.post(acmeDev.path() + "/images", registration("sbx-0000d00d", "haproxy-2-8"))
                .headers().firstValue("Location").orElseThrow();

        HttpResponse<String> noReason = alice.post(path + "/deprecate", Map.of("reason", "", "replacementImageId", "",
                "effectiveAt", ""));
        assertEquals(422, noReason.statusCode());
        assertTrue(noReason.body().contains("data-field=\"reason\""));
        assertEquals(303, alice.post(path + "/deprecate", Map.of("reason", "old", "replacementImageId", "",
                "effectiveAt", "")).statusCode());
        assertTrue(alice.get(path).body().contains("badge danger state\">deprecated"));
        assertEquals(303, alice.post(path + "/undeprecate", Map.of()).statusCode());

        assertEquals(303, alice.post(path + "/promote", Map.of()).statusCode());
        HttpResponse<String> promoted = alice.get(path);
        assertTrue(promoted.body().contains("<dt>Defined at</dt><dd>acme</dd>"));
        assertFalse(promoted.body().contains("id=\"promote-form\""), "alice may not promote to Global");

        assertEquals(303, alice.post(path + "/delete", Map.of()).statusCode());
        assertEquals(404, alice.get(path).statusCode());
    }

    @Test
    void admins_change_the_naming_policy_from_its_page() {
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        HttpResponse<String> invalid = alice.post(acme.path() + "/images/naming-policy", Map.of("pattern", "([a-z"));
        assertEquals(422, invalid.statusCode());
        assertTrue(invalid.body().contains("data-field=\"pattern\""));
        assertEquals(303, alice.post(acme.path() + "/images/naming-policy", Map.of("pattern", "^[a-z]+-v[0-9]+$")).statusCode());
        assertTrue(alice.get(acmeDev.path() + "/images/naming-policy").body().contains("^[a-z]+-v[0-9]+$"));
        HttpResponse<String> refused = alice.post(acmeDev.path() + "/images", registration("sbx-0000cafe", "nginx"));
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("naming policy asks for names matching"));
        assertEquals(303, alice.post(acme.path() + "/images/naming-policy", Map.of("pattern", "")).statusCode());
        assertEquals(403, WebClient.signedIn(app, "bob@example.com")
                .post(acmeDev.path() + "/images/naming-policy", Map.of("pattern", "x")).statusCode());
    }
}
