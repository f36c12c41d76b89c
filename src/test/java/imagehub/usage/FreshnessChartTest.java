package imagehub.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The chart's layout, computed on the server: days, tooltips, markers and notes. */
class FreshnessChartTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

    private static Instant at(int daysAgo) {
        return TODAY.minusDays(daysAgo).atTime(11, 0).toInstant(ZoneOffset.UTC);
    }

    private static Freshness.Replaced replaced(long id, int daysAgo, String location, Integer rolledBackDaysAgo) {
        return new Freshness.Replaced(id, at(daysAgo), "ubuntu-22-04", "ubuntu-24-04", location,
                rolledBackDaysAgo == null ? null : at(rolledBackDaysAgo));
    }

    private static FreshnessChart chart(List<Freshness.Replaced> replacements) {
        List<Freshness.Day> series = IntStream.rangeClosed(0, 34).map(day -> 34 - day)
                .mapToObj(daysAgo -> new Freshness.Day(TODAY.minusDays(daysAgo), 10, daysAgo % 10)).toList();
        return FreshnessChart.of("c", new Freshness(new Freshness.Share(10, 0), series, replacements), TODAY, 30, "caption");
    }

    @Test
    void every_day_of_the_window_is_a_column_with_its_figures_and_days_before_it_are_left_out() {
        FreshnessChart chart = chart(List.of());
        assertEquals(30, chart.points().size());
        assertEquals(30, chart.days().size());
        FreshnessChart.Day last = chart.days().get(29);
        assertEquals("Dec 2: 0 of 10 servers on their role's current image (0.0 %)", last.label());
        assertEquals(List.of("Dec 2", "0 of 10 servers on their role's current image (0.0 %)"),
                last.tip().lines().stream().map(FreshnessChart.TipLine::text).toList());
        double covered = chart.days().stream().mapToDouble(FreshnessChart.Day::hitWidth).sum();
        assertEquals(chart.right() - chart.left(), covered, 1.5, "the columns cover the plot without gaps");
        assertTrue(chart.days().stream().allMatch(d -> d.tip().x() >= 0 && d.tip().x() + d.tip().width() <= chart.width()),
                "every tooltip stays inside the chart");
        assertTrue(chart.markers().isEmpty() && chart.notes().isEmpty() && !chart.anyReplaced() && !chart.anyRolledBack());
    }

    @Test
    void replacements_of_one_day_share_a_marker_and_each_has_a_note() {
        FreshnessChart chart = chart(List.of(replaced(1, 21, "sandbox-east-1", null), replaced(2, 21, "sandbox-west-1", null),
                replaced(3, 9, "sandbox-west-1", 8), replaced(4, 40, "sandbox-east-1", null)));
        assertEquals(2, chart.markers().size(), "one per day in the window");
        FreshnessChart.Marker both = chart.markers().get(0);
        assertEquals("ubuntu-24-04", both.label());
        assertEquals("Nov 11: replaced ubuntu-22-04 → ubuntu-24-04 in sandbox-east-1; ubuntu-22-04 → ubuntu-24-04 in"
                + " sandbox-west-1", both.title());
        assertFalse(both.rolledBack());
        FreshnessChart.Marker undone = chart.markers().get(1);
        assertEquals("ubuntu-24-04 (rolled back)", undone.label());
        assertTrue(undone.rolledBack() && chart.anyRolledBack() && chart.anyReplaced());
        assertEquals(3, chart.notes().size());
        assertEquals(new FreshnessChart.Note("Nov 23", "ubuntu-22-04 → ubuntu-24-04 in sandbox-west-1, rolled back Nov 24",
                true), chart.notes().get(2));
        FreshnessChart.Day day = chart.days().get(29 - 21);
        assertTrue(day.label().endsWith(". Replaced ubuntu-22-04 → ubuntu-24-04 in sandbox-west-1"), day.label());
        assertEquals(4, day.tip().lines().size());
    }

    @Test
    void close_markers_put_their_labels_on_different_rows() {
        FreshnessChart chart = chart(List.of(replaced(1, 5, "sandbox-east-1", null), replaced(2, 3, "sandbox-east-1", null)));
        assertEquals(2, chart.markers().size());
        assertTrue(chart.markers().get(0).labelY() != chart.markers().get(1).labelY(), chart.markers().toString());
    }
}
