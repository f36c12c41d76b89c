package imagehub.user;

import imagehub.access.Channel;
import imagehub.access.Viewer;
import imagehub.audit.AuditLog;
import imagehub.scope.ScopeRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Password login, sessions and throttling. Sessions live in the database (nodes keep no state); only a
 * hash of the session token is stored. Failed logins are counted per email and per client address.
 */
public final class Sessions {
    public static final Duration LIFETIME = Duration.ofHours(12);
    public static final Duration THROTTLE_WINDOW = Duration.ofMinutes(15);
    public static final int MAX_FAILURES_PER_USER = 5;
    public static final int MAX_FAILURES_PER_CLIENT = 20;
    private static final SecureRandom random = new SecureRandom();

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final Clock clock;

    public Sessions(Jdbi jdbi, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
    }

    /** What a login attempt came to. */
    public sealed interface LoginResult {
        record Success(String token) implements LoginResult {
        }

        record Rejected() implements LoginResult {
        }

        record Throttled(Duration retryAfter) implements LoginResult {
        }
    }

    /** A signed-in session: who, and the CSRF token their forms must carry. */
    public record Session(Viewer viewer, String csrfToken) {
    }

    public LoginResult login(String rawEmail, String password, String client) {
        String email = rawEmail == null ? "" : rawEmail.strip().toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        Instant since = now.minus(THROTTLE_WINDOW);
        return jdbi.inTransaction(h -> {
            int byUser = h.createQuery("SELECT COUNT(*) FROM login_failures WHERE email = :email AND failed_at > :since")
                    .bind("email", email).bind("since", since).mapTo(Integer.class).one();
            int byClient = h.createQuery("SELECT COUNT(*) FROM login_failures WHERE client = :client AND failed_at > :since")
                    .bind("client", client).bind("since", since).mapTo(Integer.class).one();
            if (byUser >= MAX_FAILURES_PER_USER || byClient >= MAX_FAILURES_PER_CLIENT) {
                return new LoginResult.Throttled(THROTTLE_WINDOW);
            }
            UserDao users = h.attach(UserDao.class);
            Optional<User> user = users.findByEmail(email).filter(u -> u.kind() == UserKind.HUMAN && !u.disabled());
            String hash = user.flatMap(u -> users.passwordHash(u.id())).orElse(null);
            if (user.isEmpty() || !Passwords.matches(password == null ? "" : password, hash)) {
                h.createUpdate("INSERT INTO login_failures (email, client, failed_at) VALUES (:email, :client, :now)")
                        .bind("email", email).bind("client", client).bind("now", now).execute();
                Viewer who = user.map(u -> new Viewer(u.id(), u.email(), java.util.List.of(), Channel.UI))
                        .orElse(new Viewer(0, email, java.util.List.of(), Channel.UI));
                audit.record(h, who, new AuditLog.Change("login.failure", "user",
                        user.map(u -> String.valueOf(u.id())).orElse(null), email, ScopeRef.GLOBAL, null,
                        java.util.Map.of("client", client)));
                return new LoginResult.Rejected();
            }
            User signedIn = user.get();
            h.createUpdate("DELETE FROM login_failures WHERE email = :email").bind("email", email).execute();
            h.createUpdate("DELETE FROM sessions WHERE expires_at < :now").bind("now", now).execute();
            String token = randomToken();
            h.createUpdate("""
                    INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
                    VALUES (:hash, :userId, :csrf, :now, :expires)""")
                    .bind("hash", sha256(token)).bind("userId", signedIn.id()).bind("csrf", randomToken())
                    .bind("now", now).bind("expires", now.plus(LIFETIME)).execute();
            audit.record(h, new Viewer(signedIn.id(), signedIn.email(), java.util.List.of(), Channel.UI),
                    new AuditLog.Change("login.success", "user", String.valueOf(signedIn.id()), signedIn.email(),
                            ScopeRef.GLOBAL, null, java.util.Map.of("client", client)));
            return new LoginResult.Success(token);
        });
    }

    /** The live session behind {@code token}, if any; disabled users have none. */
    public Optional<Session> find(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT s.user_id, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id
                        WHERE s.token_hash = :hash AND s.expires_at > :now AND NOT u.disabled""")
                .bind("hash", sha256(token)).bind("now", clock.instant())
                .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .findOne()
                .map(row -> {
                    long userId = (Long) row[0];
                    UserDao users = h.attach(UserDao.class);
                    User user = users.find(userId).orElseThrow();
                    return new Session(new Viewer(userId, user.email(), users.grants(userId), Channel.UI), (String) row[1]);
                }));
    }

    public void logout(String token) {
        if (token != null) {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE token_hash = :hash")
                    .bind("hash", sha256(token)).execute());
        }
    }

    public static String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
