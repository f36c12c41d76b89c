package imagehub.cli;

import static imagehub.cli.CliScope.Level.ACCOUNT;
import static imagehub.cli.CliScope.Level.ENV;
import static imagehub.cli.Op.Type.BOOLEAN;
import static imagehub.cli.Op.Type.INTEGER;
import static imagehub.cli.Op.Type.LIST;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Every group of commands and the API route each command drives (see the served specs for the bodies). */
final class Groups {
    private Groups() {
    }

    /**
     * A group of commands about one kind of object, available at {@code levels}; {@code idField} is the dotted
     * path of an object's id in answers ({@code --quiet} prints it).
     */
    record Group(String name, String noun, String idField, String description, Set<CliScope.Level> levels,
            List<Op> ops) {
    }

    private static final Set<CliScope.Level> ALL = EnumSet.allOf(CliScope.Level.class);
    private static final Set<CliScope.Level> ENV_ONLY = EnumSet.of(ENV);

    static List<Group> all() {
        return List.of(images(), roles(), roleImages(), farms(), farmRoles(), servers(), usage(), replacements(),
                operations(), tasks(), credentials());
    }

    private static Group images() {
        String one = "/images/{imageId}/";
        return new Group("images", "image", "id", "Machine images in the catalog of a scope.", ALL, List.of(
                Op.list("list", "List the images of the scope (filters such as -f name=ubuntu -f cloudPlatform=ec2).",
                        "/images/", "id", "name", "cloudPlatform", "cloudLocation", "cloudImageId", "os.id", "scope",
                        "deprecated", "status"),
                Op.read("get", "Show one image.", one),
                Op.post("create", "Register an image that exists in the cloud at the scope.", "/images/")
                        .field("--name", "name", "The image's name in the catalog.")
                        .field("--description", "description", "Free text.")
                        .field("--platform", "cloudPlatform", "Cloud platform: ec2, aliyun or sandbox.")
                        .field("--location", "cloudLocation", "Region, such as us-east-1.")
                        .field("--cloud-image-id", "cloudImageId", "The cloud's id, such as ami-0123456789abcdef0.")
                        .field("--architecture", "architecture", "x86_64, arm64 or i386.")
                        .field("--os", "os.id", "Operating system id, such as ubuntu-22-04.")
                        .field("--size", "size", INTEGER, "Size in GB.")
                        .field("--agent-installed", "scalrAgentInstalled", BOOLEAN, "Whether the agent is installed.")
                        .field("--cloud-init-installed", "cloudInitInstalled", BOOLEAN, "Whether cloud-init is installed.")
                        .field("--credentials", "cloudCredentials.id", INTEGER, "Stored cloud credentials to look it up with."),
                Op.patch("update", "Change an image's name, description or deprecation.", one)
                        .field("--name", "name", "New name.")
                        .field("--description", "description", "New description.")
                        .field("--deprecated", "deprecated", BOOLEAN, "true deprecates, false undeprecates."),
                Op.delete("delete", "Remove an image from the catalog (refused while a role uses it).", one)
                        .query("--deregister", "deregister", BOOLEAN, "Also deregister it in the cloud."),
                Op.patch("deprecate", "Deprecate an image.", one).fixed("deprecated", true),
                Op.patch("undeprecate", "Take an image's deprecation back.", one).fixed("deprecated", false),
                Op.read("usage", "Show the roles and images that use an image.", one + "usage/"),
                Op.post("promote", "Move an image to the scope above its own.", one + "actions/promote/"),
                Op.post("copy", "Copy an image into another region of its cloud.", one + "actions/copy/")
                        .field("--location", "cloudLocation", "The region to copy into."),
                Op.post("publish", "Snapshot a server, register the image and put it into a role.",
                        "/images/actions/publish/").only(ENV)
                        .field("--server", "server.id", INTEGER, "The server to snapshot.")
                        .field("--role", "role.id", INTEGER, "The role to put the image into.")
                        .field("--location", "cloudLocation", "The role's location to put it in.")
                        .field("--image-name", "imageName", "Name of the new image.")
                        .field("--register-at", "registerAt", "environment or account (default account).")
                        .field("--deprecate-replaced", "deprecateReplaced", BOOLEAN, "Deprecate the image replaced.")
                        .waits(Waiter.Kind.EXECUTION)));
    }

    private static Group roles() {
        String one = "/roles/{roleId}/";
        return new Group("roles", "role", "id", "Roles: named server configurations with an image per cloud location.",
                ALL, List.of(
                Op.list("list", "List the roles of the scope.", "/roles/", "id", "name", "os.id", "category", "scope",
                        "deprecated"),
                Op.read("get", "Show one role.", one),
                Op.post("create", "Create a role at the scope.", "/roles/")
                        .field("--name", "name", "The role's name.")
                        .field("--os", "os.id", "An OS id or family, such as ubuntu.")
                        .field("--category", "category", "Category name.")
                        .field("--description", "description", "Free text."),
                Op.patch("update", "Change a role's name, description, category or deprecation.", one)
                        .field("--name", "name", "New name.")
                        .field("--description", "description", "New description.")
                        .field("--category", "category", "New category.")
                        .field("--deprecated", "deprecated", BOOLEAN, "true deprecates, false undeprecates."),
                Op.delete("delete", "Delete a role.", one),
                Op.post("deprecate", "Deprecate a role, optionally naming its replacement.", one + "actions/deprecate/")
                        .fixed("deprecate", true)
                        .field("--replacement", "replacement.id", INTEGER, "The role that replaces it."),
                Op.post("undeprecate", "Take a role's deprecation back.", one + "actions/deprecate/")
                        .fixed("deprecate", false),
                Op.post("clone", "Copy a role with its images.", one + "actions/clone/")
                        .field("--name", "name", "Name of the copy."),
                Op.post("promote", "Move an environment's role to its account, with its images.",
                        one + "actions/promote/")));
    }

    private static Group roleImages() {
        String one = "/roles/{roleId}/images/{imageId}/";
        return new Group("role-images", "role image", "image.id", "The image a role uses in each cloud location.", ALL, List.of(
                Op.list("list", "List the images of a role.", "/roles/{roleId}/images/", "image.id", "name",
                        "cloudPlatform", "cloudLocation", "cloudImageId", "scope"),
                Op.read("get", "Show the image a role uses, by image id.", one),
                Op.post("create", "Add an image to a role (one per platform and location).", "/roles/{roleId}/images/")
                        .field("--image", "image.id", "The image to add."),
                Op.delete("delete", "Remove an image from a role.", one),
                Op.post("replace", "Replace IMAGE_ID in role ROLE_ID with the image --new, in place.",
                        one + "actions/replace/")
                        .field("--new", "image.id", "The new image: same platform and location.")));
    }

    private static Group farms() {
        String one = "/farms/{farmId}/";
        return new Group("farms", "farm", "id", "Farms: groups of servers running roles (environments only).", ENV_ONLY,
                List.of(
                Op.list("list", "List the farms of the environment.", "/farms/", "id", "name", "status", "owner.email",
                        "description"),
                Op.read("get", "Show one farm.", one),
                Op.post("create", "Create a farm.", "/farms/")
                        .field("--name", "name", "The farm's name.")
                        .field("--description", "description", "Free text.")
                        .field("--owner", "owner.email", "Email of the owner (default: you)."),
                Op.patch("update", "Change a farm's name, description or owner.", one)
                        .field("--name", "name", "New name.")
                        .field("--description", "description", "New description.")
                        .field("--owner", "owner.email", "Email of the new owner."),
                Op.delete("delete", "Delete a terminated farm with its farm roles.", one),
                Op.post("launch", "Launch a farm: every farm role is brought to its minimum.", one + "actions/launch/"),
                Op.post("suspend", "Suspend a farm.", one + "actions/suspend/"),
                Op.post("resume", "Resume a suspended farm.", one + "actions/resume/"),
                Op.post("terminate", "Terminate a farm.", one + "actions/terminate/")
                        .field("--force", "force", BOOLEAN, "Skip the shutdown routines."),
                Op.post("sync", "Read the instances of the farm's scaling groups into its servers now.",
                        one + "actions/sync/")));
    }

    private static Group farmRoles() {
        String one = "/farm-roles/{farmRoleId}/";
        return new Group("farm-roles", "farm role", "id", "A role in one location of a farm, with its scaling.", ENV_ONLY,
                List.of(
                Op.list("list", "List the farm roles of a farm.", "/farms/{farmId}/farm-roles/", "id", "alias",
                        "role.id", "role.name", "cloudPlatform", "cloudLocation", "scaling.minInstances",
                        "scaling.maxInstances"),
                Op.read("get", "Show one farm role.", one),
                Op.post("create", "Add a role in one location to a farm.", "/farms/{farmId}/farm-roles/")
                        .field("--role", "role.id", INTEGER, "The role.")
                        .field("--alias", "alias", "Alias within the farm.")
                        .field("--platform", "cloudPlatform", "ec2, aliyun or sandbox.")
                        .field("--location", "cloudLocation", "Region.")
                        .field("--min", "scaling.minInstances", INTEGER, "Minimum number of servers.")
                        .field("--max", "scaling.maxInstances", INTEGER, "Maximum number of servers.")
                        .field("--scaling-group", "scalingGroup.id", "Bind to this existing cloud scaling group.")
                        .field("--credentials", "cloudCredentials.id", INTEGER, "Stored cloud credentials to act with."),
                Op.patch("update", "Change a farm role's scaling.", one)
                        .field("--min", "scaling.minInstances", INTEGER, "Minimum number of servers.")
                        .field("--max", "scaling.maxInstances", INTEGER, "Maximum number of servers."),
                Op.delete("delete", "Delete a farm role that has no active servers.", one),
                Op.post("sync-image", "Write the role's image into the bound scaling group again.",
                        one + "actions/sync-image/")));
    }

    private static Group servers() {
        return new Group("servers", "server", "id", "The active servers of an environment.", ENV_ONLY, List.of(
                Op.list("list", "List the active servers (filters: farm, farmRole, status, imageId, cloudServerId).",
                        "/servers/", "id", "cloudServerId", "farm.id", "farmRole.id", "image.name", "status",
                        "cloudLocation", "launched"),
                Op.read("get", "Show one server.", "/servers/{serverId}/"),
                Op.post("create", "Launch a server for a farm role.", "/servers/")
                        .field("--farm-role", "farmRole.id", INTEGER, "The farm role to launch it for."),
                Op.post("terminate", "Terminate a server; in a running farm the scaler replaces it.",
                        "/servers/{serverId}/actions/terminate/")
                        .field("--force", "force", BOOLEAN, "Terminate at once.")));
    }

    private static Group usage() {
        return new Group("usage", "usage", "id", "Which servers run which images, and how fresh the fleet is.", ALL, List.of(
                Op.list("servers", "List active servers with the state of their image (filters: imageState, "
                        + "olderThanDays, imageId, farmId).", "/usage/servers/", "id", "cloudServerId", "envName",
                        "farmName", "farmRoleAlias", "image.name", "imageDeprecated", "imageSuperseded", "launched"),
                Op.read("freshness", "Show the share of servers on their role's current image, now and per day.",
                        "/usage/freshness/")));
    }

    private static Group replacements() {
        String replace = "/images/{imageId}/actions/replace/";
        return new Group("replacements", "replacement", "id",
                "Replace an image everywhere it is used, see what it did, and roll it back.", ALL, List.of(
                Op.list("list", "List the replacements made at the scope, newest first.", "/replacements/", "id",
                        "oldImage.name", "newImage.name", "cloudLocation", "deprecatedOldImage", "rolledBack",
                        "createdBy", "added"),
                Op.read("get", "Show one replacement with the roles it changed.", "/replacements/{replacementId}/"),
                replaceOp(Op.post("preview", "Show which roles replacing IMAGE_ID with --new would change, changing nothing.",
                        replace).fixed("dryRun", true)),
                replaceOp(Op.post("apply", "Replace IMAGE_ID with --new in every role you manage that uses it.", replace))
                        .columns("id", "name", "scope", "accountId", "envId"),
                Op.post("rollback", "Give every role the replacement changed its old image again.",
                        "/replacements/{replacementId}/actions/rollback/")));
    }

    private static Op replaceOp(Op op) {
        return op.field("--new", "newImage.id", "The new image.")
                .field("--deprecate-old", "deprecateOldImage", BOOLEAN, "Deprecate the old image too.")
                .field("--in", "scope", LIST, "Only roles of these scopes: scalr, account, environment.")
                .field("--reason", "reason", "Why, for the audit log.");
    }

    private static Group operations() {
        String one = "/operations/{operationId}/";
        return new Group("operations", "operation", "id", "Server operations: replace stale servers in batches.", ENV_ONLY,
                List.of(
                Op.list("list", "List the operations of the environment, newest first.", "/operations/", "id", "kind",
                        "status", "progress", "replaced", "total", "target.type", "target.name", "created"),
                Op.read("get", "Show one operation with its progress.", one),
                Op.post("create", "Start replacing the stale servers of a farm, a farm role or an old image.",
                        "/usage/actions/replace-servers/")
                        .field("--farm", "farm.id", INTEGER, "Replace the stale servers of this farm.")
                        .field("--farm-role", "farmRole.id", INTEGER, "Replace the stale servers of this farm role.")
                        .field("--image", "image.id", "Replace the servers on this old image.")
                        .field("--batch-size", "batchSize", INTEGER, "Servers terminated at once, 1 to 50.")
                        .field("--pause", "pauseSeconds", INTEGER, "Seconds between batches.")
                        .field("--min-healthy", "minHealthyPercent", INTEGER, "Share of a scaling group kept in service.")
                        .waits(Waiter.Kind.OPERATION),
                Op.post("cancel", "Cancel a running operation.", one + "actions/cancel/"),
                Op.read("wait", "Wait until an operation ends, showing its progress.", one)
                        .waitsAlways(Waiter.Kind.OPERATION)));
    }

    private static Group tasks() {
        String one = "/image-update-tasks/{taskId}/";
        String run = "/image-update-task-executions/{executionId}/";
        return new Group("tasks", "task", "id", "Image update tasks: snapshot a server and roll the image into roles.",
                ENV_ONLY, List.of(
                Op.list("list", "List the image update tasks of the environment.", "/image-update-tasks/", "id", "name",
                        "status", "imageName", "registerAt", "timing.type", "lastExecution.status"),
                Op.read("get", "Show a task with its next runs and last run.", one),
                taskFields(Op.post("create", "Create a task (targets and timing with --set or --stdin).",
                        "/image-update-tasks/")),
                taskFields(Op.patch("update", "Change a task; what you leave out stays.", one)),
                Op.delete("delete", "Delete a task; its runs stay in the history.", one),
                Op.post("run", "Run a task once now.", one + "actions/run/").waits(Waiter.Kind.EXECUTION),
                Op.post("pause", "Pause a task's schedule.", one + "actions/pause/"),
                Op.post("resume", "Resume a task's schedule.", one + "actions/resume/"),
                Op.list("executions", "List the runs of a task, newest first.", one + "executions/", "id", "status",
                        "image.name", "started", "finished", "cause"),
                Op.read("execution", "Show one run with its steps.", run),
                Op.post("cancel-execution", "Cancel a run.", run + "actions/cancel/"),
                Op.read("wait", "Wait until a run ends, showing its steps.", run).waitsAlways(Waiter.Kind.EXECUTION)));
    }

    private static Op taskFields(Op op) {
        return op.field("--name", "name", "The task's name.")
                .field("--source-server", "sourceServer.id", INTEGER, "The server to snapshot.")
                .field("--image-name", "imageName", "Name of the images it makes.")
                .field("--register-at", "registerAt", "environment or account.")
                .field("--deprecate-replaced", "deprecateReplaced", BOOLEAN, "Deprecate the images it replaces.")
                .field("--run-as", "runAs.id", INTEGER, "Service account scheduled runs act as.");
    }

    private static Group credentials() {
        String one = "/cloud-credentials/{credentialsId}/";
        return new Group("credentials", "credentials", "id",
                "Cloud credentials of an account or environment; give the secret in the --stdin body "
                        + "({\"secretAccessKey\": ...}) so it stays out of the process list.",
                EnumSet.of(ENV, ACCOUNT), List.of(
                Op.list("list", "List the cloud credentials (secrets masked).", "/cloud-credentials/", "id", "name",
                        "cloudPlatform", "accessKeyId", "scope", "defaultRegions"),
                Op.read("get", "Show cloud credentials (secret masked).", one),
                credentialFields(Op.post("create", "Store cloud credentials.", "/cloud-credentials/")
                        .field("--platform", "cloudPlatform", "ec2 or aliyun.")),
                credentialFields(Op.patch("update", "Change cloud credentials; without a secret the stored one stays.",
                        one)),
                Op.delete("delete", "Delete cloud credentials no farm role uses.", one),
                Op.post("test", "Test the credentials read-only against the cloud.", one + "actions/test/")
                        .field("--location", "cloudLocation", "The region to test in.")));
    }

    private static Op credentialFields(Op op) {
        return op.field("--name", "name", "Unique within the scope.")
                .field("--access-key-id", "accessKeyId", "AWS access key id or Alibaba AccessKey id.")
                .field("--role-arn", "roleArn", "Role to assume.")
                .field("--endpoint", "endpoint", "Base URL replacing the public endpoints.")
                .field("--default-regions", "defaultRegions", LIST, "Regions to use by default, comma-separated.");
    }
}
