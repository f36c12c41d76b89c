package imagehub.user;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.security.SecureRandom;

/** bcrypt password hashing, and the rules a new password must meet. */
public final class Passwords {
    public static final int MIN_LENGTH = 10;
    /** bcrypt's limit, in UTF-8 bytes. */
    private static final int MAX_BYTES = 72;
    private static final int COST = 11;
    private static final SecureRandom random = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    // Compared against when the email is unknown, so a wrong email costs as much time as a wrong password.
    private static final String DUMMY_HASH = hash("not-a-real-password");

    private Passwords() {
    }

    public static String hash(String password) {
        return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
    }

    public static boolean matches(String password, String hash) {
        // bcrypt reads at most 72 bytes and the library refuses more, so a longer password matches nothing;
        // it is still checked (against the dummy) so that answering takes as long as for any other.
        boolean hashable = bytes(password) <= MAX_BYTES;
        return BCrypt.verifyer().verify((hashable ? password : "").toCharArray(),
                hash == null || !hashable ? DUMMY_HASH : hash).verified && hash != null && hashable;
    }

    /** Empty when acceptable, else why not. */
    public static java.util.Optional<String> problem(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return java.util.Optional.of("Use at least " + MIN_LENGTH + " characters");
        }
        if (bytes(password) > MAX_BYTES) {
            return java.util.Optional.of("Use at most " + MAX_BYTES + " characters (fewer with accents or symbols)");
        }
        return java.util.Optional.empty();
    }

    private static int bytes(String password) {
        return password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    public static String generate() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
