package imagehub.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What the build stamped into {@code imagehub.properties}: the app's version and the htmx webjar's, so the
 * layout loads the htmx the pom ships. An unfiltered run (an IDE) gets "dev" and no htmx version.
 */
public record Build(String version, String htmxVersion) {
    public static Build read() {
        Properties properties = new Properties();
        try (InputStream in = Build.class.getResourceAsStream("/imagehub.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // fall back to the defaults below
        }
        return new Build(properties.getProperty("version", "dev"), properties.getProperty("htmx.version", "dev"));
    }

    /** Where the webjar serves htmx. */
    public String htmxPath() {
        return "/webjars/htmx.org/" + htmxVersion + "/dist/htmx.min.js";
    }
}
