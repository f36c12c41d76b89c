package imagehub.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {
    private static final Instant LATE_IN_THE_MINUTE = Instant.parse("2026-03-01T14:05:59.999Z");

    @Test
    void a_moment_shows_in_utc_cut_to_the_day_minute_or_second_never_rounded() {
        assertEquals("2026-03-01", Times.day(LATE_IN_THE_MINUTE));
        assertEquals("2026-03-01 14:05", Times.minute(LATE_IN_THE_MINUTE));
        assertEquals("2026-03-01 14:05:59", Times.second(LATE_IN_THE_MINUTE));
        assertEquals("2026-03-01 23:59", Times.minute(Instant.parse("2026-03-01T23:59:59.999999999Z")));
    }

    @Test
    void whole_seconds_and_single_digit_fields_are_zero_padded() {
        Instant early = Instant.parse("0999-01-02T03:04:00Z");
        assertEquals("0999-01-02", Times.day(early));
        assertEquals("0999-01-02 03:04", Times.minute(early));
        assertEquals("0999-01-02 03:04:00", Times.second(early));
    }

    @Test
    void the_formats_are_what_the_pages_showed_before() {
        for (Instant moment : new Instant[] {Instant.now(), Instant.parse("2026-12-02T06:29:00Z")}) {
            String iso = moment.toString();
            assertEquals(iso.substring(0, 10), Times.day(moment));
            assertEquals(iso.substring(0, 16).replace('T', ' '), Times.minute(moment));
            assertEquals(iso.substring(0, 19).replace('T', ' '), Times.second(moment));
        }
    }
}
