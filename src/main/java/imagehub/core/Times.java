package imagehub.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How pages show a moment: one format, in UTC, cut (never rounded) to the day, minute or second. */
public final class Times {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** {@code 2026-03-01}. */
    public static String day(Instant instant) {
        return DAY.format(instant);
    }

    /** {@code 2026-03-01 14:05}. */
    public static String minute(Instant instant) {
        return MINUTE.format(instant);
    }

    /** {@code 2026-03-01 14:05:59}, for events seconds apart (operation steps, audit entries). */
    public static String second(Instant instant) {
        return SECOND.format(instant);
    }
}
