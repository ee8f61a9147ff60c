package dev.eventlane.client.logflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class LogFluxCryptoTest {

    /** Bytes 0..31 and 100..111, sealed by the Python function of LogFlux's reference (cryptography 48). */
    private static final byte[] SALT = range(0, 32);
    private static final byte[] IV = range(100, 12);
    private static final String PYTHON_PAYLOAD = "uL/y0JM93MJrhg3ih0gzRYpsrHe5OJSI+sm9hG4UY6uyL4bX6g==";

    @Test
    void sealsExactlyAsTheReferencesPythonExample() {
        LogFluxCrypto.Sealed sealed = LogFluxCrypto.encrypt("User login successful", "your-secret", SALT, IV);

        assertThat(sealed.payload()).isEqualTo(PYTHON_PAYLOAD);
        assertThat(sealed.iv()).isEqualTo("ZGVmZ2hpamtsbW5v");
        assertThat(sealed.salt()).isEqualTo("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        assertThat(LogFluxCrypto.decrypt(new LogFluxCrypto.Sealed(PYTHON_PAYLOAD, sealed.iv(), sealed.salt()),
                "your-secret")).isEqualTo("User login successful");
    }

    @Test
    void roundTripsWithFreshSaltAndIvAndRefusesAWrongSecretOrAlteredPayload() {
        String message = "{\"event\":\"user_login\",\"user_id\":\"123\"} – ünïcödé ✓";
        LogFluxCrypto.Sealed sealed = LogFluxCrypto.encrypt(message, "s3cret");

        assertThat(Base64.getDecoder().decode(sealed.iv())).hasSize(LogFluxCrypto.IV_BYTES);
        assertThat(Base64.getDecoder().decode(sealed.salt())).hasSize(LogFluxCrypto.SALT_BYTES);
        assertThat(LogFluxCrypto.decrypt(sealed, "s3cret")).isEqualTo(message);
        assertThat(LogFluxCrypto.encrypt(message, "s3cret").payload()).isNotEqualTo(sealed.payload());
        assertThatThrownBy(() -> LogFluxCrypto.decrypt(sealed, "wrong")).isInstanceOf(IllegalArgumentException.class);
        byte[] altered = Base64.getDecoder().decode(sealed.payload());
        altered[0] ^= 1;
        assertThatThrownBy(() -> LogFluxCrypto.decrypt(new LogFluxCrypto.Sealed(
                Base64.getEncoder().encodeToString(altered), sealed.iv(), sealed.salt()), "s3cret"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] range(int from, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (from + i);
        }
        return bytes;
    }
}
