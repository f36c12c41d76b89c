package imagehub.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the CLI connects and as which key: a profile of {@code ~/.imagehub/config} or the environment.
 *
 * <p>The file is INI-like: {@code [name]} starts a profile, {@code key = value} lines set {@code url},
 * {@code key_id}, {@code secret} and optionally {@code scope} (such as {@code env:3}); {@code #} and {@code ;}
 * start comments. Without {@code --profile}, the profile is {@code IMAGEHUB_PROFILE} or {@code default}, and
 * {@code IMAGEHUB_URL}, {@code IMAGEHUB_KEY_ID}, {@code IMAGEHUB_SECRET} and {@code IMAGEHUB_SCOPE} override
 * its values one by one (no file is needed then). A profile named with {@code --profile} is taken as written.
 */
public record Profile(String name, URI url, String keyId, String secret, Optional<String> scope) {
    static final Path FILE = Path.of(".imagehub", "config");
    private static final List<String> KEYS = List.of("url", "key_id", "secret", "scope");
    private static final Map<String, String> VARIABLES = Map.of("url", "IMAGEHUB_URL", "key_id", "IMAGEHUB_KEY_ID",
            "secret", "IMAGEHUB_SECRET", "scope", "IMAGEHUB_SCOPE");

    /** The profile to use, or a {@link CliException} saying what is missing and where to set it. */
    static Profile resolve(Optional<String> chosen, Map<String, String> env, Path home, List<String> warnings) {
        Path file = home.resolve(FILE);
        String name = chosen.orElseGet(() -> env.getOrDefault("IMAGEHUB_PROFILE", "default"));
        Map<String, Map<String, String>> profiles = Files.isRegularFile(file) ? read(file, warnings) : Map.of();
        if (chosen.isPresent() && !profiles.containsKey(name)) {
            throw CliException.usage("No profile [" + name + "] in " + file);
        }
        Map<String, String> values = new LinkedHashMap<>(profiles.getOrDefault(name, Map.of()));
        if (chosen.isEmpty()) {
            VARIABLES.forEach((key, variable) -> Optional.ofNullable(env.get(variable)).filter(v -> !v.isBlank())
                    .ifPresent(value -> values.put(key, value.strip())));
        }
        for (String key : List.of("url", "key_id", "secret")) {
            if (!values.containsKey(key)) {
                throw CliException.usage("No " + key + " to connect with: set " + VARIABLES.get(key)
                        + " or put '" + key + " = ...' in profile [" + name + "] of " + file);
            }
        }
        URI url;
        try {
            url = URI.create(values.get("url").replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("The url of profile [" + name + "] is not a URL: " + values.get("url"));
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw CliException.usage("The url of profile [" + name + "] must be http(s)://host[:port]: " + url);
        }
        return new Profile(name, url, values.get("key_id"), values.get("secret"), Optional.ofNullable(values.get("scope")));
    }

    private static Map<String, Map<String, String>> read(Path file, List<String> warnings) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw CliException.usage("Cannot read " + file + ": " + e.getMessage());
        }
        warnIfOthersMayRead(file, warnings);
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = profiles.computeIfAbsent(line.substring(1, line.length() - 1).strip(), n -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq).strip();
            if (current == null || !KEYS.contains(key)) {
                throw CliException.usage(file + " line " + number + ": expected [profile] or one of "
                        + String.join(", ", KEYS) + " = value, got: " + line);
            }
            current.put(key, line.substring(eq + 1).strip());
        }
        return profiles;
    }

    private static void warnIfOthersMayRead(Path file, List<String> warnings) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                warnings.add(file + " holds secrets but others may read it: chmod 600 " + file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX permissions to check on this file system
        }
    }
}
