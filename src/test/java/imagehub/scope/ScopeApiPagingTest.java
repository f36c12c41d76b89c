package imagehub.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import imagehub.access.Viewer;
import imagehub.support.ApiClient;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Accounts and environments page in SQL: totals and links stay right past a page of 100. */
class ScopeApiPagingTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withoutScheduler();

    @Test
    void accounts_and_environments_are_walked_to_the_end_through_the_links() {
        ScopeService scopes = app.context().scopeService;
        for (int i = 0; i < 104; i++) {
            scopes.createAccount(Viewer.system(), "paged-%03d".formatted(i));
        }
        Account first = app.context().scopes().findAccountByName("paged-000").orElseThrow();
        for (int i = 0; i < 103; i++) {
            scopes.createEnvironment(Viewer.system(), first.id(), "env-%03d".formatted(i));
        }
        long adminId = app.context().jdbi.withExtension(UserDao.class, d -> d.findByEmail(TestApp.ADMIN)).orElseThrow().id();
        ApiKeyService.CreatedKey key = app.context().apiKeys.create(Viewer.system(), adminId, "paging");
        ApiClient admin = new ApiClient(app, key.key().keyId(), key.secret());

        ApiClient.Answer firstPage = admin.get("/api/v1beta0/global/accounts/");
        assertEquals(100, firstPage.data().size());
        assertEquals("/api/v1beta0/global/accounts/?maxResults=100&pageNum=2",
                firstPage.body().path("pagination").path("last").asText());
        assertEquals(104, names(admin.walk("/api/v1beta0/global/accounts/")).size());
        assertEquals(104, names(admin.walk("/api/v1beta0/global/accounts/?maxResults=7")).size());

        List<JsonNode> envs = admin.walk("/api/v1beta0/account/" + first.id() + "/environments/?maxResults=10");
        assertEquals(103, names(envs).size());
        assertEquals("env-000", envs.get(0).path("name").asText());
        assertEquals("env-102", envs.get(102).path("name").asText());
    }

    private static Set<String> names(List<JsonNode> items) {
        return items.stream().map(item -> item.path("name").asText()).collect(Collectors.toSet());
    }
}
