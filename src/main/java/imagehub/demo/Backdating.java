package imagehub.demo;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Moves what one step of the demo's story wrote to the moment the story says it happened: every time column that
 * step can write, where it holds a time since the step started. The step ran through the services with the real
 * clock; only its timestamps are rewritten, so ids, audit entries and the rollup stay as the services made them.
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
            List.of("replacements", "created_at"), List.of("replacements", "rolled_back_at"),
            List.of("audit_log", "at"));

    private final Jdbi jdbi;

    Backdating(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Sets every listed column holding a time at or after {@code since} to {@code to}, in one transaction. */
    void moveSince(Instant since, Instant to) {
        jdbi.useTransaction(h -> {
            for (List<String> column : COLUMNS) {
                // Table and column names are the constants above, never input.
                h.createUpdate("UPDATE " + column.get(0) + " SET " + column.get(1) + " = :to WHERE " + column.get(1)
                        + " >= :since").bind("to", to).bind("since", since).execute();
            }
        });
    }
}
