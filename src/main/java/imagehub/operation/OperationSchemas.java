package imagehub.operation;

import static imagehub.api.spec.Schema.dateTime;
import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.string;

import imagehub.api.spec.Definition;

/** The server Operation objects of the API, as OperationApi reads and writes them. */
public final class OperationSchemas {
    public static final Definition OPERATION_TARGET = Definition.of("OperationTarget", () -> properties()
            .describe("What an Operation works on (Imagehub).")
            .prop("type", string().enumOf("farm", "farmRole", "image").ro())
            .prop("id", string().ro())
            .prop("name", string().ro()));
    public static final Definition OPERATION = Definition.of("Operation", () -> properties()
            .describe("A server Operation (Imagehub): replace-servers terminates the stale servers of its target in "
                    + "batches while the scaler relaunches them on the current image.")
            .prop("id", integer().ro())
            .prop("kind", string().enumOf("replace-servers").ro())
            .prop("status", string().enumOf("running", "completed", "cancelled", "failed").ro())
            .prop("total", integer().describe("Stale servers to replace.").ro())
            .prop("replaced", integer().describe("Servers terminated so far.").ro())
            .prop("progress", integer().describe("replaced / total, in percent.").ro())
            .prop("target", ref(OPERATION_TARGET).ro())
            .prop("batchSize", integer().ro())
            .prop("pauseSeconds", integer().ro())
            .prop("message", string().describe("What it is doing, or why it stopped.").ro())
            .prop("createdBy", string().ro())
            .prop("created", dateTime().ro())
            .prop("updated", dateTime().ro())
            .prop("finished", dateTime().ro())
            .prop("minHealthyPercent", integer().describe("The share of each bound scaling group kept in service "
                    + "while the cloud replaces its servers.").ro()));
    public static final Definition REPLACE_SERVERS_REQUEST = Definition.of("ReplaceServersRequest", () -> properties()
            .describe("Exactly one of farm, farmRole and image (Imagehub).")
            .prop("farm", properties().describe("Replace the stale servers of this Farm.")
                    .prop("id", integer())
                    .required("id"))
            .prop("farmRole", properties().describe("Replace the stale servers of this Farm Role.")
                    .prop("id", integer())
                    .required("id"))
            .prop("image", properties().describe("Replace the servers of the Environment on this old Image.")
                    .prop("id", string())
                    .required("id"))
            .prop("batchSize", integer().describe("Servers terminated at once, 1 to 50 (default 1)."))
            .prop("pauseSeconds", integer().describe("Pause between batches, 0 to 3600 (default 0)."))
            .prop("minHealthyPercent", integer().describe("Farm Roles bound to a scaling group are replaced by the "
                    + "cloud's rolling update (ASG instance refresh, ESS rolling update) keeping this share of the "
                    + "group in service, 0 to 100 (default 90).")));

    private OperationSchemas() {
    }
}
