package imagehub.updatetask;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a task's timing makes it run: pure calendar arithmetic, no clock of its own. Wall-clock times are read in the
 * timing's zone with {@link ZonedDateTime#of}: a time that does not exist (spring forward, 02:30 in Berlin) runs at
 * the shifted instant (03:30), an ambiguous one (fall back) at the earlier of the two. A monthly day past the
 * month's end (29–31 in February) is skipped in that month. A periodic task runs from {@code startsAt} up to and
 * including {@code expiresAt}; a "now" task has no slots (it runs when created or asked to).
 */
public final class Schedule {
    /** How far ahead a search looks: a recurrence matching no day within this many years never runs. */
    private static final int HORIZON_DAYS = 366 * 5;

    private Schedule() {
    }

    public static ZoneId zone(TaskInput.Timing timing) {
        return ZoneId.of(timing.timeZone());
    }

    /** The instant a wall-clock time means in the zone (minute precision). */
    public static Instant instant(LocalDateTime local, ZoneId zone) {
        return ZonedDateTime.of(local.truncatedTo(ChronoUnit.MINUTES), zone).toInstant();
    }

    /** The first slot strictly after {@code after}, if the timing has one. */
    public static Optional<Instant> nextAfter(TaskInput.Timing timing, Instant after) {
        List<Instant> runs = next(timing, after, 1);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    /** Up to {@code n} slots strictly after {@code after}, in order. */
    public static List<Instant> next(TaskInput.Timing timing, Instant after, int n) {
        List<Instant> runs = new ArrayList<>();
        if (n <= 0 || timing == null || timing.type() == null) {
            return runs;
        }
        ZoneId zone;
        try {
            zone = zone(timing);
        } catch (DateTimeException | NullPointerException e) {
            return runs;
        }
        switch (timing.type()) {
            case TaskInput.Timing.SCHEDULED -> {
                if (timing.at() != null) {
                    Instant at = instant(timing.at(), zone);
                    if (at.isAfter(after)) {
                        runs.add(at);
                    }
                }
            }
            case TaskInput.Timing.PERIODIC -> periodic(timing, zone, after, n, runs);
            default -> {
            }
        }
        return runs;
    }

    private static void periodic(TaskInput.Timing timing, ZoneId zone, Instant after, int n, List<Instant> runs) {
        TaskInput.Recurrence recurrence = timing.recurrence();
        if (recurrence == null || recurrence.timeOfDay() == null || recurrence.frequency() == null) {
            return;
        }
        Instant starts = timing.startsAt() == null ? Instant.MIN : instant(timing.startsAt(), zone);
        Instant expires = timing.expiresAt() == null ? Instant.MAX : instant(timing.expiresAt(), zone);
        Instant from = starts.isAfter(after) ? starts : after;
        // The day before `from` in the zone: a slot on it may still fall after `from` across a zone offset.
        LocalDate day = from.atZone(zone).toLocalDate().minusDays(1);
        for (int i = 0; i <= HORIZON_DAYS && runs.size() < n; i++, day = day.plusDays(1)) {
            if (!matches(recurrence, day)) {
                continue;
            }
            Instant slot = ZonedDateTime.of(day, recurrence.timeOfDay().truncatedTo(ChronoUnit.MINUTES), zone)
                    .toInstant();
            if (slot.isAfter(expires)) {
                return;
            }
            if (slot.isAfter(after) && !slot.isBefore(starts)) {
                runs.add(slot);
            }
        }
    }

    static boolean matches(TaskInput.Recurrence recurrence, LocalDate day) {
        return switch (recurrence.frequency()) {
            case TaskInput.Recurrence.DAILY -> true;
            case TaskInput.Recurrence.WEEKLY -> recurrence.daysOfWeek().contains(day.getDayOfWeek());
            case TaskInput.Recurrence.MONTHLY -> recurrence.fromDay() != null && recurrence.toDay() != null
                    && day.getDayOfMonth() >= recurrence.fromDay() && day.getDayOfMonth() <= recurrence.toDay();
            default -> false;
        };
    }
}
