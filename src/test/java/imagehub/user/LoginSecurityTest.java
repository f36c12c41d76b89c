package imagehub.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.support.Fixtures;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Login: the throttle holds under parallel attempts, timing reveals no accounts, next stays on the site. */
class LoginSecurityTest {
    private static final String PASSWORD = "person-password-1";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    @Test
    void thirty_parallel_wrong_passwords_reach_the_password_check_at_most_five_times() throws Exception {
        String email = person().email();
        int attempts = 30;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < attempts; i++) {
                String guess = "wrong-password-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return new WebClient(app).login(email, guess).statusCode();
                }));
            }
            start.countDown();
            int rejected = 0;
            int throttled = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                rejected += status == 401 ? 1 : 0;
                throttled += status == 429 ? 1 : 0;
            }
            assertEquals(Sessions.MAX_FAILURES_PER_USER, rejected, "only five guesses were checked");
            assertEquals(attempts - rejected, throttled, "every other attempt was throttled");
        } finally {
            pool.shutdownNow();
        }
        long checked = app.context().jdbi.withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'login.failure' AND object_name = :email")
                .bind("email", email).mapTo(Long.class).one());
        assertEquals(Sessions.MAX_FAILURES_PER_USER, checked, "each checked guess is audited");
        assertEquals(429, new WebClient(app).login(email, PASSWORD).statusCode(), "the right password waits too");
    }

    @Test
    void an_unknown_disabled_or_service_email_costs_a_password_check_like_a_known_one() {
        Sessions sessions = app.context().sessions;
        String known = person().email();
        User disabled = person();
        app.context().users.setDisabled(Viewer.system(), disabled.id(), true);
        User service = app.context().users.createServiceAccount(Viewer.system(), ScopeRef.GLOBAL, Fixtures.unique("svc"), "admin");
        List<Long> wrongPassword = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String client = "timing-" + i;
            wrongPassword.add(millis(() -> sessions.login(known, "wrong-password", client + "-a")));
            unknown.add(millis(() -> sessions.login(Fixtures.unique("nobody") + "@example.com", "wrong-password", client + "-b")));
        }
        long reference = median(wrongPassword);
        assertTrue(median(unknown) * 2 >= reference, "unknown " + unknown + " vs known " + wrongPassword);
        long disabledTime = millis(() -> sessions.login(disabled.email(), PASSWORD, "timing-disabled"));
        long serviceTime = millis(() -> sessions.login(service.email(), PASSWORD, "timing-service"));
        assertTrue(disabledTime * 2 >= reference, "disabled " + disabledTime + " vs known " + wrongPassword);
        assertTrue(serviceTime * 2 >= reference, "service " + serviceTime + " vs known " + wrongPassword);
    }

    @Test
    void a_successful_login_does_not_follow_a_next_that_leaves_the_site() {
        String email = person().email();
        assertEquals("/", loginWithNext(email, "/\t/evil.example"));
        assertEquals("/", loginWithNext(email, "//evil.example"));
        assertEquals("/profile", loginWithNext(email, "/profile"));
    }

    private static String loginWithNext(String email, String next) {
        WebClient client = new WebClient(app);
        Matcher csrf = CSRF.matcher(client.get("/login").body());
        assertTrue(csrf.find());
        HttpResponse<String> response = client.post("/login", Map.of("_csrf", csrf.group(1), "email", email,
                "password", PASSWORD, "next", next), false);
        assertEquals(303, response.statusCode());
        return response.headers().firstValue("Location").orElseThrow();
    }

    private static User person() {
        return app.context().users.addMember(Viewer.system(), ScopeRef.account(
                        app.context().scopes().findAccountByName("acme").orElseThrow().id()),
                new UserService.NewMember(Fixtures.unique("login") + "@example.com", "Login", PASSWORD, "admin"));
    }

    private static long millis(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
