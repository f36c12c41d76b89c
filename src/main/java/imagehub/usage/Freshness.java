package imagehub.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The share of active servers on their role's current image, now and per day, with the replacements that changed
 * the images of those servers' roles over the same days (what explains a drop).
 */
public record Freshness(Share now, List<Day> series, List<Replaced> replacements) {
    public record Share(long total, long fresh) {
        /** Fresh servers as a fraction of all active ones; an empty fleet counts as fully fresh. */
        public double share() {
            return total == 0 ? 1.0 : (double) fresh / total;
        }

        public String percent() {
            return Math.round(share() * 1000) / 10.0 + " %";
        }
    }

    public record Day(LocalDate day, long total, long fresh) {
        public double share() {
            return new Share(total, fresh).share();
        }
    }

    /** A replacement (replace everywhere) that switched a role of these servers; {@code rolledBackAt} may be null. */
    public record Replaced(long id, Instant at, String oldImageName, String newImageName, String cloudLocation,
            Instant rolledBackAt) {
    }
}
