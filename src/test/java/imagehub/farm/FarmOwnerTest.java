package imagehub.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.support.ApiClient;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import imagehub.user.UserService;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A farm's owner must hold a grant covering the farm's environment, and the owner field must not tell an
 * unknown email from a user of another scope (issue #9): the same status, code and text for both, in the
 * API and in the portal forms, when creating and when editing a farm.
 */
class FarmOwnerTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000");

    private static final Pattern OWNER_ERROR = Pattern.compile("<span class=\"field-error\" data-field=\"owner\">([^<]*)</span>");
    /** Holds only an acme-prod grant: a real user, of the same account, who still may not own an acme-dev farm. */
    private static final String PROD_ONLY = "erin@example.com";

    private static ApiClient bob;
    private static String acmeDevFarms;
    private static ScopeRef acmeDev;
    private static Viewer bobViewer;

    @BeforeAll
    static void setUp() {
        People people = new People(app.context());
        acmeDev = people.env("acme", "acme-dev");
        acmeDevFarms = "/api/v1beta0/user/" + acmeDev.id() + "/farms/";
        bobViewer = people.viewer("bob@example.com");
        app.context().users.addMember(people.viewer(TestApp.ADMIN), people.env("acme", "acme-prod"),
                new UserService.NewMember(PROD_ONLY, "Erin", TestApp.DEMO_PASSWORD, "operator"));
        bob = client("bob@example.com");
    }

    private static ApiClient client(String email) {
        long id = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(email)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "tests");
        return new ApiClient(app, key.key().keyId(), key.secret());
    }

    private static String farmBody(String name, String owner) {
        return "{\"name\":\"" + name + "\",\"description\":\"\",\"owner\":{\"email\":\"" + owner + "\"}}";
    }

    private static long farmCount() {
        return app.context().jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM farms").mapTo(Long.class).one());
    }

    private static Farm farm() {
        return app.context().farms.create(bobViewer, acmeDev.id(), new FarmService.FarmInput(Fixtures.unique("farm"), "", null));
    }

    @Test
    void api_answers_an_unknown_email_and_a_user_without_access_exactly_alike_on_create_and_patch() {
        long before = farmCount();
        ApiClient.Answer unknown = bob.post(acmeDevFarms, farmBody(Fixtures.unique("farm"), "nobody@example.com"));
        ApiClient.Answer otherAccount = bob.post(acmeDevFarms, farmBody(Fixtures.unique("farm"), "carol@example.com"));
        ApiClient.Answer otherEnvironment = bob.post(acmeDevFarms, farmBody(Fixtures.unique("farm"), PROD_ONLY));
        assertEquals(400, unknown.status(), String.valueOf(unknown.body()));
        assertEquals("InvalidValue", unknown.errorCode());
        for (ApiClient.Answer refused : new ApiClient.Answer[] {otherAccount, otherEnvironment}) {
            assertEquals(unknown.status(), refused.status());
            assertEquals(unknown.body().path("errors"), refused.body().path("errors"), "the same code and text");
        }
        assertTrue(unknown.body().path("errors").get(0).path("message").asText().contains(FarmService.OWNER_REFUSED));
        assertFalse(otherAccount.body().toString().contains("carol"), "the answer does not echo the email");
        assertEquals(before, farmCount(), "nothing is created");

        Farm farm = farm();
        String path = acmeDevFarms + farm.id() + "/";
        ApiClient.Answer patchUnknown = bob.patch(path, "{\"owner\":{\"email\":\"nobody@example.com\"}}");
        ApiClient.Answer patchOther = bob.patch(path, "{\"owner\":{\"email\":\"carol@example.com\"}}");
        assertEquals(400, patchUnknown.status());
        assertEquals(patchUnknown.status(), patchOther.status());
        assertEquals(patchUnknown.body().path("errors"), patchOther.body().path("errors"));
        assertEquals("bob@example.com", bob.get(path).data().path("owner").path("email").asText(), "the owner is kept");
    }

    @Test
    void api_accepts_owners_whose_grant_covers_the_environment() {
        for (String owner : new String[] {"bob@example.com", "alice@example.com", TestApp.ADMIN, "Alice@Example.com"}) {
            ApiClient.Answer created = bob.post(acmeDevFarms, farmBody(Fixtures.unique("farm"), owner));
            assertEquals(201, created.status(), owner + ": " + created.body());
            assertEquals(owner.toLowerCase(), created.data().path("owner").path("email").asText());
        }
        String path = acmeDevFarms + farm().id() + "/";
        ApiClient.Answer patched = bob.patch(path, "{\"owner\":{\"email\":\"alice@example.com\"}}");
        assertEquals(200, patched.status(), String.valueOf(patched.body()));
        assertEquals("alice@example.com", patched.data().path("owner").path("email").asText());
    }

    /** The owner field's error, the status and the page's alert, which must not depend on whether the email exists. */
    private record Refusal(int status, String ownerError) {
        static Refusal of(HttpResponse<String> response) {
            Matcher matcher = OWNER_ERROR.matcher(response.body());
            return new Refusal(response.statusCode(), matcher.find() ? matcher.group(1) : null);
        }
    }

    @Test
    void portal_forms_answer_an_unknown_email_and_a_user_without_access_exactly_alike() {
        WebClient web = WebClient.signedIn(app, "bob@example.com");
        String create = acmeDev.path() + FarmRoutes.PATH;
        long before = farmCount();
        Refusal unknown = Refusal.of(web.post(create, Map.of("name", "web-a", "description", "", "owner", "nobody@example.com")));
        assertEquals(new Refusal(422, FarmService.OWNER_REFUSED), unknown);
        assertEquals(unknown, Refusal.of(web.post(create, Map.of("name", "web-a", "description", "", "owner", "carol@example.com"))));
        assertEquals(unknown, Refusal.of(web.post(create, Map.of("name", "web-a", "description", "", "owner", PROD_ONLY))));
        assertEquals(before, farmCount(), "nothing is created");

        Farm farm = farm();
        String edit = FarmRoutes.detailPath(farm) + "/edit";
        Refusal editUnknown = Refusal.of(web.post(edit, Map.of("name", farm.name(), "description", "", "owner", "nobody@example.com")));
        assertEquals(new Refusal(422, FarmService.OWNER_REFUSED), editUnknown);
        assertEquals(editUnknown, Refusal.of(web.post(edit, Map.of("name", farm.name(), "description", "", "owner", "carol@example.com"))));
        assertEquals(bobViewer.userId(), app.context().farms.get(bobViewer, farm.id()).ownerId(), "the owner is kept");

        assertEquals(303, web.post(edit, Map.of("name", farm.name(), "description", "", "owner", "alice@example.com")).statusCode());
        assertEquals("alice@example.com", app.context().farms.get(bobViewer, farm.id()).ownerEmail());
    }

    @Test
    void an_owner_who_lost_access_to_the_environment_is_no_longer_named_by_the_farm() {
        String email = Fixtures.unique("frank") + "@example.com";
        app.context().users.addMember(new People(app.context()).viewer(TestApp.ADMIN), acmeDev,
                new UserService.NewMember(email, "Frank", TestApp.DEMO_PASSWORD, "operator"));
        Farm farm = app.context().farms.create(bobViewer, acmeDev.id(),
                new FarmService.FarmInput(Fixtures.unique("franks"), "", email));
        String farmPath = acmeDevFarms + farm.id() + "/";
        assertEquals(email, bob.get(farmPath).data().path("owner").path("email").asText());

        app.context().jdbi.useHandle(h -> h.createUpdate(
                "DELETE g FROM grants g JOIN users u ON u.id = g.user_id WHERE u.email = :email").bind("email", email).execute());
        assertTrue(bob.get(farmPath).data().path("owner").path("email").isMissingNode()
                || bob.get(farmPath).data().path("owner").path("email").isNull(), String.valueOf(bob.get(farmPath).body()));
        WebClient web = WebClient.signedIn(app, "bob@example.com");
        assertFalse(web.get(new People(app.context()).env("acme", "acme-dev").path() + "/farms/" + farm.id()).body().contains(email));
        assertFalse(web.get(new People(app.context()).env("acme", "acme-dev").path() + "/farms").body().contains(email));
        assertFalse(bob.get(acmeDevFarms).body().toString().contains(email));
    }
}
