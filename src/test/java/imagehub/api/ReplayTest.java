package imagehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.support.ApiSigner;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A captured signed request that changes something is accepted once, however fast it is played back. */
class ReplayTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    private static ApiSigner alice;
    private static long acmeId;

    @BeforeAll
    static void keys() {
        long id = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail("alice@example.com")).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), id, "replay");
        alice = new ApiSigner(key.key().keyId(), key.secret());
        acmeId = app.context().scopes().findAccountByName("acme").orElseThrow().id();
    }

    private static int environments(String name) {
        return app.context().scopes().findEnvironmentByName(acmeId, name).isPresent() ? 1 : 0;
    }

    @Test
    void a_replayed_signed_post_is_refused_and_changes_nothing() {
        URI url = URI.create(app.baseUrl() + "/api/v1beta0/account/" + acmeId + "/environments/");
        HttpRequest create = alice.request("POST", url, "{\"name\":\"acme-replay\"}", Instant.now());
        assertEquals(201, app.send(create).statusCode());
        app.context().jdbi.useHandle(h -> h.execute("DELETE FROM environments WHERE name = 'acme-replay'"));

        var replayed = app.send(create);
        assertEquals(401, replayed.statusCode(), replayed.body());
        assertTrue(replayed.body().contains("\"BadAuthentication\""), replayed.body());
        assertTrue(replayed.body().contains("used before"), replayed.body());
        assertEquals(0, environments("acme-replay"), "the replay created nothing");

        HttpRequest signedAnew = alice.request("POST", url, "{\"name\":\"acme-replay\"}", Instant.now().plusMillis(1));
        assertEquals(201, app.send(signedAnew).statusCode(), "the same change signed anew is accepted");
    }

    @Test
    void a_read_may_be_repeated() {
        HttpRequest read = alice.request("GET", URI.create(app.baseUrl() + "/api/v1beta0/account/" + acmeId + "/images/"),
                "{}", Instant.now());
        assertEquals(200, app.send(read).statusCode());
        assertEquals(200, app.send(read).statusCode());
    }

    @Test
    void signatures_are_forgotten_once_their_date_is_no_longer_accepted() {
        SeenSignatures ledger = app.context().seenSignatures;
        Instant now = Instant.now();
        assertTrue(ledger.firstUse("APIKLEDGERTEST000001", "V1-HMAC-SHA256 old", now.minusSeconds(1)));
        assertTrue(ledger.firstUse("APIKLEDGERTEST000001", "V1-HMAC-SHA256 live", now.plusSeconds(120)));
        assertEquals(false, ledger.firstUse("APIKLEDGERTEST000001", "V1-HMAC-SHA256 live", now.plusSeconds(120)));
        assertTrue(ledger.purgeExpired() >= 1);
        assertEquals(false, ledger.firstUse("APIKLEDGERTEST000001", "V1-HMAC-SHA256 live", now.plusSeconds(120)),
                "a signature still inside its window stays");
        assertTrue(ledger.firstUse("APIKLEDGERTEST000001", "V1-HMAC-SHA256 old", now.plusSeconds(120)));
    }
}
