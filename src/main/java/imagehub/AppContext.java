package imagehub;

import imagehub.api.ApiKeyLookup;
import imagehub.db.Database;
import imagehub.scheduler.Jobs;
import imagehub.scope.ScopeDao;
import imagehub.web.Templates;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;

/**
 * The explicit wiring of one running Imagehub: database → DAOs → services → web. Built by
 * {@link App#start}, for production and tests alike.
 */
public final class AppContext {
    public final Config config;
    public final Database database;
    public final Jdbi jdbi;
    public final Clock clock;
    public final Jobs jobs;
    public final Templates templates;
    public final String version;

    AppContext(Config config, Database database, Clock clock) {
        this.config = config;
        this.database = database;
        this.jdbi = database.jdbi();
        this.clock = clock;
        this.jobs = new Jobs();
        this.templates = new Templates();
        this.version = readVersion();
    }

    public ScopeDao scopes() {
        return jdbi.onDemand(ScopeDao.class);
    }

    /**
     * Placeholder until users and their API keys exist: finds no key, so every signed API request is
     * refused. The integrator replaces it with the lookup over the stored keys.
     */
    public ApiKeyLookup apiKeysPlaceholder() {
        return keyId -> Optional.empty();
    }

    private static String readVersion() {
        try (InputStream in = AppContext.class.getResourceAsStream("/imagehub.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
