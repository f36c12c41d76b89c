package imagehub.user;

import imagehub.access.Access;
import imagehub.access.Channel;
import imagehub.access.NotFoundException;
import imagehub.access.Role;
import imagehub.access.Viewer;
import imagehub.audit.AuditLog;
import imagehub.core.ConflictException;
import imagehub.core.Secrets;
import imagehub.core.ValidationException;
import imagehub.scope.ScopeRef;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * API keys for signed requests. The secret is shown once at creation and stored sealed (the server
 * needs it back to check HMAC signatures). A user manages their own keys; an admin of a scope where a
 * service account holds a grant manages that account's keys.
 */
public final class ApiKeyService {
    private static final SecureRandom random = new SecureRandom();
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final Pattern KEY_ID = Pattern.compile("^APIK[A-Z0-9]{16}$");

    private final Jdbi jdbi;
    private final Access access;
    private final AuditLog audit;
    private final Secrets secrets;
    private final Clock clock;

    public ApiKeyService(Jdbi jdbi, Access access, AuditLog audit, Secrets secrets, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** A freshly created key with its secret: the only time the secret leaves the server. */
    public record CreatedKey(ApiKey key, String secret) {
    }

    /** A key that may sign requests, with the identity requests signed by it act as. */
    public record Credential(String keyId, Viewer viewer, String secret) {
    }

    public List<ApiKey> list(Viewer viewer, long userId) {
        return jdbi.withHandle(h -> {
            requireKeyOwnerAccess(h, viewer, userId);
            return h.createQuery("""
                    SELECT key_id, user_id, name, created_at, last_used_at, revoked_at FROM api_keys
                    WHERE user_id = :userId ORDER BY created_at DESC""")
                    .bind("userId", userId).mapTo(ApiKey.class).list();
        });
    }

    public CreatedKey create(Viewer viewer, long userId, String name) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > 100) {
            throw ValidationException.of("name", "Give the key a name of 1 to 100 characters");
        }
        return jdbi.inTransaction(h -> {
            requireKeyOwnerAccess(h, viewer, userId);
            return insert(h, viewer, userId, label, newKeyId(), Sessions.randomToken());
        });
    }

    /** The bootstrap key from {@code IMAGEHUB_BOOTSTRAP_API_KEY=<keyId>:<secret>}, created once. */
    public void ensureBootstrapKey(long userId, String keyAndSecret) {
        int colon = keyAndSecret.indexOf(':');
        String keyId = colon < 0 ? "" : keyAndSecret.substring(0, colon);
        String secret = colon < 0 ? "" : keyAndSecret.substring(colon + 1);
        if (!KEY_ID.matcher(keyId).matches() || secret.length() < 20) {
            throw new IllegalArgumentException("IMAGEHUB_BOOTSTRAP_API_KEY must be <keyId>:<secret> with a key id "
                    + "like APIK followed by 16 upper-case letters or digits and a secret of at least 20 characters");
        }
        jdbi.useTransaction(h -> {
            boolean exists = h.createQuery("SELECT COUNT(*) FROM api_keys WHERE key_id = :id").bind("id", keyId)
                    .mapTo(Integer.class).one() > 0;
            if (!exists) {
                insert(h, Viewer.system(), userId, "bootstrap", keyId, secret);
            }
        });
    }

    public void revoke(Viewer viewer, String keyId) {
        jdbi.useTransaction(h -> {
            ApiKey key = h.createQuery("""
                    SELECT key_id, user_id, name, created_at, last_used_at, revoked_at FROM api_keys WHERE key_id = :id""")
                    .bind("id", keyId).mapTo(ApiKey.class).findOne()
                    .orElseThrow(() -> new NotFoundException("API key " + keyId));
            requireKeyOwnerAccess(h, viewer, key.userId());
            if (!key.active()) {
                return;
            }
            h.createUpdate("UPDATE api_keys SET revoked_at = :now WHERE key_id = :id")
                    .bind("now", clock.instant()).bind("id", keyId).execute();
            audit.record(h, viewer, new AuditLog.Change("api-key.revoke", "api-key", keyId, key.name(),
                    ScopeRef.GLOBAL, key, Map.of("revoked", true)));
        });
    }

    /** The active key {@code keyId} of an enabled user, for checking a signature. */
    public Optional<Credential> credential(String keyId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT k.key_id, k.user_id, k.secret_sealed, u.email FROM api_keys k JOIN users u ON u.id = k.user_id
                        WHERE k.key_id = :id AND k.revoked_at IS NULL AND NOT u.disabled""")
                .bind("id", keyId)
                .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)})
                .findOne()
                .map(row -> {
                    long userId = (Long) row[1];
                    Viewer viewer = new Viewer(userId, (String) row[3], h.attach(UserDao.class).grants(userId), Channel.API);
                    return new Credential((String) row[0], viewer, secrets.open((String) row[2]));
                }));
    }

    /** The lookup signed requests are checked with. */
    public Optional<imagehub.api.ApiCredential> lookup(String keyId) {
        return credential(keyId).map(c -> new imagehub.api.ApiCredential(c.keyId(), c.viewer().userId(), c.secret()));
    }

    private CreatedKey insert(Handle h, Viewer viewer, long userId, String name, String keyId, String secret) {
        if (h.createQuery("SELECT COUNT(*) FROM api_keys WHERE key_id = :id").bind("id", keyId).mapTo(Integer.class).one() > 0) {
            throw ConflictException.unicity("keyId", "API key " + keyId + " exists already");
        }
        h.createUpdate("""
                INSERT INTO api_keys (key_id, user_id, name, secret_sealed, created_at)
                VALUES (:keyId, :userId, :name, :sealed, :now)""")
                .bind("keyId", keyId).bind("userId", userId).bind("name", name)
                .bind("sealed", secrets.seal(secret)).bind("now", clock.instant()).execute();
        ApiKey key = new ApiKey(keyId, userId, name, clock.instant(), null, null);
        audit.record(h, viewer, new AuditLog.Change("api-key.create", "api-key", keyId, name, ScopeRef.GLOBAL,
                null, key));
        return new CreatedKey(key, secret);
    }

    private void requireKeyOwnerAccess(Handle h, Viewer viewer, long userId) {
        if (viewer.isSystem() || viewer.userId() == userId) {
            return;
        }
        UserDao users = h.attach(UserDao.class);
        User owner = users.find(userId).orElseThrow(() -> new NotFoundException("User " + userId));
        boolean managesOwner = access.allows(viewer, ScopeRef.GLOBAL, Role.ADMIN)
                || (owner.kind() == UserKind.SERVICE && users.grants(userId).stream()
                        .anyMatch(g -> access.allows(viewer, g.scope(), Role.ADMIN)));
        if (!managesOwner) {
            throw new NotFoundException("User " + userId);
        }
    }

    private static String newKeyId() {
        StringBuilder id = new StringBuilder("APIK");
        for (int i = 0; i < 16; i++) {
            id.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
        }
        return id.toString();
    }
}
