package imagehub.user;

import imagehub.Config;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.core.ScopeRef;
import java.time.Clock;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first Global admin, created on the first start of an empty installation from
 * {@code IMAGEHUB_ADMIN_EMAIL}/{@code IMAGEHUB_ADMIN_PASSWORD}, or with a generated password printed
 * once in the log. Also creates the bootstrap API key for automation when one is configured.
 */
public final class Bootstrap {
    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);
    public static final String DEFAULT_ADMIN_EMAIL = "admin@imagehub.local";

    private Bootstrap() {
    }

    public static void run(Config config, Jdbi jdbi, AuditWriter audit, ApiKeyService apiKeys, Clock clock) {
        String email = config.adminEmail().orElse(DEFAULT_ADMIN_EMAIL).toLowerCase(Locale.ROOT);
        Long adminId = jdbi.inTransaction(h -> {
            // One node creates the admin; the lock keeps a second node starting at once from doing it too.
            h.execute("SELECT GET_LOCK('imagehub-bootstrap', 30)");
            try {
                UserDao users = h.attach(UserDao.class);
                if (users.count() > 0) {
                    return users.findByEmail(email).map(User::id).orElse(null);
                }
                String password = config.adminPassword().orElseGet(Passwords::generate);
                Passwords.problem(password).ifPresent(p -> {
                    throw new IllegalArgumentException("IMAGEHUB_ADMIN_PASSWORD: " + p);
                });
                long id = users.insert(email, "Administrator", UserKind.HUMAN, Passwords.hash(password), clock.instant());
                users.upsertGrant(id, "GLOBAL", 0, "ADMIN");
                audit.record(h, Viewer.system(), new AuditWriter.Change("user.create", "user", String.valueOf(id), email,
                        ScopeRef.GLOBAL, null, users.find(id).orElseThrow()));
                if (config.adminPassword().isEmpty()) {
                    log.warn("Created the Global admin {} with the generated password: {}  (shown only this once)",
                            email, password);
                } else {
                    log.info("Created the Global admin {}", email);
                }
                return id;
            } finally {
                h.execute("SELECT RELEASE_LOCK('imagehub-bootstrap')");
            }
        });
        config.bootstrapApiKey().ifPresent(key -> {
            if (adminId == null) {
                log.warn("IMAGEHUB_BOOTSTRAP_API_KEY ignored: no user {} to own it", email);
            } else {
                apiKeys.ensureBootstrapKey(adminId, key);
            }
        });
    }
}
