package imagehub.provider;

import imagehub.catalog.Platform;
import java.time.Instant;

/**
 * Stored cloud credentials, unsealed, as a module needs them to connect: held in memory only and never logged
 * ({@link #toString()} hides the secret). {@code updatedAt} keys the provider cache, so an edit takes effect at once.
 *
 * @param roleArn an IAM role (AWS) or RAM role (Alibaba) to assume, or null
 * @param endpoint a base URL replacing the public endpoints (private endpoints, sovereign regions, emulators), or null
 */
public record CloudCredentials(long id, Platform platform, String accessKeyId, String secret, String roleArn,
        String endpoint, Instant updatedAt) {

    @Override
    public String toString() {
        return "CloudCredentials[id=" + id + ", platform=" + platform.id() + ", accessKeyId=" + accessKeyId
                + ", secret=****, roleArn=" + roleArn + ", endpoint=" + endpoint + "]";
    }
}
