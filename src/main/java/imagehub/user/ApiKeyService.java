package imagehub.user;

import imagehub.access.Access;
import imagehub.access.AccessCache;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.api.ApiCredential;
import imagehub.api.ApiKeyLookup;
import imagehub.audit.AuditWriter;
import imagehub.core.ConflictException;
import imagehub.core.Secrets;
import imagehub.core.ValidationException;
import imagehub.core.ScopeRef;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * API keys for signed requests. The secret is shown once at creation and stored sealed (the server
 * needs it back to check HMAC signatures). A user manages their own keys; other users' keys are
 * managed by whoever manages that user (an admin of every scope the user holds a grant in, see
 * {@link UserReach}). Each key records when it last signed a request, to the minute.
 */
public final class ApiKeyService implements ApiKeyLookup {
    /** How stale a key's {@code lastUsed} may get: it is written at most once per key in this time. */
    public static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);
    private static final SecureRandom random = new SecureRandom();
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String COLUMNS = "key_id, user_id, name, created_at, last_used_at, revoked_at";
    private static final Pattern KEY_ID = Pattern.compile("^APIK[A-Z0-9]{16}$");

    private final Jdbi jdbi;
    private final AccessCache cache;
    private final AccessCache.Memo<String, Optional<ApiCredential>> credentials;
    private final UserReach reach;
    // When this node last wrote each key's last_used_at, to skip even the guarded UPDATE most of the time.
    private final Map<String, Instant> lastWritten = new ConcurrentHashMap<>();
    private final AuditWriter audit;
    private final Secrets secrets;
    private final Clock clock;

    public ApiKeyService(Jdbi jdbi, Access access, AccessCache cache, AuditWriter audit, Secrets secrets, Clock clock) {
        this.jdbi = jdbi;
        this.cache = cache;
        this.credentials = cache.memo(this::read);
        this.reach = new UserReach(access);
        this.audit = audit;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** A freshly created key with its secret: the only time the secret leaves the server. */
    public record CreatedKey(ApiKey key, String secret) {
    }

    /** All of a user's keys, newest first, for the keys page. */
    public List<ApiKey> list(Viewer viewer, long userId) {
        return list(viewer, userId, 0, Integer.MAX_VALUE).items();
    }

    /** One page of a user's keys, newest first. */
    public UserService.Page<ApiKey> list(Viewer viewer, long userId, long offset, int limit) {
        return jdbi.withHandle(h -> {
            requireKeyOwnerAccess(h, viewer, userId);
            long total = h.createQuery("SELECT COUNT(*) FROM api_keys WHERE user_id = :userId")
                    .bind("userId", userId).mapTo(Long.class).one();
            List<ApiKey> page = h.createQuery("SELECT " + COLUMNS
                            + " FROM api_keys WHERE user_id = :userId ORDER BY created_at DESC, key_id LIMIT :limit OFFSET :offset")
                    .bind("userId", userId).bind("limit", limit).bind("offset", offset).mapTo(ApiKey.class).list();
            return new UserService.Page<>(page, total);
        });
    }

    /** Whether the viewer may see and create {@code userId}'s keys: 404 when unseen, 403 when only seen. */
    public void requireKeyAccess(Viewer viewer, long userId) {
        jdbi.useHandle(h -> requireKeyOwnerAccess(h, viewer, userId));
    }

    public CreatedKey create(Viewer viewer, long userId, String name) {
        requireKeyAccess(viewer, userId);
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
        revoke(viewer, Optional.empty(), keyId);
    }

    /** Revokes key {@code keyId} of user {@code userId}; a key of another user is 404. */
    public void revoke(Viewer viewer, long userId, String keyId) {
        revoke(viewer, Optional.of(userId), keyId);
    }

    private void revoke(Viewer viewer, Optional<Long> userId, String keyId) {
        jdbi.useTransaction(h -> {
            ApiKey key = h.createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_id = :id")
                    .bind("id", keyId).mapTo(ApiKey.class).findOne()
                    .filter(k -> userId.map(id -> id == k.userId()).orElse(true))
                    .orElseThrow(() -> new NotFoundException("API key " + keyId));
            requireKeyOwnerAccess(h, viewer, key.userId());
            if (!key.active()) {
                return;
            }
            h.afterCommit(cache::changed);
            h.createUpdate("UPDATE api_keys SET revoked_at = :now WHERE key_id = :id")
                    .bind("now", clock.instant()).bind("id", keyId).execute();
            audit.record(h, viewer, new AuditWriter.Change("api-key.revoke", "api-key", keyId, key.name(),
                    ScopeRef.GLOBAL, key, Map.of("revoked", true)));
        });
    }

    /** The active key {@code keyId} of an enabled user, for checking a signature; kept in the {@link AccessCache}. */
    public Optional<ApiCredential> credential(String keyId) {
        return credentials.get(keyId);
    }

    private Optional<ApiCredential> read(String keyId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT k.user_id, k.secret_sealed FROM api_keys k JOIN users u ON u.id = k.user_id
                        WHERE k.key_id = :id AND k.revoked_at IS NULL AND NOT u.disabled""")
                .bind("id", keyId)
                .map((rs, ctx) -> new ApiCredential(keyId, rs.getLong(1), secrets.open(rs.getString(2))))
                .findOne());
    }

    /** The lookup signed requests are checked with. */
    @Override
    public Optional<ApiCredential> findActive(String keyId) {
        return credential(keyId);
    }

    /**
     * Records that {@code credential} signed a request, at most once per {@link #LAST_USED_GRANULARITY}
     * per key: this node skips keys it wrote lately, and the UPDATE is guarded for the other nodes.
     */
    @Override
    public void signed(ApiCredential credential) {
        Instant now = clock.instant();
        Instant written = lastWritten.get(credential.keyId());
        if (written != null && written.isAfter(now.minus(LAST_USED_GRANULARITY))) {
            return;
        }
        lastWritten.put(credential.keyId(), now);
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE api_keys SET last_used_at = :now
                        WHERE key_id = :id AND (last_used_at IS NULL OR last_used_at <= :stale)""")
                .bind("now", now).bind("id", credential.keyId()).bind("stale", now.minus(LAST_USED_GRANULARITY))
                .execute());
    }

    private CreatedKey insert(Handle h, Viewer viewer, long userId, String name, String keyId, String secret) {
        h.afterCommit(cache::changed);
        if (h.createQuery("SELECT COUNT(*) FROM api_keys WHERE key_id = :id").bind("id", keyId).mapTo(Integer.class).one() > 0) {
            throw ConflictException.unicity("keyId", "API key " + keyId + " exists already");
        }
        h.createUpdate("""
                INSERT INTO api_keys (key_id, user_id, name, secret_sealed, created_at)
                VALUES (:keyId, :userId, :name, :sealed, :now)""")
                .bind("keyId", keyId).bind("userId", userId).bind("name", name)
                .bind("sealed", secrets.seal(secret)).bind("now", clock.instant()).execute();
        ApiKey key = new ApiKey(keyId, userId, name, clock.instant(), null, null);
        audit.record(h, viewer, new AuditWriter.Change("api-key.create", "api-key", keyId, name, ScopeRef.GLOBAL,
                null, key));
        return new CreatedKey(key, secret);
    }

    private void requireKeyOwnerAccess(Handle h, Viewer viewer, long userId) {
        if (viewer.isSystem() || viewer.userId() == userId) {
            return;
        }
        reach.requireManages(h, viewer, userId);
    }

    private static String newKeyId() {
        StringBuilder id = new StringBuilder("APIK");
        for (int i = 0; i < 16; i++) {
            id.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
        }
        return id.toString();
    }
}
