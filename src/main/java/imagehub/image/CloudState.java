package imagehub.image;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** Whether the cloud has finished making a registered image: a copy stays pending until the cloud says. */
public enum CloudState {
    PENDING("pending"),
    AVAILABLE("available"),
    FAILED("failed");

    private final String id;

    CloudState(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public static Optional<CloudState> find(String id) {
        for (CloudState state : values()) {
            if (state.id.equals(id)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
