package imagehub.updatetask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The calendar behind every timing mode, from a fixed "now": no clock, no database. */
class ScheduleTest {
    private static final Instant NOW = Instant.parse("2027-01-15T10:00:00Z");

    private static TaskInput.Timing periodic(String zone, TaskInput.Recurrence recurrence, String startsAt,
            String expiresAt) {
        return TaskInput.Timing.periodic(zone, recurrence, startsAt == null ? null : LocalDateTime.parse(startsAt),
                LocalDateTime.parse(expiresAt));
    }

    private static TaskInput.Recurrence monthly(int from, int to, String time) {
        return new TaskInput.Recurrence("monthly", Set.of(), from, to, LocalTime.parse(time));
    }

    private static List<String> utc(List<Instant> runs) {
        return runs.stream().map(Instant::toString).toList();
    }

    private static List<String> local(List<Instant> runs, String zone) {
        return runs.stream().map(i -> i.atZone(ZoneId.of(zone)).toLocalDateTime().toString()).toList();
    }

    @Test
    void a_now_task_has_no_slots() {
        assertEquals(List.of(), Schedule.next(TaskInput.Timing.now(), NOW, 5));
    }

    @Test
    void a_scheduled_task_runs_once_at_its_time_in_its_zone() {
        TaskInput.Timing timing = TaskInput.Timing.scheduled(LocalDateTime.parse("2027-01-20T09:30"), "Asia/Tokyo");
        assertEquals(List.of("2027-01-20T00:30:00Z"), utc(Schedule.next(timing, NOW, 5)));
    }

    @Test
    void a_scheduled_time_already_past_has_no_slot() {
        TaskInput.Timing timing = TaskInput.Timing.scheduled(LocalDateTime.parse("2027-01-15T09:59"), "UTC");
        assertEquals(List.of(), Schedule.next(timing, NOW, 5));
    }

    @Test
    void daily_runs_every_day_at_the_time_of_day_from_the_start() {
        TaskInput.Timing timing = periodic("UTC", new TaskInput.Recurrence("daily", null, null, null,
                LocalTime.parse("02:00")), "2027-01-17T00:00", "2027-12-31T00:00");
        assertEquals(List.of("2027-01-17T02:00:00Z", "2027-01-18T02:00:00Z", "2027-01-19T02:00:00Z"),
                utc(Schedule.next(timing, NOW, 3)));
    }

    @Test
    void weekly_runs_on_the_chosen_days_only_across_a_month_end() {
        TaskInput.Timing timing = periodic("UTC", new TaskInput.Recurrence("weekly",
                Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), null, null, LocalTime.parse("02:00")), null,
                "2027-12-31T00:00");
        List<Instant> runs = Schedule.next(timing, Instant.parse("2027-01-27T00:00:00Z"), 4);
        assertEquals(List.of("2027-01-29T02:00", "2027-02-01T02:00", "2027-02-05T02:00", "2027-02-08T02:00"),
                local(runs, "UTC"));
    }

    @Test
    void monthly_day_ranges_skip_days_past_the_end_of_february() {
        TaskInput.Timing timing = periodic("UTC", monthly(29, 31, "03:00"), null, "2027-12-31T00:00");
        List<Instant> runs = Schedule.next(timing, Instant.parse("2027-01-30T12:00:00Z"), 4);
        // 2027 is not a leap year: February has no 29th to 31st; March has all three.
        assertEquals(List.of("2027-01-31T03:00", "2027-03-29T03:00", "2027-03-30T03:00", "2027-03-31T03:00"),
                local(runs, "UTC"));
    }

    @Test
    void monthly_on_days_21_to_25_at_two_until_the_expiry() {
        TaskInput.Timing timing = periodic("Europe/Berlin", monthly(21, 25, "02:00"), null, "2027-08-26T00:00");
        List<Instant> runs = Schedule.next(timing, Instant.parse("2027-08-01T00:00:00Z"), 10);
        assertEquals(List.of("2027-08-21T02:00", "2027-08-22T02:00", "2027-08-23T02:00", "2027-08-24T02:00",
                "2027-08-25T02:00"), local(runs, "Europe/Berlin"));
    }

    @Test
    void a_time_that_does_not_exist_on_spring_forward_runs_at_the_shifted_instant_in_berlin() {
        TaskInput.Timing timing = periodic("Europe/Berlin", new TaskInput.Recurrence("daily", null, null, null,
                LocalTime.parse("02:30")), null, "2027-12-31T00:00");
        // Clocks go from 02:00 to 03:00 on 2027-03-28 in Berlin.
        List<Instant> runs = Schedule.next(timing, Instant.parse("2027-03-26T12:00:00Z"), 3);
        assertEquals(List.of("2027-03-27T01:30:00Z", "2027-03-28T01:30:00Z", "2027-03-29T00:30:00Z"), utc(runs));
        assertEquals("2027-03-28T03:30", runs.get(1).atZone(ZoneId.of("Europe/Berlin")).toLocalDateTime().toString());
    }

    @Test
    void an_ambiguous_time_on_fall_back_runs_once_at_the_earlier_instant_in_new_york() {
        TaskInput.Timing timing = periodic("America/New_York", new TaskInput.Recurrence("daily", null, null, null,
                LocalTime.parse("01:30")), null, "2027-12-31T00:00");
        // Clocks go from 02:00 EDT back to 01:00 EST on 2027-11-07: 01:30 happens twice, the task runs once.
        List<Instant> runs = Schedule.next(timing, Instant.parse("2027-11-06T12:00:00Z"), 3);
        assertEquals("2027-11-07T05:30:00Z", runs.get(0).toString(), "01:30 EDT, the earlier one");
        assertEquals("2027-11-08T06:30:00Z", runs.get(1).toString(), "01:30 EST the next day");
    }

    @Test
    void spring_forward_in_new_york_shifts_a_missing_time() {
        TaskInput.Timing timing = TaskInput.Timing.scheduled(LocalDateTime.parse("2027-03-14T02:30"),
                "America/New_York");
        assertEquals(List.of("2027-03-14T07:30:00Z"), utc(Schedule.next(timing, NOW, 1)));
        assertEquals(ZonedDateTime.parse("2027-03-14T03:30-04:00[America/New_York]").toInstant(),
                Schedule.next(timing, NOW, 1).get(0));
    }

    @Test
    void nothing_runs_after_the_expiry_and_a_run_at_the_expiry_minute_still_happens() {
        TaskInput.Timing timing = periodic("UTC", new TaskInput.Recurrence("daily", null, null, null,
                LocalTime.parse("00:00")), null, "2027-01-18T00:00");
        assertEquals(List.of("2027-01-16T00:00:00Z", "2027-01-17T00:00:00Z", "2027-01-18T00:00:00Z"),
                utc(Schedule.next(timing, NOW, 10)));
        assertEquals(List.of(), Schedule.next(timing, Instant.parse("2027-01-18T00:00:00Z"), 10));
    }

    @Test
    void nothing_runs_before_the_start() {
        TaskInput.Timing timing = periodic("UTC", new TaskInput.Recurrence("daily", null, null, null,
                LocalTime.parse("12:00")), "2027-02-01T12:30", "2027-03-01T00:00");
        assertEquals("2027-02-02T12:00:00Z", Schedule.next(timing, NOW, 1).get(0).toString());
    }

    @Test
    void a_recurrence_that_matches_no_day_never_runs() {
        TaskInput.Timing timing = periodic("UTC", monthly(30, 31, "01:00"), "2027-02-01T00:00", "2027-02-28T23:00");
        assertTrue(Schedule.next(timing, NOW, 5).isEmpty());
    }
}
