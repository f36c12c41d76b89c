package imagehub.demo;

import imagehub.AppContext;
import imagehub.scope.ScopeDao;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox demo: a living system a newcomer can click through. Seeding is idempotent: every object
 * is looked up by its natural key first, so a second run (or a second node) creates nothing twice.
 */
public final class DemoData {
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final Map<String, List<String>> ENVIRONMENTS = Map.of(
            "acme", List.of("acme-dev", "acme-prod"),
            "globex", List.of("globex-dev", "globex-prod"));

    private final AppContext context;

    public DemoData(AppContext context) {
        this.context = context;
    }

    public void seed() {
        Instant now = context.clock.instant();
        context.jdbi.useTransaction(handle -> {
            ScopeDao scopes = handle.attach(ScopeDao.class);
            ENVIRONMENTS.forEach((accountName, envNames) -> {
                long accountId = scopes.findAccountByName(accountName)
                        .map(a -> a.id())
                        .orElseGet(() -> scopes.insertAccount(accountName, now));
                for (String envName : envNames) {
                    if (scopes.findEnvironmentByName(accountId, envName).isEmpty()) {
                        scopes.insertEnvironment(accountId, envName, now);
                    }
                }
            });
        });
        log.info("Demo data is in place");
    }
}
