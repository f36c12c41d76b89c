package imagehub.picker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.core.ScopeRef;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import imagehub.usage.UsageRoutes;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PickerPagesTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    private static final Pattern OPTION = Pattern.compile("role=\"option\" aria-selected=\"false\" data-value=");

    private static String search(WebClient client, ScopeRef scope, PickKind kind, String query) {
        HttpResponse<String> found = client.get(scope.path() + kind.path() + "?q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
        assertEquals(200, found.statusCode(), kind + " '" + query + "'");
        return found.body();
    }

    private static long options(String body) {
        return OPTION.matcher(body).results().count();
    }

    @Test
    void a_search_finds_by_part_of_the_name_or_by_the_exact_id_and_shows_both() {
        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        ScopeRef acme = new People(app.context()).account("acme");
        String shopProd = search(alice, acme, PickKind.FARM, "hop-pr");
        assertEquals(1, options(shopProd), shopProd);
        long shop = app.context().jdbi.withHandle(h -> h.createQuery("SELECT id FROM farms WHERE name = 'shop-prod'")
                .mapTo(Long.class).one());
        assertTrue(shopProd.contains("shop-prod") && shopProd.contains(">" + shop + "</small>") && shopProd.contains("acme-prod"),
                "the name, the id beside it and the environment: " + shopProd);
        assertTrue(search(alice, acme, PickKind.FARM, String.valueOf(shop)).contains("shop-prod"), "found by its id");
    }

    @Test
    void like_wildcards_in_a_search_are_taken_literally_and_a_blank_search_lists_at_most_the_limit() {
        WebClient admin = WebClient.signedIn(app, TestApp.ADMIN);
        for (String wildcard : new String[] {"%", "!"}) {
            assertTrue(search(admin, ScopeRef.GLOBAL, PickKind.IMAGE, wildcard).contains("No image matches"), wildcard);
        }
        // The demo's update task registers names with underscores (…_on_<run>_at_<date>): "_" finds those, not all.
        long underscored = app.context().jdbi.withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM images WHERE INSTR(name, '_') > 0").mapTo(Long.class).one());
        assertTrue(underscored > 0, "the demo has images with an underscore in their name");
        assertEquals(Math.min(underscored, PickerService.LIMIT), options(search(admin, ScopeRef.GLOBAL, PickKind.IMAGE, "_")),
                "an underscore is matched literally");
        long all = options(search(admin, ScopeRef.GLOBAL, PickKind.IMAGE, ""));
        assertTrue(all > 0 && all <= PickerService.LIMIT, all + " options");
        assertEquals(200, admin.get(ScopeRef.GLOBAL.path() + PickKind.IMAGE.path() + "?q=" + "x".repeat(5000)).statusCode(),
                "an overlong search is cut, not refused");
    }

    @Test
    void without_javascript_the_explorer_takes_ids_and_shows_the_chosen_names_as_removable_chips() {
        WebClient bob = WebClient.signedIn(app, "bob@example.com");
        ScopeRef acmeDev = new People(app.context()).env("acme", "acme-dev");
        long webDev = app.context().jdbi.withHandle(h -> h.createQuery("SELECT id FROM farms WHERE name = 'web-dev'")
                .mapTo(Long.class).one());
        String body = bob.get(acmeDev.path() + UsageRoutes.PATH + "?farmId=" + webDev + "&imageState=superseded").body();
        assertTrue(body.contains("data-chip=\"farmId\">web-dev <small class=\"pick-id\">" + webDev + "</small>"), body);
        assertTrue(body.contains("href=\"" + acmeDev.path() + UsageRoutes.PATH + "?imageState=superseded\""),
                "the chip's remove link keeps the other filters");
        assertTrue(body.contains("name=\"farmId\" value=\"" + webDev + "\""), "the plain field holds the id");
        assertFalse(body.contains("data-chip=\"imageId\""), "no image chosen, no image chip");

        HttpResponse<String> bad = bob.get(acmeDev.path() + UsageRoutes.PATH + "?imageId=not-an-id");
        assertEquals(422, bad.statusCode());
        assertTrue(bad.body().contains("data-field=\"imageId\""), "the field's error shows beside the picker");
    }
}
