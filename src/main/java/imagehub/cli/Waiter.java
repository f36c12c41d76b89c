package imagehub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Follows long work (a server operation, an image update run) until it ends, drawing a progress bar on stderr. */
final class Waiter {
    private static final int BAR = 30;

    /** A kind of long work: where to read it, how far along it is, and how it ended. */
    enum Kind {
        OPERATION("/operations/{id}/", Set.of("running"), "completed") {
            @Override
            int percent(JsonNode work) {
                return work.path("progress").asInt(0);
            }

            @Override
            String label(JsonNode work) {
                return work.path("status").asText() + " " + work.path("replaced").asInt() + "/"
                        + work.path("total").asInt() + " replaced" + suffix(work.path("message").asText(""));
            }
        },
        EXECUTION("/image-update-task-executions/{id}/", Set.of("pending", "running"), "succeeded") {
            /** The steps of a run that succeeds: create image, wait until available, register, replace, deprecate. */
            private static final int STEPS = 5;

            @Override
            int percent(JsonNode work) {
                int done = 0;
                for (JsonNode step : work.path("steps")) {
                    done += "running".equals(step.path("status").asText()) ? 0 : 1;
                }
                return Math.min(100, done * 100 / STEPS);
            }

            @Override
            String label(JsonNode work) {
                JsonNode steps = work.path("steps");
                String step = steps.isEmpty() ? "" : steps.get(steps.size() - 1).path("name").asText();
                return work.path("status").asText() + suffix(step) + suffix(work.path("cause").asText(""));
            }
        };

        private final String path;
        private final Set<String> going;
        private final String success;

        Kind(String path, Set<String> going, String success) {
            this.path = path;
            this.going = going;
            this.success = success;
        }

        abstract int percent(JsonNode work);

        abstract String label(JsonNode work);

        boolean ended(JsonNode work) {
            return !going.contains(work.path("status").asText());
        }

        boolean succeeded(JsonNode work) {
            return success.equals(work.path("status").asText());
        }

        private static String suffix(String text) {
            return text.isBlank() ? "" : ": " + text;
        }
    }

    private final ApiConnection api;
    private final Clock clock;
    private final PrintStream err;
    private final int consoleWidth;
    private final boolean console;

    /**
     * On a console {@code consoleWidth} columns wide the bar is redrawn in place, cut to fit (a wrapped line
     * could not be redrawn); with 0, a line is printed whenever it changes.
     */
    Waiter(ApiConnection api, Clock clock, PrintStream err, int consoleWidth) {
        this.api = api;
        this.clock = clock;
        this.err = err;
        this.consoleWidth = consoleWidth;
        this.console = consoleWidth > 0;
    }

    /**
     * Polls {@code work} (as last answered) under {@code basePath} every {@code interval} until it ends, and
     * answers it as it ended; work that ends without success or outlasts {@code timeout} is a {@link CliException}.
     */
    JsonNode follow(Kind kind, String basePath, JsonNode work, Duration interval, Duration timeout) {
        String path = basePath + kind.path.replace("{id}", work.path("id").asText());
        Instant deadline = clock.instant().plus(timeout);
        String shown = null;
        while (true) {
            String line = bar(kind.percent(work)) + " " + kind.label(work);
            if (!line.equals(shown)) {
                err.print(console ? "\r" + line.substring(0, Math.min(line.length(), consoleWidth - 1)) + "\033[K"
                        : line + System.lineSeparator());
                err.flush();
                shown = line;
            }
            if (kind.ended(work)) {
                break;
            }
            if (!clock.instant().isBefore(deadline)) {
                finishLine();
                throw new CliException(CliException.WORK_FAILED, "Still " + work.path("status").asText() + " after "
                        + timeout.toSeconds() + " s; follow it on with the wait command");
            }
            sleep(interval);
            work = api.call("GET", path, "{}").data();
        }
        finishLine();
        if (!kind.succeeded(work)) {
            throw new CliException(CliException.WORK_FAILED, "Ended " + kind.label(work));
        }
        return work;
    }

    private void finishLine() {
        if (console) {
            err.println();
        }
    }

    private static String bar(int percent) {
        int filled = Math.max(0, Math.min(BAR, percent * BAR / 100));
        return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + String.format("%3d%%", percent);
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.WORK_FAILED, "Interrupted while waiting");
        }
    }
}
