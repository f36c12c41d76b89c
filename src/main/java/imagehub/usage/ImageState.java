package imagehub.usage;

import imagehub.core.ValidationException;
import java.util.Arrays;
import java.util.Locale;

/** Which servers the explorer lists by the state of their image. */
public enum ImageState {
    ANY, DEPRECATED, SUPERSEDED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code null} or blank is {@link #ANY}; anything unknown is refused. */
    public static ImageState of(String text) {
        if (text == null || text.isBlank()) {
            return ANY;
        }
        return Arrays.stream(values()).filter(s -> s.id().equals(text.strip())).findFirst()
                .orElseThrow(() -> ValidationException.of("imageState",
                        "Image state is deprecated, superseded or any, not '" + text + "'"));
    }
}
