package imagehub.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The axe-core accessibility check, run in a page of the app. The script is served to the page from the app's
 * own origin by a Playwright route, so it loads under the real Content-Security-Policy (scripts from 'self').
 */
public final class Axe {
    /** Where the page loads axe from: answered by the test's route, never by the app. */
    private static final String SCRIPT_PATH = "/__axe/axe.min.js";
    private static final String SOURCE = load();
    private static final String RUN = """
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return JSON.stringify(result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ rule: v.id, impact: v.impact, help: v.help,
                             nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary) })));
            }""";

    /** One serious or critical violation of an axe rule, with the elements that break it. */
    public record Violation(String rule, String impact, String help, List<String> nodes) {
        @Override
        public String toString() {
            return impact + " " + rule + " (" + help + "): " + String.join(" | ", nodes);
        }
    }

    private Axe() {
    }

    /** The serious and critical violations of the page as it is now. */
    public static List<Violation> seriousViolations(Page page) {
        URI here = URI.create(page.url());
        String script = here.getScheme() + "://" + here.getAuthority() + SCRIPT_PATH;
        page.route(script, route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                .setContentType("text/javascript").setBody(SOURCE)));
        page.addScriptTag(new Page.AddScriptTagOptions().setUrl(script));
        String json = (String) page.evaluate(RUN);
        try {
            return List.of(new ObjectMapper().readValue(json, Violation[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("axe answered " + json, e);
        }
    }

    private static String load() {
        try (InputStream in = Axe.class.getResourceAsStream("/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test classpath (com.deque.html.axe-core:playwright)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
