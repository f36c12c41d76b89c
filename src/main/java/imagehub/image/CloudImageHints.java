package imagehub.image;

import imagehub.catalog.OperatingSystem;
import imagehub.provider.CloudProvider.CloudImage;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** What a cloud's description of an image suggests for registering it: a name and the operating system. */
final class CloudImageHints {
    /** Words clouds use for an OS family other than the catalog's family id. */
    private static final Map<String, List<String>> FAMILY_WORDS = Map.of(
            "amazonlinux", List.of("amazonlinux", "amazon-linux", "amzn", "al2023", "al2"),
            "alinux", List.of("alinux", "aliyun-linux", "alibaba-cloud-linux", "aliyun_"),
            "rhel", List.of("rhel", "red-hat", "redhat"),
            "windows", List.of("windows", "win"));

    private CloudImageHints() {
    }

    /** The cloud's name as an Imagehub name: lower-case words and digits joined by hyphens; "" when none. */
    static String suggestName(CloudImage image) {
        String source = image.name() == null || image.name().isBlank() ? image.cloudImageId() : image.name();
        String name = source.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (name.length() > ImageNaming.MAX_NAME) {
            name = name.substring(0, ImageNaming.MAX_NAME).replaceAll("-+$", "");
        }
        return name;
    }

    /**
     * The catalog OS the cloud's name and description point at (family and version both named), the most specific
     * first; empty when they name none.
     */
    static Optional<String> guessOs(CloudImage image) {
        String text = ((image.name() == null ? "" : image.name()) + " " + (image.description() == null ? ""
                : image.description())).toLowerCase(Locale.ROOT).replace(' ', '-');
        return OperatingSystem.CATALOG.stream()
                .filter(os -> namesFamily(text, os.family()) && namesVersion(text, os.version()))
                .max(Comparator.comparingInt(os -> os.version().length()))
                .map(OperatingSystem::id);
    }

    private static boolean namesFamily(String text, String family) {
        return FAMILY_WORDS.getOrDefault(family, List.of(family)).stream().anyMatch(text::contains);
    }

    private static boolean namesVersion(String text, String version) {
        String digits = Pattern.quote(version).replace(".", "\\E[._-]?\\Q");
        return Pattern.compile("(?<![0-9])" + digits + "(?![0-9])").matcher(text).find();
    }
}
