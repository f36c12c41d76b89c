package imagehub.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Moves what one step of the demo's story wrote to the moment the story says it happened: every time column that
 * step can write, where it holds a time since the step started. The step ran through the services with the real
 * clock; only its timestamps are rewritten (in the audit entries' before / after records too), so ids, audit entries
 * and the rollup stay as the services made them.
 */
final class Backdating {
    /** The time columns the demo's steps write (table, column). */
    private static final List<List<String>> COLUMNS = List.of(
            List.of("accounts", "created_at"), List.of("environments", "created_at"), List.of("users", "created_at"),
            List.of("images", "created_at"), List.of("images", "deprecated_at"), List.of("images", "last_used_at"),
            List.of("roles", "created_at"), List.of("farms", "created_at"), List.of("farm_roles", "created_at"),
            List.of("servers", "launched_at"), List.of("servers", "terminated_at"),
            List.of("sandbox_instances", "launched_at"), List.of("sandbox_instances", "terminated_at"),
            List.of("sandbox_launch_configs", "updated_at"),
            List.of("replacements", "created_at"), List.of("replacements", "rolled_back_at"));

    private final Jdbi jdbi;

    Backdating(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Sets every listed column holding a time at or after {@code since} to {@code to}, and moves the audit entries of
     * the step with the times of that day in their before / after records, in one transaction.
     */
    void moveSince(Instant since, Instant to) {
        // The records hold instants as ISO text; those of the step's own day (the real clock's) are the step's.
        String stepTimes = "\"" + LocalDate.ofInstant(since, ZoneOffset.UTC) + "T[0-9:.]+Z\"";
        String storyTime = "\"" + to + "\"";
        jdbi.useTransaction(h -> {
            for (List<String> column : COLUMNS) {
                // Table and column names are the constants above, never input.
                h.createUpdate("UPDATE " + column.get(0) + " SET " + column.get(1) + " = :to WHERE " + column.get(1)
                        + " >= :since").bind("to", to).bind("since", since).execute();
            }
            h.createUpdate("""
                    UPDATE audit_log SET before_json = REGEXP_REPLACE(before_json, :stepTimes, :storyTime),
                      after_json = REGEXP_REPLACE(after_json, :stepTimes, :storyTime), at = :to
                    WHERE at >= :since""")
                    .bind("stepTimes", stepTimes).bind("storyTime", storyTime).bind("to", to).bind("since", since)
                    .execute();
        });
    }
}
