package imagehub.user;

import imagehub.access.Channel;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.core.ScopeRef;
import imagehub.web.SessionLookup;
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
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Password login, sessions and throttling. Sessions live in the database (nodes keep no state); only a
 * hash of the session token is stored. Password checks are counted per email and per client address.
 */
public final class Sessions implements SessionLookup {
    public static final Duration LIFETIME = Duration.ofHours(12);
    public static final Duration THROTTLE_WINDOW = Duration.ofMinutes(15);
    /** Password checks one email gets per window; a success gives them all back. */
    public static final int MAX_FAILURES_PER_USER = 5;
    /** Password checks one client address gets per window; each success gives its own back. */
    public static final int MAX_FAILURES_PER_CLIENT = 20;
    private static final SecureRandom random = new SecureRandom();

    private final Jdbi jdbi;
    private final AuditWriter audit;
    private final Clock clock;

    public Sessions(Jdbi jdbi, AuditWriter audit, Clock clock) {
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
    public record Session(Viewer viewer, String csrfToken) implements SignedIn {
    }

    /**
     * Checks a password and opens a session. Each check is first reserved on the email's and the
     * client's counters in one short transaction (the row locks make parallel attempts queue), so no
     * more than {@link #MAX_FAILURES_PER_USER} checks per email and {@link #MAX_FAILURES_PER_CLIENT}
     * per client happen in a window, whatever the number of nodes. A success gives its reservations
     * back. Unknown, disabled and service users cost a bcrypt check too, so timing tells nothing.
     */
    public LoginResult login(String rawEmail, String password, String client) {
        String email = rawEmail == null ? "" : rawEmail.strip().toLowerCase(Locale.ROOT);
        // Hashed: a fixed-size key whatever was typed, and no raw addresses kept.
        String emailSubject = sha256("email:" + email);
        String clientSubject = sha256("client:" + client);
        if (!reserve(emailSubject, clientSubject)) {
            return new LoginResult.Throttled(THROTTLE_WINDOW);
        }
        Optional<User> user = jdbi.withExtension(UserDao.class, users -> users.findByEmail(email))
                .filter(u -> u.kind() == UserKind.HUMAN && !u.disabled());
        String hash = user.flatMap(u -> jdbi.withExtension(UserDao.class, users -> users.passwordHash(u.id()))).orElse(null);
        boolean matches = Passwords.matches(password == null ? "" : password, hash);
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            if (user.isEmpty() || !matches) {
                Viewer who = user.map(u -> new Viewer(u.id(), u.email(), java.util.List.of(), Channel.UI))
                        .orElse(new Viewer(0, email, java.util.List.of(), Channel.UI));
                audit.record(h, who, new AuditWriter.Change("login.failure", "user",
                        user.map(u -> String.valueOf(u.id())).orElse(null), email, ScopeRef.GLOBAL, null,
                        java.util.Map.of("client", client)));
                return new LoginResult.Rejected();
            }
            User signedIn = user.get();
            h.createUpdate("DELETE FROM login_throttle WHERE subject = :subject").bind("subject", emailSubject).execute();
            h.createUpdate("UPDATE login_throttle SET checks = checks - 1 WHERE subject = :subject AND checks > 0")
                    .bind("subject", clientSubject).execute();
            h.createUpdate("DELETE FROM login_throttle WHERE window_start <= :since")
                    .bind("since", now.minus(THROTTLE_WINDOW)).execute();
            h.createUpdate("DELETE FROM sessions WHERE expires_at < :now").bind("now", now).execute();
            String token = randomToken();
            h.createUpdate("""
                    INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
                    VALUES (:hash, :userId, :csrf, :now, :expires)""")
                    .bind("hash", sha256(token)).bind("userId", signedIn.id()).bind("csrf", randomToken())
                    .bind("now", now).bind("expires", now.plus(LIFETIME)).execute();
            audit.record(h, new Viewer(signedIn.id(), signedIn.email(), java.util.List.of(), Channel.UI),
                    new AuditWriter.Change("login.success", "user", String.valueOf(signedIn.id()), signedIn.email(),
                            ScopeRef.GLOBAL, null, java.util.Map.of("client", client)));
            return new LoginResult.Success(token);
        });
    }

    /**
     * Reserves one password check on both counters, or none when either is used up: a refused
     * attempt rolls its increments back, so it does not lengthen anyone's lock-out.
     */
    private boolean reserve(String emailSubject, String clientSubject) {
        Instant now = clock.instant();
        Instant since = now.minus(THROTTLE_WINDOW);
        return jdbi.inTransaction(h -> {
            int byEmail = count(h, emailSubject, now, since);
            int byClient = count(h, clientSubject, now, since);
            if (byEmail > MAX_FAILURES_PER_USER || byClient > MAX_FAILURES_PER_CLIENT) {
                h.rollback();
                return false;
            }
            return true;
        });
    }

    /** Adds one check to {@code subject}'s counter (a fresh window when the last one is over) and returns it. */
    private static int count(Handle h, String subject, Instant now, Instant since) {
        // checks is assigned first, so it still sees the old window_start.
        h.createUpdate("""
                INSERT INTO login_throttle (subject, window_start, checks) VALUES (:subject, :now, 1)
                ON DUPLICATE KEY UPDATE checks = IF(window_start <= :since, 1, checks + 1),
                  window_start = IF(window_start <= :since, :now, window_start)""")
                .bind("subject", subject).bind("now", now).bind("since", since).execute();
        return h.createQuery("SELECT checks FROM login_throttle WHERE subject = :subject")
                .bind("subject", subject).mapTo(Integer.class).one();
    }

    /** Ends every session of a user (disabled, or given a new password by an admin). */
    static void endAll(Handle h, long userId) {
        h.createUpdate("DELETE FROM sessions WHERE user_id = :id").bind("id", userId).execute();
    }

    /** Ends every session of a user but the one behind {@code keptToken} (the one changing the password). */
    static void endOthers(Handle h, long userId, String keptToken) {
        h.createUpdate("DELETE FROM sessions WHERE user_id = :id AND token_hash <> :kept")
                .bind("id", userId).bind("kept", sha256(keptToken == null ? "" : keptToken)).execute();
    }

    /** The live session behind {@code token}, if any; disabled users have none. */
    @Override
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
