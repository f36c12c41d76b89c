package imagehub.usage;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The daily freshness share of the last days as an SVG line chart, computed on the server: the template
 * only places the path, the points and the axis labels given here.
 */
public record FreshnessChart(int width, int height, String path, List<Point> points, List<Label> xLabels,
        List<Label> yLabels, int left, int right, int top, int bottom) {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 220;
    private static final int LEFT = 48;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    public record Point(double x, double y, String title) {
    }

    public record Label(double x, double y, String text) {
    }

    /** The chart of {@code series} over the {@code days} days that end with {@code today}. */
    public static FreshnessChart of(List<Freshness.Day> series, LocalDate today, int days) {
        LocalDate first = today.minusDays(days - 1L);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        List<Point> points = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        for (Freshness.Day day : series) {
            long index = ChronoUnit.DAYS.between(first, day.day());
            if (index < 0 || index >= days) {
                continue;
            }
            double x = LEFT + (days == 1 ? plotWidth : plotWidth * index / (days - 1));
            double y = TOP + plotHeight * (1 - day.share());
            path.append(path.length() == 0 ? "M" : " L").append(format(x)).append(' ').append(format(y));
            points.add(new Point(round(x), round(y), day.day() + ": " + Math.round(day.share() * 1000) / 10.0 + " % of "
                    + day.total() + " servers fresh"));
        }
        List<Label> xLabels = List.of(
                new Label(LEFT, HEIGHT - 8, DAY.format(first)),
                new Label(LEFT + plotWidth / 2, HEIGHT - 8, DAY.format(first.plusDays(days / 2))),
                new Label(LEFT + plotWidth, HEIGHT - 8, DAY.format(today)));
        List<Label> yLabels = List.of(
                new Label(LEFT - 6, TOP + 4, "100 %"),
                new Label(LEFT - 6, TOP + plotHeight / 2 + 4, "50 %"),
                new Label(LEFT - 6, TOP + plotHeight + 4, "0 %"));
        return new FreshnessChart(WIDTH, HEIGHT, path.toString(), points, xLabels, yLabels, LEFT, WIDTH - RIGHT, TOP,
                HEIGHT - BOTTOM);
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

    private static String format(double value) {
        return String.valueOf(round(value));
    }
}
