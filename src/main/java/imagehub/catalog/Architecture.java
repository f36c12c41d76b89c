package imagehub.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** The CPU architectures an image can be built for. */
public enum Architecture {
    X86_64("x86_64"), ARM64("arm64");

    private final String id;

    Architecture(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public static Optional<Architecture> find(String id) {
        for (Architecture architecture : values()) {
            if (architecture.id.equals(id)) {
                return Optional.of(architecture);
            }
        }
        return Optional.empty();
    }
}
