package imagehub.updatetask;

import static imagehub.api.spec.Schema.array;
import static imagehub.api.spec.Schema.bool;
import static imagehub.api.spec.Schema.dateTime;
import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.string;

import imagehub.api.spec.Definition;
import imagehub.farm.FarmSchemas;

/** The image update task and publish objects of the API, as UpdateTaskApi reads and writes them. */
public final class UpdateTaskSchemas {
    public static final Definition ID_REFERENCE = Definition.of("IdReference", () -> properties()
            .prop("id", integer())
            .required("id"));
    public static final Definition IMAGE_UPDATE_TASK_TARGET = Definition.of("ImageUpdateTaskTarget", () -> properties()
            .describe("Either a role in one location ({\"role\": {\"id\"}, \"cloudLocation\"}) or a farm role "
                    + "({\"farmRole\": {\"id\"}}: its role in its location, so its scaling group follows).")
            .prop("role", ref(ID_REFERENCE))
            .prop("cloudLocation", string())
            .prop("farmRole", ref(ID_REFERENCE)));
    public static final Definition IMAGE_UPDATE_TASK_RECURRENCE = Definition.of("ImageUpdateTaskRecurrence", () -> properties()
            .prop("frequency", string().enumOf("daily", "weekly", "monthly"))
            .prop("daysOfWeek", array(string().enumOf("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"))
            .describe("Weekly: the days, e.g. [\"MON\", \"THU\"]."))
            .prop("daysOfMonth", properties().describe("Monthly: a range of days; a day past the end of a month is "
                    + "skipped in that month.")
                    .prop("from", integer())
                    .prop("to", integer()))
            .prop("timeOfDay", string().describe("HH:mm in the timing's time zone."))
            .required("frequency", "timeOfDay"));
    public static final Definition IMAGE_UPDATE_TASK_TIMING = Definition.of("ImageUpdateTaskTiming", () -> properties()
            .describe("Date-times are wall-clock times (yyyy-MM-ddTHH:mm, minute precision) in timeZone. A time that "
                    + "does not exist (spring forward) runs at the shifted instant; an ambiguous one (fall back) at "
                    + "the earlier.")
            .prop("type", string().enumOf("now", "scheduled", "periodic"))
            .prop("at", string().describe("Scheduled: when, in the future."))
            .prop("timeZone", string().describe("An IANA zone such as Europe/Berlin (default UTC)."))
            .prop("recurrence", ref(IMAGE_UPDATE_TASK_RECURRENCE))
            .prop("startsAt", string().describe("Periodic: no run before (default now)."))
            .prop("expiresAt", string().describe("Periodic: no run after; after startsAt."))
            .required("type"));
    public static final Definition IMAGE_UPDATE_TASK_STEP = Definition.of("ImageUpdateTaskStep", () -> properties()
            .prop("name", string().describe("create image, wait until available, register, replace in targets, "
                    + "deprecate replaced, revert targets.").ro())
            .prop("status", string().enumOf("running", "succeeded", "failed").ro())
            .prop("started", dateTime().ro())
            .prop("finished", dateTime().ro())
            .prop("message", string().ro()));
    public static final Definition IMAGE_UPDATE_TASK_EXECUTION = Definition.of("ImageUpdateTaskExecution", () -> properties()
            .describe("A run: every step with its times and outcome. A failed run restores every target it changed "
                    + "(status reverted) and keeps the image it registered, marked as from a failed run.")
            .prop("id", integer().ro())
            .prop("task", ref(ID_REFERENCE).nullable().ro())
            .prop("status", string()
            .enumOf("pending", "running", "succeeded", "failed", "reverted", "cancelled", "skipped").ro())
            .prop("image", ref(FarmSchemas.IMAGE_IDENTITY).ro())
            .prop("steps", array(ref(IMAGE_UPDATE_TASK_STEP)).ro())
            .prop("started", dateTime().ro())
            .prop("finished", dateTime().ro())
            .prop("cause", string().describe("Why it failed, was reverted, cancelled or skipped (Imagehub).").ro()));
    public static final Definition IMAGE_UPDATE_TASK = Definition.of("ImageUpdateTask", () -> properties()
            .describe("Snapshot a server into a new image named <imageName>_on_<executionId>_at_<yyyyMMddHHmm> (in "
                    + "the task's time zone) and roll it into roles and farm roles (Imagehub).")
            .prop("id", integer().ro())
            .prop("name", string())
            .prop("sourceServer", ref(ID_REFERENCE))
            .prop("imageName", string())
            .prop("registerAt", string().enumOf("environment", "account"))
            .prop("targets", array(ref(IMAGE_UPDATE_TASK_TARGET)))
            .prop("deprecateReplaced", bool())
            .prop("timing", ref(IMAGE_UPDATE_TASK_TIMING))
            .prop("runAs", ref(ID_REFERENCE).describe("Scheduled and periodic: a service account with operator "
                    + "rights in the environment (and stored cloud credentials for ec2 / aliyun)."))
            .prop("status", string().enumOf("active", "paused", "finished").ro())
            .prop("nextRuns", array(dateTime()).ro())
            .prop("lastExecution", ref(IMAGE_UPDATE_TASK_EXECUTION).ro())
            .required("name", "sourceServer", "imageName", "registerAt", "targets", "timing"));
    public static final Definition IMAGE_PUBLISH_REQUEST = Definition.of("ImagePublishRequest", () -> properties()
            .prop("server", ref(ID_REFERENCE))
            .prop("role", ref(ID_REFERENCE))
            .prop("cloudLocation", string())
            .prop("imageName", string())
            .prop("registerAt", string().defaultValue("account").enumOf("environment", "account"))
            .prop("deprecateReplaced", bool().defaultValue(true))
            .required("server", "role", "cloudLocation", "imageName"));

    private UpdateTaskSchemas() {
    }
}
