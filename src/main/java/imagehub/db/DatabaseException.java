package imagehub.db;

/** The database could not be started, reached or migrated; the message says why. */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
