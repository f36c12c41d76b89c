package imagehub.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import imagehub.support.TestApp;
import imagehub.support.WebClient;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which portal pages answer 200 / 403 / 404 for each grant level of the demo users. */
class PortalAccessTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    private static final Map<String, WebClient> clients = new HashMap<>();
    private static final Map<String, String> ids = new HashMap<>();

    @BeforeAll
    static void signIn() {
        for (String user : new String[] {TestApp.ADMIN, "alice@example.com", "bob@example.com", "carol@example.com"}) {
            clients.put(user, WebClient.signedIn(app, user));
        }
        var scopes = app.context().scopes();
        long acme = scopes.findAccountByName("acme").orElseThrow().id();
        long globex = scopes.findAccountByName("globex").orElseThrow().id();
        ids.put("{acme}", String.valueOf(acme));
        ids.put("{globex}", String.valueOf(globex));
        ids.put("{acme-dev}", String.valueOf(scopes.findEnvironmentByName(acme, "acme-dev").orElseThrow().id()));
        ids.put("{globex-prod}", String.valueOf(scopes.findEnvironmentByName(globex, "globex-prod").orElseThrow().id()));
    }

    static Stream<Arguments> pages() {
        // path, admin, alice (acme admin), bob (acme-dev operator), carol (globex-prod read-only)
        return Stream.of(
                Arguments.of("/global", 200, 404, 404, 404),
                Arguments.of("/accounts/{acme}", 200, 200, 404, 404),
                Arguments.of("/accounts/{globex}", 200, 404, 404, 404),
                Arguments.of("/envs/{acme-dev}", 200, 200, 200, 404),
                Arguments.of("/envs/{globex-prod}", 200, 404, 404, 200),
                Arguments.of("/global/settings", 200, 404, 404, 404),
                Arguments.of("/accounts/{acme}/settings", 200, 200, 404, 404),
                Arguments.of("/envs/{acme-dev}/settings", 200, 200, 403, 404),
                Arguments.of("/envs/{globex-prod}/settings", 200, 404, 404, 403),
                Arguments.of("/envs/{acme-dev}/audit", 200, 200, 403, 404),
                Arguments.of("/accounts/{acme}/audit", 200, 200, 404, 404),
                Arguments.of("/global/audit", 200, 404, 404, 404),
                Arguments.of("/global/settings/users", 200, 404, 404, 404),
                Arguments.of("/accounts/{acme}/settings/users", 200, 200, 404, 404),
                Arguments.of("/envs/999999", 404, 404, 404, 404),
                Arguments.of("/envs/not-a-number", 404, 404, 404, 404),
                Arguments.of("/profile", 200, 200, 200, 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void each_grant_level_sees_exactly_its_scopes(String path, int admin, int alice, int bob, int carol) {
        String resolved = path;
        for (var id : ids.entrySet()) {
            resolved = resolved.replace(id.getKey(), id.getValue());
        }
        Map<String, Integer> expected = Map.of(TestApp.ADMIN, admin, "alice@example.com", alice,
                "bob@example.com", bob, "carol@example.com", carol);
        for (var entry : expected.entrySet()) {
            assertEquals(entry.getValue(), clients.get(entry.getKey()).get(resolved).statusCode(),
                    entry.getKey() + " GET " + resolved);
        }
    }
}
