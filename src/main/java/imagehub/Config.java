package imagehub;

import imagehub.db.DatabaseLogin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Imagehub reads from its environment, parsed once at start. {@link #from(Map)} is the only
 * way in, so tests configure the app exactly the way {@code main} does.
 */
public record Config(
        int port,
        Path dataDir,
        Optional<DatabaseLogin> externalDb,
        boolean demo,
        Optional<String> demoPassword,
        Optional<String> adminEmail,
        Optional<String> adminPassword,
        Optional<String> bootstrapApiKey,
        Optional<String> secretKey,
        Duration sandboxImageDelay,
        Duration scalerInterval,
        Duration operationsInterval,
        Duration taskPollInterval,
        Duration taskGrace,
        boolean scheduler) {

    public static Config from(Map<String, String> env) {
        return new Config(
                intValue(env, "IMAGEHUB_PORT", 8080, 0, 65535),
                Path.of(value(env, "IMAGEHUB_DATA_DIR").orElse("./data")).toAbsolutePath().normalize(),
                // An external MariaDB; with none, Imagehub starts its embedded one.
                value(env, "IMAGEHUB_DB_URL").map(url -> new DatabaseLogin(url,
                        value(env, "IMAGEHUB_DB_USER").orElse("imagehub"),
                        value(env, "IMAGEHUB_DB_PASSWORD").orElse(""))),
                booleanValue(env, "IMAGEHUB_DEMO", false),
                value(env, "IMAGEHUB_DEMO_PASSWORD"),
                value(env, "IMAGEHUB_ADMIN_EMAIL"),
                value(env, "IMAGEHUB_ADMIN_PASSWORD"),
                value(env, "IMAGEHUB_BOOTSTRAP_API_KEY"),
                value(env, "IMAGEHUB_SECRET_KEY"),
                Duration.ofMillis(intValue(env, "IMAGEHUB_SANDBOX_IMAGE_DELAY_MS", 3000, 0, 3_600_000)),
                Duration.ofMillis(intValue(env, "IMAGEHUB_SCALER_INTERVAL_MS", 5000, 100, 3_600_000)),
                Duration.ofMillis(intValue(env, "IMAGEHUB_OPERATIONS_INTERVAL_MS", 1000, 100, 3_600_000)),
                Duration.ofMillis(intValue(env, "IMAGEHUB_TASK_POLL_INTERVAL_MS", 10_000, 100, 3_600_000)),
                // A task slot missed while every node was down still runs at start when at most this late.
                Duration.ofMinutes(intValue(env, "IMAGEHUB_TASK_GRACE_MINUTES", 30, 0, 100_000)),
                // Off only for a node that must not run background work (and tests that need none of it).
                booleanValue(env, "IMAGEHUB_SCHEDULER", true));
    }

    private static Optional<String> value(Map<String, String> env, String key) {
        return Optional.ofNullable(env.get(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static boolean booleanValue(Map<String, String> env, String key, boolean fallback) {
        return value(env, key).map(v -> switch (v.toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new ConfigException(key + " must be true or false, got '" + v + "'");
        }).orElse(fallback);
    }

    private static int intValue(Map<String, String> env, String key, int fallback, int min, int max) {
        Optional<String> raw = value(env, key);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(raw.get());
            if (parsed < min || parsed > max) {
                throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + raw.get() + "'");
        }
    }

    /** A setting that cannot be used; the message names the variable. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
