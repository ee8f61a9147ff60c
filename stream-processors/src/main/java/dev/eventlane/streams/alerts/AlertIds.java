package dev.eventlane.streams.alerts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ids of detected alerts, derived from what was detected: a re-run over the same input raises the same ids, and the
 * dispatcher's idempotency ids (alert and endpoint) then deduplicate its deliveries.
 */
final class AlertIds {

    private static final HexFormat HEX = HexFormat.of();

    private AlertIds() {
    }

    /**
     * {@code alr_} and 24 hex digits of the SHA-256 of the kind and the parts, each as its UTF-8 length and bytes, so
     * that no two lists of parts run together into the same input.
     */
    static String of(String kind, Object... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, kind);
            for (Object part : parts) {
                update(digest, String.valueOf(part));
            }
            return "alr_" + HEX.formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static void update(MessageDigest digest, String part) {
        byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(utf8.length).array());
        digest.update(utf8);
    }
}
