package imagehub.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.core.ScopeRef;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The replace-servers form, the operation page with its polled progress, and the operations list. */
class OperationPagesTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo()
            .with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000")
            .with("IMAGEHUB_OPERATIONS_INTERVAL_MS", "3600000");

    private static People people;
    private static ScopeRef acmeDev;

    @BeforeAll
    static void setUp() {
        people = new People(app.context());
        acmeDev = people.env("acme", "acme-dev");
    }

    @Test
    void the_form_shows_what_will_change_and_starting_leads_to_the_live_operation_page() {
        StaleFarm stale = StaleFarm.create(app.context(), people.viewer("alice@example.com"),
                people.viewer("bob@example.com"), acmeDev, 2);
        WebClient bob = WebClient.signedIn(app, "bob@example.com");
        String form = OperationRoutes.replaceServersPath(acmeDev.id(), stale.farm().id());
        HttpResponse<String> page = bob.get(form);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("2 stale server(s)"), page.body());
        assertTrue(page.body().contains(stale.old().name()) && page.body().contains(stale.fresh().name()));
        assertTrue(page.body().contains("farmRole:" + stale.farmRole().id()));

        HttpResponse<String> preview = bob.get(form + "?target=image:" + stale.old().id(), Map.of("HX-Request", "true"));
        assertTrue(preview.body().startsWith("<section class=\"card\" id=\"" + OperationRoutes.PREVIEW_ID + "\""));

        HttpResponse<String> refused = bob.post(form, Map.of("target", "farm", "batchSize", "99", "pauseSeconds", "0"));
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("data-field=\"batchSize\""));

        HttpResponse<String> started = bob.post(form, Map.of("target", "farm", "batchSize", "1", "pauseSeconds", "0"));
        assertEquals(303, started.statusCode());
        String operation = started.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> running = bob.get(operation);
        assertTrue(running.body().contains("hx-trigger=\"every 1s\"") && running.body().contains("Cancel"));
        assertTrue(running.body().contains("server-operation.start"), "the audit trail");

        app.context().operationDriver.runOnce();
        HttpResponse<String> partial = bob.get(operation + "/progress", Map.of("HX-Request", "true"));
        assertTrue(partial.body().contains("1 of 2 server(s) replaced"), partial.body());
        assertTrue(partial.body().contains("50 %"));

        assertEquals(303, bob.post(operation + "/cancel", Map.of()).statusCode());
        HttpResponse<String> finished = bob.get(operation + "/progress");
        assertFalse(finished.body().contains("hx-trigger"), "polling stops once finished");
        assertTrue(finished.body().contains("cancelled"));

        HttpResponse<String> list = bob.get(OperationRoutes.operationsPath(acmeDev.id()));
        assertTrue(list.body().contains("farm " + stale.farm().name()));
        assertEquals(404, WebClient.signedIn(app, "carol@example.com").get(operation).statusCode());
    }
}
