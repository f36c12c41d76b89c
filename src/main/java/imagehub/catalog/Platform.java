package imagehub.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * The clouds Imagehub knows, by name. Each one's regions, image id format and calls live in its module under
 * {@code imagehub.provider} (see {@code provider.Clouds}).
 */
public enum Platform {
    EC2("ec2", "Amazon EC2"),
    ALIYUN("aliyun", "Alibaba Cloud ECS"),
    SANDBOX("sandbox", "Sandbox (local demo cloud)");

    private final String id;
    private final String label;

    Platform(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The name used in URLs, the API and the database: {@code ec2}, {@code aliyun}, {@code sandbox}. */
    @JsonValue
    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public static Optional<Platform> find(String id) {
        for (Platform platform : values()) {
            if (platform.id.equals(id)) {
                return Optional.of(platform);
            }
        }
        return Optional.empty();
    }
}
