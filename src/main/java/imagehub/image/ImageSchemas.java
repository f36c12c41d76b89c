package imagehub.image;

import static imagehub.api.spec.Schema.array;
import static imagehub.api.spec.Schema.bool;
import static imagehub.api.spec.Schema.dateTime;
import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.object;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.scopeName;
import static imagehub.api.spec.Schema.string;
import static imagehub.api.spec.Schema.uuid;

import imagehub.api.spec.Definition;
import java.util.Arrays;

/** The Image, its OS catalog, usage and copy objects of the API, as ImageApi reads and writes them. */
public final class ImageSchemas {
    public static final Definition OS_FOREIGN_KEY = Definition.of("OsForeignKey", () -> properties()
            .prop("id", string().describe("An ID uniquely identifying this OS in Scalr."))
            .required("id").references(ImageSchemas.OS));
    public static final Definition OS = Definition.of("Os", () -> properties()
            .describe("An Operating System of the catalog; read-only.")
            .prop("id", string().describe("An ID uniquely identifying this OS in Scalr.").pattern("[A-Za-z0-9-]+").ro())
            .prop("name", string().describe("A human-readable name for this OS.").ro())
            .prop("family", string().describe("OS family.").ro())
            .prop("generation", string().ro())
            .prop("version", string().ro()));
    public static final Definition IMAGE_FOREIGN_KEY = Definition.of("ImageForeignKey", () -> properties()
            .prop("id", string())
            .required("id").references(ImageSchemas.IMAGE));
    public static final Definition IMAGE_DEPRECATION = Definition.of("ImageDeprecation", () -> properties()
            .describe("Why and since when an Image is deprecated (Imagehub).")
            .prop("reason", string().ro())
            .prop("since", dateTime().ro())
            .prop("due", dateTime().describe("When a scheduled deprecation takes effect.").ro())
            .prop("replacementImageId", string().ro()));
    public static final Definition IMAGE = Definition.of("Image", () -> properties()
            .prop("id", uuid().ro())
            .prop("name", string())
            .prop("description", string().describe("A free text description of this Image (Imagehub)."))
            .prop("cloudPlatform", string().describe("The Cloud Platform this resource resides in."))
            .prop("cloudLocation", string().describe("Cloud Location, inside a given Cloud Platform, for this "
                    + "resource. May be null if this resource does not have a specific location."))
            .prop("cloudImageId", string())
            .prop("architecture", string().enumOf("i386", "x86_64", "arm64"))
            .prop("os", ref(OS_FOREIGN_KEY))
            .prop("scalrAgentInstalled", bool().describe("Whether Scalarizr is installed on this Image."))
            .prop("cloudInitInstalled", bool().describe("Whether cloud-init is installed on this Image."))
            .prop("size", integer().describe("Size of the image in GB."))
            .prop("type", string().describe("(Only used on EC2 currently) Whether this Image is HVM or EBS."))
            .prop("deprecated", bool().describe("Whether this Image is deprecated. PATCH true to deprecate it, false "
                    + "to undeprecate it."))
            .prop("deprecation", ref(IMAGE_DEPRECATION).ro())
            .prop("scope", scopeName().ro())
            .prop("source", string().describe("Indicates how this Image was created.")
                    .enumOf(Arrays.stream(ImageSource.values()).map(ImageSource::id).toArray(String[]::new)).ro())
            .prop("status", string().describe("Current status for this Image: pending while the cloud makes it (a "
                    + "copy), failed when it could not (statusError says why), else active.")
                            .enumOf("active", "pending", "pending_delete", "failed").ro())
            .prop("statusError", string().describe("If the Image is in a failed state, this indicates why.").ro())
            .prop("added", dateTime().describe("Date and time at which this Image was created.").ro())
            .prop("lastUsed", dateTime().describe("Date and time at which this Image was last used.").ro())
            .prop("cloudCredentials", ref(ImageSchemas.CLOUD_CREDENTIALS_FOREIGN_KEY).describe("The stored cloud "
                    + "credentials to look the image up with, where the scope holds several for its platform "
                    + "(Imagehub)."))
            .prop("cloudCreated", dateTime().describe("When the cloud created the image (Imagehub).").ro())
            .prop("cloudOwnerId", string().describe("The cloud account that owns the image (Imagehub).").ro())
            .prop("copiedFrom", ref(IMAGE_FOREIGN_KEY).ro())
            .prop("missingInCloud", bool().describe("The cloud no longer holds this image (Imagehub).").ro())
            .prop("missingInCloudSince", dateTime().ro())
            .prop("cloudDeprecation", string().describe("How mirroring the deprecation into the cloud went, e.g. "
                    + "\"Not mirrored: the endpoint does not support it\" (Imagehub).").ro())
            .required("name", "cloudPlatform", "cloudImageId", "architecture", "os")
            .createOnly("cloudImageId",
                    "size",
                    "type",
                    "scalrAgentInstalled",
                    "cloudInitInstalled",
                    "cloudLocation",
                    "cloudPlatform",
                    "os",
                    "architecture",
                    "cloudCredentials"));
    public static final Definition IMAGE_USE = Definition.of("ImageUse", () -> properties()
            .describe("A Role or Image that uses an Image (Imagehub).")
            .prop("type", string().ro())
            .prop("id", string().ro())
            .prop("name", string().ro())
            .prop("scope", scopeName().ro())
            .prop("scopeId", integer().ro()));
    public static final Definition IMAGE_USAGE = Definition.of("ImageUsage", () -> properties()
            .describe("Where an Image is used (Imagehub). usedBy names the uses in scopes the caller can see; "
                    + "hiddenCount counts the others (hiddenByType: per type, e.g. role, farm). inUse counts both: "
                    + "an Image is deleted only when nothing uses it.")
            .prop("image", ref(IMAGE).ro())
            .prop("inUse", bool().ro())
            .prop("usedBy", array(ref(IMAGE_USE)).ro())
            .prop("hiddenCount", integer().ro())
            .prop("hiddenByType", object().additionalProperties(integer()).ro()));
    public static final Definition CLOUD_CREDENTIALS_FOREIGN_KEY = Definition.of("CloudCredentialsForeignKey", 
            () -> properties()
            .prop("id", integer())
            .required("id"));
    public static final Definition IMAGE_COPY_REQUEST = Definition.of("ImageCopyRequest", () -> properties()
            .prop("cloudLocation", string().describe("The region of the same cloud to copy the Image into."))
            .required("cloudLocation"));

    private ImageSchemas() {
    }
}
