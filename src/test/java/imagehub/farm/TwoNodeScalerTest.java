package imagehub.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import imagehub.access.Viewer;
import imagehub.image.Image;
import imagehub.role.Role;
import imagehub.core.ScopeRef;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two Imagehub nodes on one database: the scaler launches each missing server exactly once. */
class TwoNodeScalerTest {
    private static final String DB = TestDatabase.freshDatabaseUrl();

    @RegisterExtension
    static final TestApp first = new TestApp().withDemo().with("IMAGEHUB_DB_URL", DB)
            .with("IMAGEHUB_SCALER_INTERVAL_MS", "200");

    @RegisterExtension
    static final TestApp second = new TestApp().with("IMAGEHUB_DB_URL", DB)
            .with("IMAGEHUB_SCALER_INTERVAL_MS", "200");

    @Test
    void the_scaler_runs_once_across_two_nodes() throws InterruptedException {
        People people = new People(first.context());
        Viewer alice = people.viewer("alice@example.com");
        ScopeRef acmeDev = people.env("acme", "acme-dev");
        Fixtures fixtures = new Fixtures(first.context());
        Image image = fixtures.ubuntu(alice, acmeDev, Fixtures.EAST);
        Role role = fixtures.roleUsing(alice, acmeDev, image);
        Farm farm = first.context().farms.create(alice, acmeDev.id(), new FarmService.FarmInput("two-nodes", "", null));
        second.context().farms.addFarmRole(alice, farm.id(),
                new FarmService.FarmRoleInput(role.id(), "sandbox", Fixtures.EAST, 5, 5, null));
        second.context().lifecycle.launch(alice, farm.id());

        long deadline = System.currentTimeMillis() + 15_000;
        while (first.context().farms.servers(alice, farm.id()).size() < 5 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1_500);
        assertEquals(5, first.context().farms.servers(alice, farm.id()).size());
        long everLaunched = first.context().jdbi.withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM servers WHERE farm_id = :id").bind("id", farm.id()).mapTo(Long.class).one());
        assertEquals(5, everLaunched, "no server was launched twice");
    }
}
