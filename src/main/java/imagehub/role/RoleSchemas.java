package imagehub.role;

import static imagehub.api.spec.Schema.bool;
import static imagehub.api.spec.Schema.dateTime;
import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.scopeName;
import static imagehub.api.spec.Schema.string;

import imagehub.api.spec.Definition;
import imagehub.image.ImageSchemas;

/** The Role and RoleImage objects of the API, as RoleApi reads and writes them. */
public final class RoleSchemas {
    public static final Definition ROLE_FOREIGN_KEY = Definition.of("RoleForeignKey", () -> properties()
            .prop("id", integer())
            .required("id").references(RoleSchemas.ROLE));
    public static final Definition ROLE_OS = Definition.of("RoleOs", () -> properties()
            .prop("id", string().describe("An OS id or an OS family."))
            .prop("family", string().describe("OS family.")));
    public static final Definition ROLE_DEPRECATION = Definition.of("RoleDeprecation", () -> properties()
            .describe("Since when a Role is deprecated and what replaces it.")
            .prop("since", dateTime().ro())
            .prop("replacement", ref(ROLE_FOREIGN_KEY).ro()));
    public static final Definition ROLE = Definition.of("Role", () -> properties()
            .prop("id", integer().ro())
            .prop("name", string().describe("The name of the Role."))
            .prop("description", string())
            .prop("category", string().describe("The name of the Role category."))
            .prop("os", ref(ROLE_OS))
            .prop("deprecated", bool().describe("Whether this Role is deprecated. PATCH true to deprecate it, false "
                    + "to undeprecate it."))
            .prop("deprecation", ref(ROLE_DEPRECATION).ro())
            .prop("scope", scopeName().ro())
            .prop("createdBy", string().ro())
            .prop("added", dateTime().ro())
            .required("name", "os")
            .createOnly("os"));
    public static final Definition ROLE_IMAGE = Definition.of("RoleImage", () -> properties()
            .describe("A Representation of a Role Image. Note that the `role` property is optional when POST-ing to "
                    + "a URL that already includes `{roleId}`.")
            .prop("role", ref(ROLE_FOREIGN_KEY))
            .prop("image", ref(ImageSchemas.IMAGE_FOREIGN_KEY))
            .prop("name", string().describe("The name of the Image.").ro())
            .prop("cloudPlatform", string().ro())
            .prop("cloudLocation", string().ro())
            .prop("cloudImageId", string().ro())
            .prop("scope", scopeName().ro())
            .required("image"));

    private RoleSchemas() {
    }
}
