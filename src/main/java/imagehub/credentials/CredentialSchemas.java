package imagehub.credentials;

import static imagehub.api.spec.Schema.array;
import static imagehub.api.spec.Schema.bool;
import static imagehub.api.spec.Schema.dateTime;
import static imagehub.api.spec.Schema.integer;
import static imagehub.api.spec.Schema.properties;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.scopeName;
import static imagehub.api.spec.Schema.string;

import imagehub.api.spec.Definition;

/** The Cloud Credentials objects of the API, as CredentialApi reads and writes them. */
public final class CredentialSchemas {
    public static final Definition CLOUD_CREDENTIALS = Definition.of("CloudCredentials", () -> properties()
            .describe("Credentials for a real cloud, of an account (usable by its environments) or of one "
                    + "environment (Imagehub). The secret is write-only: answers show **** and its last 4 characters.")
            .prop("id", integer().ro())
            .prop("name", string().describe("Unique within the scope that defines them; 1 to 64 characters."))
            .prop("cloudPlatform", string().describe("Fixed once created.").enumOf("ec2", "aliyun"))
            .prop("accessKeyId", string().describe("The AWS access key id or Alibaba Cloud AccessKey id."))
            .prop("secretAccessKey", string().describe("Write-only: answered as **** and the last 4 characters. On "
                    + "PATCH, leave it out (or blank) to keep the stored secret."))
            .prop("roleArn", string().describe("An IAM role (arn:aws:iam::<account>:role/...) or RAM role "
                    + "(acs:ram::<account>:role/...) to assume; optional."))
            .prop("endpoint", string().describe("A base URL replacing the public endpoints (private endpoints, "
                    + "sovereign regions, emulators); optional."))
            .prop("defaultRegions", array(string()).describe("Regions of the platform to use by default."))
            .prop("scope", scopeName().describe("Where the credentials are defined; an environment's list shows its "
                    + "account's credentials too (changed only at the account).").ro())
            .prop("createdBy", string().ro())
            .prop("added", dateTime().ro())
            .prop("lastModified", dateTime().ro())
            .required("name", "cloudPlatform", "accessKeyId", "secretAccessKey"));
    public static final Definition CONNECTION_CHECK = Definition.of("ConnectionCheck", () -> properties()
            .prop("name", string().describe("What was tried, e.g. List images.").ro())
            .prop("ok", bool().ro())
            .prop("message", string().describe("What works or what is denied, in plain words.").ro()));
    public static final Definition CONNECTION_TEST = Definition.of("ConnectionTest", () -> properties()
            .describe("What a connection test found (Imagehub).")
            .prop("ok", bool().describe("Whether every check passed.").ro())
            .prop("cloudLocation", string().describe("The region tested.").ro())
            .prop("checks", array(ref(CONNECTION_CHECK)).ro()));

    private CredentialSchemas() {
    }
}
