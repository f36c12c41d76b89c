package imagehub.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The daily freshness share of the last days as an SVG line chart, laid out on the server: the template only places
 * what is computed here. Each day with a snapshot is a column that shows its figures on hover and on keyboard focus
 * (a tooltip drawn in the SVG, no script needed); each day with replacements carries a marker naming them, and the
 * notes under the chart list them in words.
 */
public record FreshnessChart(String id, int width, int height, String caption, String path, List<Point> points, List<Day> days,
        List<Marker> markers, List<Note> notes, List<Label> axisLabels, int left, int right, int top,
        int bottom) {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 240;
    private static final int LEFT = 48;
    private static final int RIGHT = 12;
    /** Room above the plot for the markers' labels, in rows so that close markers' labels do not overlap. */
    private static final int MARKER_ROWS = 2;
    private static final int MARKER_ROW_HEIGHT = 12;
    private static final double MARKER_CHAR_WIDTH = 5.7;
    private static final int TOP = 16 + MARKER_ROWS * MARKER_ROW_HEIGHT;
    private static final int BOTTOM = 28;
    /** The tooltip's font size, an average glyph width at that size, and its line height. */
    private static final double CHAR_WIDTH = 6.2;
    private static final int LINE_HEIGHT = 15;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    public record Point(double x, double y) {
    }

    /** One day's column: the area that reacts to the pointer, its accessible text and its tooltip. */
    public record Day(double x, double y, double hitX, double hitWidth, String label, Tip tip) {
    }

    /** A tooltip box at (x, y) with its lines, the first one the day. */
    public record Tip(double x, double y, double width, double height, List<TipLine> lines) {
    }

    public record TipLine(double x, double y, String text, boolean heading) {
    }

    /** The replacements of one day: a dashed line at the day with a short label; {@code title} says it all. */
    public record Marker(double x, double labelX, double labelY, String anchor, String label, String title,
            boolean rolledBack) {
    }

    /** A replacement in words, under the chart. */
    public record Note(String day, String text, boolean rolledBack) {
    }

    public record Label(double x, double y, String anchor, String text) {
    }

    /**
     * The chart of {@code freshness}'s series and replacements over the {@code days} days that end with
     * {@code today}, with DOM id {@code id}; {@code caption} names what it shows (the accessible name of the chart).
     */
    public static FreshnessChart of(String id, Freshness freshness, LocalDate today, int days, String caption) {
        LocalDate first = today.minusDays(days - 1L);
        Axis axis = new Axis(first, days);
        Map<LocalDate, List<Freshness.Replaced>> replacedOn = freshness.replacements().stream()
                .filter(r -> axis.contains(day(r.at())))
                .collect(Collectors.groupingBy(r -> day(r.at()), LinkedHashMap::new, Collectors.toList()));

        List<Freshness.Day> shown = freshness.series().stream().filter(d -> axis.contains(d.day())).toList();
        List<Point> points = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        for (Freshness.Day day : shown) {
            Point point = new Point(round(axis.x(day.day())), round(axis.y(day.share())));
            points.add(point);
            path.append(path.length() == 0 ? "M" : " L").append(point.x()).append(' ').append(point.y());
        }
        List<Note> notes = new ArrayList<>();
        replacedOn.forEach((day, replaced) -> replaced.forEach(r -> notes.add(new Note(DAY.format(day), describe(r),
                r.rolledBackAt() != null))));

        double plotHeight = HEIGHT - TOP - BOTTOM;
        List<Label> axisLabels = List.of(
                new Label(LEFT, HEIGHT - 8, "start", DAY.format(first)),
                new Label(axis.x(first.plusDays(days / 2)), HEIGHT - 8, "middle", DAY.format(first.plusDays(days / 2))),
                new Label(WIDTH - RIGHT, HEIGHT - 8, "end", DAY.format(today)),
                new Label(LEFT - 6, TOP + 4, "end", "100 %"),
                new Label(LEFT - 6, TOP + plotHeight / 2 + 4, "end", "50 %"),
                new Label(LEFT - 6, TOP + plotHeight + 4, "end", "0 %"));
        return new FreshnessChart(id, WIDTH, HEIGHT, caption, path.toString(), points, columns(shown, points, replacedOn),
                markers(replacedOn, axis), notes, axisLabels, LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM);
    }

    /** Each day's column reaches halfway to its neighbours' points; its text is the day, its figures, its replacements. */
    private static List<Day> columns(List<Freshness.Day> shown, List<Point> points,
            Map<LocalDate, List<Freshness.Replaced>> replacedOn) {
        List<Day> columns = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            Freshness.Day day = shown.get(i);
            Point point = points.get(i);
            double from = i == 0 ? LEFT : (points.get(i - 1).x() + point.x()) / 2;
            double to = i == shown.size() - 1 ? WIDTH - RIGHT : (point.x() + points.get(i + 1).x()) / 2;
            List<String> replaced = replacedOn.getOrDefault(day.day(), List.of()).stream()
                    .map(r -> "Replaced " + describe(r)).toList();
            List<String> lines = new ArrayList<>(List.of(DAY.format(day.day()), figures(day)));
            lines.addAll(replaced);
            String label = DAY.format(day.day()) + ": " + figures(day)
                    + replaced.stream().map(line -> ". " + line).collect(Collectors.joining());
            columns.add(new Day(point.x(), point.y(), round(from), round(to - from), label, tip(point, lines)));
        }
        return columns;
    }

    /**
     * One marker per day with replacements, labelled with the new images; a label goes to the first row above the
     * plot where it does not run into the label before it.
     */
    private static List<Marker> markers(Map<LocalDate, List<Freshness.Replaced>> replacedOn, Axis axis) {
        List<Marker> markers = new ArrayList<>();
        double[] rowEnds = new double[MARKER_ROWS];
        Arrays.fill(rowEnds, Double.NEGATIVE_INFINITY);
        replacedOn.forEach((day, replaced) -> {
            double x = round(axis.x(day));
            boolean rolledBack = replaced.stream().allMatch(r -> r.rolledBackAt() != null);
            String label = replaced.stream().map(Freshness.Replaced::newImageName).distinct()
                    .collect(Collectors.joining(", ")) + (rolledBack ? " (rolled back)" : "");
            double labelWidth = label.length() * MARKER_CHAR_WIDTH;
            boolean nearRight = x + 3 + labelWidth > WIDTH;
            double start = nearRight ? x - 3 - labelWidth : x + 3;
            int row = 0;
            while (row < MARKER_ROWS - 1 && rowEnds[row] + 6 > start) {
                row++;
            }
            rowEnds[row] = start + labelWidth;
            markers.add(new Marker(x, nearRight ? x - 3 : x + 3, TOP - 6 - MARKER_ROW_HEIGHT * row,
                    nearRight ? "end" : "start", label, DAY.format(day) + ": replaced "
                            + replaced.stream().map(FreshnessChart::describe).collect(Collectors.joining("; ")),
                    rolledBack));
        });
        return markers;
    }

    /** Where days and shares land on the plot. */
    private record Axis(LocalDate first, int days) {
        boolean contains(LocalDate day) {
            long index = ChronoUnit.DAYS.between(first, day);
            return index >= 0 && index < days;
        }

        double x(LocalDate day) {
            double plotWidth = WIDTH - LEFT - RIGHT;
            return LEFT + (days == 1 ? plotWidth : plotWidth * ChronoUnit.DAYS.between(first, day) / (days - 1));
        }

        double y(double share) {
            return TOP + (HEIGHT - TOP - BOTTOM) * (1 - share);
        }
    }

    private static String figures(Freshness.Day day) {
        return day.fresh() + " of " + day.total() + " servers on their role's current image ("
                + new Freshness.Share(day.total(), day.fresh()).percent() + ")";
    }

    private static String describe(Freshness.Replaced r) {
        return r.oldImageName() + " → " + r.newImageName() + " in " + r.cloudLocation()
                + (r.rolledBackAt() == null ? "" : ", rolled back " + DAY.format(day(r.rolledBackAt())));
    }

    /** A tooltip beside the point, flipped to its left near the right edge, above it unless that leaves the chart. */
    private static Tip tip(Point point, List<String> lines) {
        double width = round(16 + CHAR_WIDTH * lines.stream().mapToInt(String::length).max().orElse(0));
        double height = 8 + LINE_HEIGHT * lines.size();
        double x = point.x() + 10 + width <= WIDTH ? point.x() + 10 : Math.max(0, point.x() - 10 - width);
        double y = point.y() - height - 8 >= 0 ? point.y() - height - 8 : Math.min(HEIGHT - height, point.y() + 8);
        List<TipLine> tipLines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            tipLines.add(new TipLine(round(x + 8), round(y + LINE_HEIGHT * (i + 1)), lines.get(i), i == 0));
        }
        return new Tip(round(x), round(y), width, height, tipLines);
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** Whether a marker stands for replacements rolled back since (the legend names only what is drawn). */
    public boolean anyRolledBack() {
        return markers.stream().anyMatch(Marker::rolledBack);
    }

    public boolean anyReplaced() {
        return markers.stream().anyMatch(marker -> !marker.rolledBack());
    }

    public boolean empty() {
        return points.isEmpty();
    }

    public double middle() {
        return (top + bottom) / 2.0;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
