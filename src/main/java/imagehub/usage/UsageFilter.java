package imagehub.usage;

import imagehub.core.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the explorer narrows the active servers of a scope to. Every field but {@code imageState} may be
 * null (no condition). The same filter drives the page, the CSV export and the API.
 */
public record UsageFilter(ImageState imageState, Integer olderThanDays, String imageId, Long farmId, Long envId,
        String owner) {
    /** The query parameters of the page and the CSV export, in the order links write them. */
    public static final java.util.List<String> PARAMS = java.util.List.of("imageState", "olderThanDays", "imageId",
            "farmId", "envId", "owner");
    public static final int MAX_DAYS = 36_500;
    private static final Pattern IMAGE_ID = Pattern.compile("^[A-Fa-f0-9-]{36}$");

    public UsageFilter {
        imageState = imageState == null ? ImageState.ANY : imageState;
    }

    public static UsageFilter none() {
        return new UsageFilter(ImageState.ANY, null, null, null, null, null);
    }

    public UsageFilter withImageState(ImageState state) {
        return new UsageFilter(state, olderThanDays, imageId, farmId, envId, owner);
    }

    public UsageFilter withFarm(long farm) {
        return new UsageFilter(imageState, olderThanDays, imageId, farm, envId, owner);
    }

    public UsageFilter withImage(String image) {
        return new UsageFilter(imageState, olderThanDays, image, farmId, envId, owner);
    }

    public UsageFilter withOwner(String ownerEmail) {
        return new UsageFilter(imageState, olderThanDays, imageId, farmId, envId, ownerEmail);
    }

    /** Parses text parameters (blank means no condition); a bad value is refused with its field. */
    public static UsageFilter of(Map<String, String> params) {
        ValidationException.Collector errors = new ValidationException.Collector();
        ImageState state = ImageState.ANY;
        try {
            state = ImageState.of(params.get("imageState"));
        } catch (ValidationException e) {
            errors.add("imageState", e.getMessage());
        }
        Integer days = number(errors, params, "olderThanDays", "Older than is a number of days from 0 to " + MAX_DAYS,
                MAX_DAYS).map(Long::intValue).orElse(null);
        String imageId = blankToNull(params.get("imageId"));
        if (imageId != null && !IMAGE_ID.matcher(imageId).matches()) {
            errors.add("imageId", "Image id is an Imagehub image id (36 characters)");
        }
        Long farmId = number(errors, params, "farmId", "Farm id is a number", Long.MAX_VALUE).orElse(null);
        Long envId = number(errors, params, "envId", "Environment id is a number", Long.MAX_VALUE).orElse(null);
        errors.throwIfAny();
        return new UsageFilter(state, days, imageId, farmId, envId, blankToNull(params.get("owner")));
    }

    /** The non-empty parameters of this filter, for links and forms. */
    public Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        if (imageState != ImageState.ANY) {
            params.put("imageState", imageState.id());
        }
        if (olderThanDays != null) {
            params.put("olderThanDays", olderThanDays.toString());
        }
        if (imageId != null) {
            params.put("imageId", imageId);
        }
        if (farmId != null) {
            params.put("farmId", farmId.toString());
        }
        if (envId != null) {
            params.put("envId", envId.toString());
        }
        if (owner != null) {
            params.put("owner", owner);
        }
        return params;
    }

    private static java.util.Optional<Long> number(ValidationException.Collector errors, Map<String, String> params,
            String name, String message, long max) {
        String text = blankToNull(params.get(name));
        if (text == null) {
            return java.util.Optional.empty();
        }
        try {
            long value = Long.parseLong(text);
            if (value < 0 || value > max) {
                errors.add(name, message);
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(value);
        } catch (NumberFormatException e) {
            errors.add(name, message);
            return java.util.Optional.empty();
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
