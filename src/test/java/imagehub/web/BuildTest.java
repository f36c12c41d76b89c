package imagehub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.support.TestApp;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The layout loads the htmx the pom ships, by the version the build stamped, not a copy in the template. */
class BuildTest {
    @RegisterExtension
    static final TestApp app = new TestApp();

    @Test
    void the_build_stamps_the_version_of_the_htmx_webjar_on_the_classpath() {
        Build build = Build.read();
        assertTrue(build.htmxVersion().matches("\\d+\\.\\d+\\.\\d+.*"), build.htmxVersion());
        assertNotNull(Build.class.getResource("/META-INF/resources" + build.htmxPath()),
                "no htmx webjar at " + build.htmxPath());
    }

    @Test
    void the_layout_loads_htmx_from_the_stamped_path_and_that_path_is_served() {
        Build build = Build.read();
        HttpResponse<String> login = app.get("/login");
        assertTrue(login.body().contains("<script src=\"" + build.htmxPath() + "\" defer></script>"), login.body());
        assertTrue(login.body().contains("Imagehub " + build.version()), login.body());
        assertEquals(200, app.get(build.htmxPath()).statusCode());
    }
}
