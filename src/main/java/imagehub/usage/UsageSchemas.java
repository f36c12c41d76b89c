package imagehub.usage;

import static imagehub.api.spec.Schema.array;
import static imagehub.api.spec.Schema.bool;
import static imagehub.api.spec.Schema.dateTime;
import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.number;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.string;
import static imagehub.api.spec.Schema.uuid;

import imagehub.api.spec.Definition;

/** The usage explorer and fleet freshness objects of the API, as UsageApi answers them. */
public final class UsageSchemas {
    public static final Definition USAGE_IMAGE = Definition.of("UsageImage", () -> properties()
            .describe("The Image a server runs (Imagehub).")
            .prop("id", uuid().ro())
            .prop("name", string().ro()));
    public static final Definition USAGE_SERVER = Definition.of("UsageServer", () -> properties()
            .describe("An active server with the state of its Image (Imagehub).")
            .prop("id", integer().ro())
            .prop("cloudServerId", string().describe("The instance id in the cloud.").ro())
            .prop("farmId", integer().ro())
            .prop("farmName", string().ro())
            .prop("farmRoleAlias", string().ro())
            .prop("envId", integer().ro())
            .prop("envName", string().ro())
            .prop("owner", string().describe("Email of the farm owner.").ro())
            .prop("image", ref(USAGE_IMAGE).ro())
            .prop("imageAdded", dateTime().ro())
            .prop("imageDeprecated", bool().ro())
            .prop("imageSuperseded", bool().describe("Whether the Image is not the Role's current Image for the "
                    + "server's platform and location.").ro())
            .prop("currentImageName", string().ro())
            .prop("launched", dateTime().ro()));
    public static final Definition FRESHNESS_SHARE = Definition.of("FreshnessShare", () -> properties()
            .prop("total", integer().ro())
            .prop("fresh", integer().ro())
            .prop("share", number().describe("fresh / total; 1 for an empty fleet.").ro()));
    public static final Definition FRESHNESS_DAY = Definition.of("FreshnessDay", () -> properties()
            .prop("day", string().format("date").ro())
            .prop("total", integer().ro())
            .prop("fresh", integer().ro())
            .prop("share", number().ro()));
    public static final Definition FRESHNESS = Definition.of("Freshness", () -> properties()
            .describe("The share of active servers on their Role's current Image, now and per day (Imagehub).")
            .prop("now", ref(FRESHNESS_SHARE).ro())
            .prop("series", array(ref(FRESHNESS_DAY)).ro()));

    private UsageSchemas() {
    }
}
