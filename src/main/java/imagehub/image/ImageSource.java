package imagehub.image;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** How an image came to be at its scope. */
public enum ImageSource {
    REGISTERED("registered"), CREATED_FROM_SERVER("created-from-server"), UPDATE_TASK("update-task"),
    PROMOTED("promoted"), COPIED("copied");

    private final String id;

    ImageSource(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public static Optional<ImageSource> find(String id) {
        for (ImageSource source : values()) {
            if (source.id.equals(id)) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }
}
