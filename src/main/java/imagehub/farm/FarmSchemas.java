package imagehub.farm;

import static imagehub.api.spec.Schema.array;
import static imagehub.api.spec.Schema.dateTime;
import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.object;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.string;

import imagehub.api.spec.Definition;

/** The Farm, FarmRole and Server objects of the API, as FarmApi reads and writes them. */
public final class FarmSchemas {
    public static final Definition FARM_FOREIGN_KEY = Definition.of("FarmForeignKey", () -> properties()
            .prop("id", integer())
            .required("id").references(FarmSchemas.FARM));
    public static final Definition FARM_ROLE_FOREIGN_KEY = Definition.of("FarmRoleForeignKey", () -> properties()
            .prop("id", integer())
            .required("id").references(FarmSchemas.FARM_ROLE));
    public static final Definition ENVIRONMENT_FOREIGN_KEY = Definition.of("EnvironmentForeignKey", () -> properties()
            .prop("id", integer())
            .required("id"));
    public static final Definition COMPOSED_USER_IDENTITY = Definition.of("ComposedUserIdentity", () -> properties()
            .prop("id", integer().describe("Unique identifier for an User."))
            .prop("email", string().describe("Email of the owner of the Farm; how Imagehub finds the owner.")
            .format("email")));
    public static final Definition ROLE_IDENTITY = Definition.of("RoleIdentity", () -> properties()
            .prop("id", integer())
            .prop("name", string().ro())
            .required("id"));
    public static final Definition IMAGE_IDENTITY = Definition.of("ImageIdentity", () -> properties()
            .prop("id", string().ro())
            .prop("name", string().ro()));
    public static final Definition SCALING_CONFIGURATION = Definition.of("ScalingConfiguration", () -> properties()
            .prop("minInstances", integer().defaultValue(1).describe("The minimum number of servers; the scaler "
                    + "keeps the Farm Role at it while the Farm runs."))
            .prop("maxInstances", integer().defaultValue(2).describe("The maximum number of servers.")));
    public static final Definition FARM = Definition.of("Farm", () -> properties()
            .prop("id", integer().ro())
            .prop("name", string())
            .prop("description", string())
            .prop("owner", ref(COMPOSED_USER_IDENTITY))
            .prop("status", string().enumOf("running", "suspended", "terminated").ro())
            .prop("environment", ref(ENVIRONMENT_FOREIGN_KEY).ro())
            .prop("createdBy", string().ro())
            .prop("added", dateTime().ro())
            .required("name"));
    public static final Definition FARM_ROLE = Definition.of("FarmRole", () -> properties()
            .prop("id", integer().ro())
            .prop("alias", string())
            .prop("role", ref(ROLE_IDENTITY))
            .prop("farm", ref(FARM_FOREIGN_KEY).ro())
            .prop("cloudPlatform", string().enumOf("ec2", "aliyun", "sandbox"))
            .prop("cloudLocation", string())
            .prop("instanceType", object().describe("Accepted and ignored (Imagehub)."))
            .prop("scaling", ref(SCALING_CONFIGURATION))
            .prop("added", dateTime().ro())
            .prop("scalingGroup", properties().describe("On ec2 / aliyun: the existing scaling group the Farm Role "
                    + "is bound to (AWS Auto Scaling group name, Alibaba ESS scaling group id); its size is the "
                    + "group's.")
                    .prop("id", string())
                    .required("id"))
            .prop("cloudCredentials", properties().describe("The stored cloud credentials to act with, where several "
                    + "are stored.")
                    .prop("id", integer())
                    .required("id"))
            .prop("imageSync", properties().describe("Whether the bound group launches the Role's image for this "
                    + "location.")
                    .prop("status", string().enumOf("applied", "pending", "failed"))
                    .prop("message", string())
                    .prop("imageId", string().describe("The cloud image id written into the group."))
                    .prop("updated", dateTime()).ro())
            .required("role", "cloudPlatform", "cloudLocation")
            .createOnly("role",
                    "cloudPlatform",
                    "cloudLocation",
                    "alias",
                    "scalingGroup",
                    "cloudCredentials"));
    public static final Definition SERVER = Definition.of("Server", () -> properties()
            .prop("id", integer().ro())
            .prop("cloudServerId", string().ro())
            .prop("farm", ref(FARM_FOREIGN_KEY).ro())
            .prop("farmRole", ref(FARM_ROLE_FOREIGN_KEY).ro())
            .prop("image", ref(IMAGE_IDENTITY).ro())
            .prop("status", string().enumOf("pending", "running", "suspended", "terminated").ro())
            .prop("launched", dateTime().ro())
            .prop("cloudPlatform", string().ro())
            .prop("cloudLocation", string().ro()));
    public static final Definition FARM_SYNC = Definition.of("FarmSync", () -> properties()
            .prop("farm", ref(FARM_FOREIGN_KEY).ro())
            .prop("started", dateTime().ro())
            .prop("finished", dateTime().ro())
            .prop("instances", integer().describe("Instances found in the bound scaling groups.").ro())
            .prop("added", integer().describe("Instances recorded as new servers.").ro())
            .prop("terminated", integer().describe("Servers marked terminated: their instance left the group.").ro())
            .prop("failures", array(string()).ro()));

    private FarmSchemas() {
    }
}
