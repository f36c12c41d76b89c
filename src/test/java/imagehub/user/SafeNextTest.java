package imagehub.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the login form and small actions may send the browser next. */
class SafeNextTest {
    @ParameterizedTest
    @ValueSource(strings = {"//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example",
        "/\r\n/evil.example", "\\evil.example", "\\\\evil.example", "http://evil.example", "https://evil.example/x",
        "javascript:alert(1)", " /evil", "\t//evil.example", "/ok\u0000/x", ""})
    void a_next_that_could_leave_the_site_answers_the_root(String next) {
        assertEquals("/", LoginRoutes.safeNext(next));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/envs/3/images", "/profile?tab=keys", "/accounts/1/settings/users#members"})
    void a_path_on_this_site_is_kept(String next) {
        assertEquals(next, LoginRoutes.safeNext(next));
    }
}
