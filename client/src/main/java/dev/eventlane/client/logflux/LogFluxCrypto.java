package dev.eventlane.client.logflux;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * LogFlux's end-to-end encryption (encryption mode 1), exactly as its reference's Python example does it: a 32-byte
 * key derived from the secret by PBKDF2-HMAC-SHA256 with 600,000 iterations and a random 32-byte salt; AES-256-GCM
 * with a random 12-byte IV and the 16-byte tag appended to the ciphertext; payload, IV and salt base64-encoded.
 * The server only ever stores what {@link #encrypt} returns; only a holder of the secret can {@link #decrypt} it.
 */
public final class LogFluxCrypto {

    public static final int ITERATIONS = 600_000;
    public static final int KEY_BITS = 256;
    public static final int SALT_BYTES = 32;
    public static final int IV_BYTES = 12;
    public static final int TAG_BITS = 128;

    private static final SecureRandom RANDOM = new SecureRandom();

    private LogFluxCrypto() {
    }

    /** A sealed message as LogFlux's API carries it: base64 of ciphertext-and-tag, of the IV and of the salt. */
    public record Sealed(String payload, String iv, String salt) {
    }

    /** Seals {@code message} with a fresh random salt and IV. */
    public static Sealed encrypt(String message, String secret) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(iv);
        return encrypt(message, secret, salt, iv);
    }

    /** Seals {@code message} with the given salt and IV (never reuse an IV with the same key). */
    public static Sealed encrypt(String message, String secret, byte[] salt, byte[] iv) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(secret, salt), new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(message.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder base64 = Base64.getEncoder();
            return new Sealed(base64.encodeToString(sealed), base64.encodeToString(iv), base64.encodeToString(salt));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is part of every JDK", e);
        }
    }

    /**
     * A sealer for many messages: the key is derived once (the slow part, PBKDF2) with one random salt, and every
     * message gets a fresh random IV, so sealing a message costs microseconds. Thread-safe.
     */
    public static Sealer sealer(String secret) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        try {
            return new Sealer(key(secret, salt), salt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }

    /** Seals messages with one derived key; see {@link #sealer(String)}. */
    public static final class Sealer {

        private final SecretKeySpec key;
        private final String salt;

        private Sealer(SecretKeySpec key, byte[] salt) {
            this.key = key;
            this.salt = Base64.getEncoder().encodeToString(salt);
        }

        public Sealed seal(String message) {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
                byte[] sealed = cipher.doFinal(message.getBytes(StandardCharsets.UTF_8));
                Base64.Encoder base64 = Base64.getEncoder();
                return new Sealed(base64.encodeToString(sealed), base64.encodeToString(iv), salt);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-256-GCM is part of every JDK", e);
            }
        }
    }

    /**
     * The message back from a sealed payload.
     *
     * @throws IllegalArgumentException when the secret is wrong or the payload was altered (the GCM tag fails)
     */
    public static String decrypt(Sealed sealed, String secret) {
        Base64.Decoder base64 = Base64.getDecoder();
        byte[] salt = base64.decode(sealed.salt());
        byte[] iv = base64.decode(sealed.iv());
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(secret, salt), new GCMParameterSpec(TAG_BITS, iv));
            return new String(cipher.doFinal(base64.decode(sealed.payload())), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("Wrong secret, or the payload was altered", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is part of every JDK", e);
        }
    }

    private static SecretKeySpec key(String secret, byte[] salt) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, ITERATIONS, KEY_BITS);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(key, "AES");
        } finally {
            spec.clearPassword();
        }
    }
}
