package imagehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.support.ApiClient;
import imagehub.support.ApiProbe;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every write route of the API, called on another tenant's objects with a broken body: the caller
 * learns only that there is nothing there (404), never what is wrong with the body.
 */
class RightsBeforeInputTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo();

    private static String one(String sql, Map<String, Object> binds) {
        return app.context().jdbi.withHandle(h -> h.createQuery(sql).bindMap(binds).mapTo(String.class).first());
    }

    @Test
    void writes_on_another_tenants_objects_answer_404_before_reading_the_body() {
        long acme = app.context().scopes().findAccountByName("acme").orElseThrow().id();
        long acmeDev = app.context().scopes().findEnvironmentByName(acme, "acme-dev").orElseThrow().id();
        String env = "/api/v1beta0/user/" + acmeDev;
        String account = "/api/v1beta0/account/" + acme;
        String image = one("SELECT id FROM images WHERE scope_level = 'ENVIRONMENT' AND scope_id = :id", Map.of("id", acmeDev));
        String role = one("SELECT id FROM roles WHERE scope_level = 'ENVIRONMENT' AND scope_id = :id", Map.of("id", acmeDev));
        String farm = one("SELECT id FROM farms WHERE env_id = :id", Map.of("id", acmeDev));
        String farmRole = one("SELECT fr.id FROM farm_roles fr JOIN farms f ON f.id = fr.farm_id WHERE f.env_id = :id",
                Map.of("id", acmeDev));
        String alice = one("SELECT id FROM users WHERE email = 'alice@example.com'", Map.of());
        ApiProbe probe = new ApiProbe(app);
        String envCredentials = String.valueOf(probe.credentials(ScopeRef.environment(acmeDev)));
        String accountCredentials = String.valueOf(probe.credentials(ScopeRef.account(acme)));
        long task = probe.updateTask(acme, acmeDev);
        long run = probe.execution(task, acme, acmeDev, Long.parseLong(alice));

        List<String[]> writes = List.of(
                new String[] {"POST", env + "/images/"},
                new String[] {"PATCH", env + "/images/" + image + "/"},
                new String[] {"POST", env + "/images/" + image + "/actions/promote/"},
                new String[] {"POST", env + "/images/" + image + "/actions/replace/"},
                new String[] {"POST", env + "/images/" + image + "/actions/copy/"},
                new String[] {"DELETE", env + "/images/" + image + "/?deregister=true"},
                new String[] {"POST", "/api/v1beta0/global/images/" + image + "/actions/copy/"},
                new String[] {"DELETE", "/api/v1beta0/global/images/" + image + "/?deregister=true"},
                new String[] {"POST", env + "/roles/"},
                new String[] {"PATCH", env + "/roles/" + role + "/"},
                new String[] {"POST", env + "/roles/" + role + "/images/"},
                new String[] {"POST", env + "/roles/" + role + "/actions/clone/"},
                new String[] {"POST", env + "/roles/" + role + "/actions/deprecate/"},
                new String[] {"POST", env + "/farms/"},
                new String[] {"PATCH", env + "/farms/" + farm + "/"},
                new String[] {"POST", env + "/farms/" + farm + "/farm-roles/"},
                new String[] {"POST", env + "/farms/" + farm + "/actions/launch/"},
                new String[] {"PATCH", env + "/farm-roles/" + farmRole + "/"},
                new String[] {"POST", env + "/farm-roles/" + farmRole + "/servers/"},
                new String[] {"POST", env + "/farm-roles/" + farmRole + "/actions/sync-image/"},
                new String[] {"POST", env + "/farms/" + farm + "/actions/sync/"},
                new String[] {"POST", env + "/servers/"},
                new String[] {"POST", env + "/usage/actions/replace-servers/"},
                new String[] {"POST", account + "/images/"},
                new String[] {"POST", account + "/roles/"},
                new String[] {"POST", account + "/environments/"},
                new String[] {"POST", env + "/cloud-credentials/"},
                new String[] {"PATCH", env + "/cloud-credentials/" + envCredentials + "/"},
                new String[] {"POST", env + "/cloud-credentials/" + envCredentials + "/actions/test/"},
                new String[] {"POST", account + "/cloud-credentials/"},
                new String[] {"PATCH", account + "/cloud-credentials/" + accountCredentials + "/"},
                new String[] {"POST", account + "/cloud-credentials/" + accountCredentials + "/actions/test/"},
                new String[] {"PATCH", "/api/v1beta0/global/accounts/" + acme + "/"},
                new String[] {"POST", "/api/v1beta0/global/users/" + alice + "/grants/"},
                new String[] {"POST", "/api/v1beta0/global/users/" + alice + "/api-keys/"},
                new String[] {"PATCH", "/api/v1beta0/global/users/" + alice + "/"},
                new String[] {"POST", env + "/image-update-tasks/"},
                new String[] {"PATCH", env + "/image-update-tasks/" + task + "/"},
                new String[] {"POST", env + "/image-update-tasks/" + task + "/actions/run/"},
                new String[] {"POST", env + "/image-update-tasks/" + task + "/actions/pause/"},
                new String[] {"POST", env + "/image-update-tasks/" + task + "/actions/resume/"},
                new String[] {"POST", env + "/image-update-task-executions/" + run + "/actions/cancel/"},
                new String[] {"POST", env + "/images/actions/publish/"});

        long carolId = Long.parseLong(one("SELECT id FROM users WHERE email = 'carol@example.com'", Map.of()));
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), carolId, "probe");
        ApiClient carol = new ApiClient(app, key.key().keyId(), key.secret());
        List<String> wrong = new ArrayList<>();
        for (String[] write : writes) {
            for (String body : List.of("{\"bogus\": [1, 2]}", "not json", "{}")) {
                ApiClient.Answer answer = carol.call(write[0], write[1], body);
                if (answer.status() != 404 || !"ObjectNotFound".equals(answer.errorCode())) {
                    wrong.add(answer.status() + " " + answer.errorCode() + " " + write[0] + " " + write[1] + " " + body);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }
}
