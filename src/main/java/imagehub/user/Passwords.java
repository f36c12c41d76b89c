package imagehub.user;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.security.SecureRandom;

/** bcrypt password hashing, and the rules a new password must meet. */
public final class Passwords {
    public static final int MIN_LENGTH = 10;
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
        return BCrypt.verifyer().verify(password.toCharArray(), hash == null ? DUMMY_HASH : hash).verified
                && hash != null;
    }

    /** Empty when acceptable, else why not. */
    public static java.util.Optional<String> problem(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return java.util.Optional.of("Use at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > 72) {
            return java.util.Optional.of("Use at most 72 characters");
        }
        return java.util.Optional.empty();
    }

    public static String generate() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
