package imagehub.credentials;

import imagehub.catalog.Platform;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A {@code cloud_credentials} row as stored, the secret still sealed. */
public record CredentialRow(
        long id,
        String scopeLevel,
        long scopeId,
        long accountId,
        String name,
        String platform,
        String accessKeyId,
        String secretSealed,
        String secretLast4,
        String roleArn,
        String endpoint,
        String defaultRegions,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {

    public static final String COLUMNS = """
            id, scope_level, scope_id, account_id, name, platform, access_key_id, secret_sealed, secret_last4, role_arn,
            endpoint, default_regions, created_by, created_at, updated_at""";

    public ScopeRef scope() {
        return new ScopeRef(ScopeLevel.valueOf(scopeLevel), scopeId);
    }

    public Platform cloudPlatform() {
        return Platform.find(platform).orElseThrow(() -> new IllegalStateException("unknown platform " + platform));
    }

    public Credential toCredential() {
        return new Credential(id, scope(), name, cloudPlatform(), accessKeyId, Credential.mask(secretLast4), roleArn,
                endpoint, regions(defaultRegions), createdBy, createdAt, updatedAt);
    }

    static String joinRegions(List<String> regions) {
        return String.join(",", regions);
    }

    static List<String> regions(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
