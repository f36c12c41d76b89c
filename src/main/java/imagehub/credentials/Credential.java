package imagehub.credentials;

import imagehub.catalog.Platform;
import imagehub.core.ScopeRef;
import imagehub.scope.Scoped;
import java.time.Instant;
import java.util.List;

/**
 * Stored cloud credentials as anyone may be shown them: the secret only as {@code ****} and its last 4 characters.
 * Audit entries are written from this record, so they never hold the secret either.
 *
 * @param maskedSecret {@code ****} and the secret's last 4 characters
 * @param roleArn an IAM role (AWS) or RAM role (Alibaba) to assume, or null
 * @param endpoint a base URL replacing the cloud's public endpoints, or null
 */
public record Credential(
        long id,
        ScopeRef scope,
        String name,
        Platform platform,
        String accessKeyId,
        String maskedSecret,
        String roleArn,
        String endpoint,
        List<String> defaultRegions,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) implements Scoped {

    public Credential {
        defaultRegions = List.copyOf(defaultRegions);
    }

    public static String mask(String last4) {
        return "****" + last4;
    }
}
