package imagehub.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets stored in the database (API key secrets, cloud credentials) with AES-256-GCM. The key
 * comes from {@code IMAGEHUB_SECRET_KEY} (base64, 32 bytes; the same on every node) or, for a single
 * node, from {@code secret.key} in the data dir, created on first start.
 */
public final class Secrets {
    private static final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    private Secrets(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the secret key must be 32 bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    public static Secrets load(Optional<String> base64Key, Path dataDir) {
        if (base64Key.isPresent()) {
            return new Secrets(Base64.getDecoder().decode(base64Key.get()));
        }
        Path file = dataDir.resolve("secret.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] fresh = new byte[32];
                random.nextBytes(fresh);
                Path temp = Files.createTempFile(dataDir, "secret", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temp, Base64.getEncoder().encodeToString(fresh));
                try {
                    Files.move(temp, file);
                } catch (IOException raced) {
                    Files.deleteIfExists(temp);
                }
            }
            return new Secrets(Base64.getDecoder().decode(Files.readString(file).strip()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the secret key " + file + ": " + e.getMessage(), e);
        }
    }

    public String seal(String plain) {
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret", e);
        }
    }

    public String open(String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored secret cannot be opened with this key (was IMAGEHUB_SECRET_KEY changed?)", e);
        }
    }
}
