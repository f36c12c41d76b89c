package imagehub.updatetask;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

/**
 * What an image update task is asked to do, as the form and the API send it (see the "API shapes").
 * Validated by {@link UpdateTaskService}; field errors use the API body's names (name, sourceServer, imageName,
 * registerAt, targets, timing.at, timing.timeZone, timing.recurrence, timing.expiresAt, runAs).
 */
public record TaskInput(String name, Long sourceServerId, String imageName, String registerAt, List<Target> targets,
        boolean deprecateReplaced, Timing timing, Long runAsUserId) {
    public static final String REGISTER_ENVIRONMENT = "environment";
    public static final String REGISTER_ACCOUNT = "account";

    public TaskInput {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** A role's image in one location, or a farm role (its role in the farm role's location, and its group). */
    public record Target(Long roleId, String cloudLocation, Long farmRoleId) {
        public static Target role(long roleId, String cloudLocation) {
            return new Target(roleId, cloudLocation, null);
        }

        public static Target farmRole(long farmRoleId) {
            return new Target(null, null, farmRoleId);
        }

        public boolean isFarmRole() {
            return farmRoleId != null;
        }
    }

    /**
     * When the task runs. {@code at}, {@code startsAt} and {@code expiresAt} are wall-clock times in
     * {@code timeZone}; minute precision.
     */
    public record Timing(String type, LocalDateTime at, String timeZone, Recurrence recurrence, LocalDateTime startsAt,
            LocalDateTime expiresAt) {
        public static final String NOW = "now";
        public static final String SCHEDULED = "scheduled";
        public static final String PERIODIC = "periodic";

        public static Timing now() {
            return new Timing(NOW, null, "UTC", null, null, null);
        }

        public static Timing scheduled(LocalDateTime at, String timeZone) {
            return new Timing(SCHEDULED, at, timeZone, null, null, null);
        }

        public static Timing periodic(String timeZone, Recurrence recurrence, LocalDateTime startsAt,
                LocalDateTime expiresAt) {
            return new Timing(PERIODIC, null, timeZone, recurrence, startsAt, expiresAt);
        }
    }

    /**
     * A periodic task's rhythm: daily, weekly on {@code daysOfWeek}, or monthly on days {@code fromDay}..{@code toDay}
     * (a day past a month's end is skipped in that month), at {@code timeOfDay}.
     */
    public record Recurrence(String frequency, Set<DayOfWeek> daysOfWeek, Integer fromDay, Integer toDay,
            LocalTime timeOfDay) {
        public static final String DAILY = "daily";
        public static final String WEEKLY = "weekly";
        public static final String MONTHLY = "monthly";

        public Recurrence {
            daysOfWeek = daysOfWeek == null ? Set.of() : Set.copyOf(daysOfWeek);
        }
    }
}
