package imagehub.image;

import imagehub.catalog.Architecture;
import imagehub.catalog.Platform;
import imagehub.core.ScopeLevel;
import imagehub.core.ValidationException;

/** What an image list is narrowed to and how it is ordered; null filters match everything. */
public record ImageFilter(Platform platform, String location, String osId, Architecture architecture, Boolean deprecated,
        String text, ImageSort sort, boolean descending, Exact exact) {

    public ImageFilter(Platform platform, String location, String osId, Architecture architecture, Boolean deprecated,
            String text, ImageSort sort, boolean descending) {
        this(platform, location, osId, architecture, deprecated, text, sort, descending, Exact.ANY);
    }

    /**
     * The exact matches of the API's filters (Scalr's) beyond the portal's: the image id, the whole name, the scope it
     * is defined at, the cloud's image id, how it came, its cloud status and the agents it has. Null matches all.
     */
    public record Exact(String id, String name, ScopeLevel scope, String cloudImageId, ImageSource source,
            CloudState status, Boolean agentInstalled, Boolean cloudInitInstalled) {
        public static final Exact ANY = new Exact(null, null, null, null, null, null, null, null);
    }

    public ImageFilter with(Exact matches) {
        return new ImageFilter(platform, location, osId, architecture, deprecated, text, sort, descending, matches);
    }

    /**
     * A filter from request parameters, as the page and the API receive them; blank means "any".
     * {@code deprecated} is {@code "true"}, {@code "false"} or blank; {@code direction} {@code "asc"} or {@code "desc"}.
     */
    public static ImageFilter of(String platform, String location, String osId, String architecture, String deprecated,
            String text, String sort, String direction) {
        ValidationException.Collector errors = new ValidationException.Collector();
        Platform p = blank(platform) ? null : Platform.find(platform).orElse(null);
        if (!blank(platform) && p == null) {
            errors.add("platform", "Unknown platform " + platform);
        }
        Architecture a = blank(architecture) ? null : Architecture.find(architecture).orElse(null);
        if (!blank(architecture) && a == null) {
            errors.add("architecture", "Architecture is x86_64 or arm64");
        }
        if (!blank(deprecated) && !deprecated.equals("true") && !deprecated.equals("false")) {
            errors.add("deprecated", "Deprecated is true or false");
        }
        ImageSort s = blank(sort) ? ImageSort.NAME : ImageSort.find(sort).orElse(null);
        if (s == null) {
            errors.add("sort", "Sort by name, created, platform or os");
        }
        if (!blank(direction) && !direction.equals("asc") && !direction.equals("desc")) {
            errors.add("dir", "Direction is asc or desc");
        }
        errors.throwIfAny();
        return new ImageFilter(p, blank(location) ? null : location.strip(), blank(osId) ? null : osId.strip(), a,
                blank(deprecated) ? null : Boolean.valueOf(deprecated), blank(text) ? null : text.strip(), s,
                "desc".equals(direction));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
