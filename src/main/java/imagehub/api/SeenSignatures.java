package imagehub.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@link SignatureLedger} in the database, shared by every node: a primary key on the digest of key
 * id and signature makes "first use" atomic. A recurring task drops what can no longer be replayed.
 */
public final class SeenSignatures implements SignatureLedger {
    public static final String PURGE_TASK = "seen-signatures-purge";

    private final Jdbi jdbi;
    private final Clock clock;

    public SeenSignatures(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String keyId, String signature, Instant until) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "INSERT IGNORE INTO seen_signatures (digest, expires_at) VALUES (:digest, :until)")
                .bind("digest", sha256(keyId + "\n" + signature))
                .bind("until", until)
                .execute()) == 1;
    }

    /** Deletes the signatures whose requests would be refused as expired anyway; how many went. */
    public int purgeExpired() {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM seen_signatures WHERE expires_at < :now")
                .bind("now", clock.instant()).execute());
    }

    public RecurringTask<Void> purgeTask() {
        return Tasks.recurring(PURGE_TASK, FixedDelay.ofMinutes(5)).execute((instance, context) -> purgeExpired());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
