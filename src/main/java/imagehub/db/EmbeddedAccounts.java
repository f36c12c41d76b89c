package imagehub.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts of the embedded MariaDB: root, and the app's own user with rights on its schema only.
 * Both passwords are generated on the first start and kept in the data dir, readable by its owner only;
 * every start applies them again, so deleting a file and restarting sets a new password.
 */
final class EmbeddedAccounts {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedAccounts.class);

    static final String ROOT = "root";
    static final String APP_USER = "imagehub";
    static final String SCHEMA = "imagehub";
    /** Clients connect over TCP from 127.0.0.1; with {@code --skip-name-resolve} only this host matches them. */
    static final String HOST = "127.0.0.1";
    static final String ROOT_PASSWORD_FILE = "db-root.password";
    static final String APP_PASSWORD_FILE = "db-imagehub.password";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9_-]{16,}");
    private static final Pattern CREATE_TRIGGER = Pattern.compile("^\\s*CREATE\\s+DEFINER\\s*=\\s*\\S+\\s+TRIGGER\\b",
            Pattern.CASE_INSENSITIVE);
    /** The owner MariaDB records for a trigger created under {@code --skip-grant-tables}, as earlier versions ran. */
    private static final String NO_DEFINER = "@";

    final String rootPassword;
    final String appPassword;

    private EmbeddedAccounts(String rootPassword, String appPassword) {
        this.rootPassword = rootPassword;
        this.appPassword = appPassword;
    }

    static EmbeddedAccounts load(Path root) {
        return new EmbeddedAccounts(secret(root.resolve(ROOT_PASSWORD_FILE)), secret(root.resolve(APP_PASSWORD_FILE)));
    }

    /**
     * Writes the statements mariadbd runs from {@code --init-file} before it accepts any connection: root
     * gets its password, over TCP too. A data dir first used without grant tables (root with no password
     * over the socket only) is brought to the same state.
     */
    void writeInitFile(Path file) throws IOException {
        String root = "'" + ROOT + "'@'" + HOST + "'";
        String password = " IDENTIFIED BY '" + rootPassword + "'";
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(file, String.join("\n",
                "CREATE USER IF NOT EXISTS " + root + password + ";",
                "ALTER USER " + root + password + ";",
                "GRANT ALL PRIVILEGES ON *.* TO " + root + " WITH GRANT OPTION;",
                "ALTER USER IF EXISTS '" + ROOT + "'@'localhost'" + password + ";",
                ""));
    }

    /**
     * As root on {@code serverUrl}: the app's schema and user, no anonymous accounts nor rights granted to
     * every account, and triggers that were created without grant tables re-created with the app user as
     * their owner (MariaDB refuses to run a trigger whose owner does not exist).
     */
    void secure(String serverUrl) {
        String app = "'" + APP_USER + "'@'" + HOST + "'";
        try (Connection connection = DriverManager.getConnection(serverUrl, ROOT, rootPassword);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + SCHEMA
                    + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            statement.execute("USE `" + SCHEMA + "`"); // the triggers' statements name their tables unqualified
            statement.execute("CREATE USER IF NOT EXISTS " + app + " IDENTIFIED BY '" + appPassword + "'");
            statement.execute("ALTER USER " + app + " IDENTIFIED BY '" + appPassword + "'");
            statement.execute("GRANT ALL PRIVILEGES ON `" + SCHEMA + "`.* TO " + app);
            for (String host : column(statement, "SELECT Host FROM mysql.user WHERE User = ''")) {
                statement.execute("DROP USER ''@" + quote(host));
                log.info("Dropped the anonymous MariaDB account ''@{}", host);
            }
            // The installer lets every account (role PUBLIC) create and use databases named test or test_*.
            for (String database : column(statement, "SELECT Db FROM mysql.db WHERE User = 'PUBLIC'"
                    + " AND Db IN ('test', 'test\\\\_%')")) {
                statement.execute("REVOKE ALL PRIVILEGES ON `" + database + "`.* FROM PUBLIC");
                log.info("Revoked the rights of every account (PUBLIC) on databases named {}", database);
            }
            adoptTriggers(connection, statement);
        } catch (SQLException e) {
            throw new DatabaseException("Could not set up the accounts of the embedded MariaDB: " + e.getMessage(), e);
        }
    }

    /** Re-creates the ownerless triggers in their order (each goes to the end of its table's list). */
    private static void adoptTriggers(Connection connection, Statement statement) throws SQLException {
        List<String> names = column(statement, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS"
                + " WHERE TRIGGER_SCHEMA = " + quote(SCHEMA) + " AND DEFINER = " + quote(NO_DEFINER)
                + " ORDER BY EVENT_OBJECT_TABLE, EVENT_MANIPULATION, ACTION_TIMING, ACTION_ORDER");
        for (String name : names) {
            String sqlMode;
            String original;
            try (var rows = statement.executeQuery("SHOW CREATE TRIGGER `" + SCHEMA + "`.`" + name + "`")) {
                rows.next();
                sqlMode = rows.getString("sql_mode");
                original = rows.getString("SQL Original Statement");
            }
            var create = CREATE_TRIGGER.matcher(original);
            if (!create.find()) {
                throw new SQLException("Trigger " + name + " has an unexpected definition: " + original);
            }
            try (var mode = connection.prepareStatement("SET SESSION sql_mode = ?")) {
                mode.setString(1, sqlMode);
                mode.execute();
            }
            statement.execute("CREATE OR REPLACE DEFINER=`" + APP_USER + "`@`" + HOST + "` TRIGGER"
                    + original.substring(create.end()));
            log.info("Trigger {} had no owner (created without grant tables); re-created it owned by {}@{}",
                    name, APP_USER, HOST);
        }
    }

    private static List<String> column(Statement statement, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (var rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The password kept in {@code file}, generated into a new owner-only file when there is none yet. */
    private static String secret(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                Path fresh = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".new",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.writeString(fresh, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
                Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
                log.info("Generated a new MariaDB password in {}", file);
            }
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            String secret = Files.readString(file).strip();
            if (!PASSWORD.matcher(secret).matches()) {
                throw new DatabaseException(file + " must hold one password of at least 16 letters, digits, '-' or '_'",
                        null);
            }
            return secret;
        } catch (IOException e) {
            throw new DatabaseException("Could not read or create " + file + ": " + e.getMessage(), e);
        }
    }
}
