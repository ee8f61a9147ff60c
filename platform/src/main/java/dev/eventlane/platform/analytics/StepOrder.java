package dev.eventlane.platform.analytics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A funnel's steps: its actions ordered by earliest event time, then name, the first {@value #MAX_STEPS}. The
 * analytics stage tags each precomputed level with the fingerprint of the order it used, and query-api uses a level
 * only while that is still the funnel's order.
 */
public final class StepOrder {

    /** A funnel has at most this many steps (the earliest actions). */
    public static final int MAX_STEPS = 50;

    private StepOrder() {
    }

    /**
     * The steps of a funnel from the earliest event time of each action: by time, then by name in code point order
     * (the byte order of UTF-8, as ClickHouse sorts strings); the first {@value #MAX_STEPS}.
     */
    public static List<String> of(Map<String, Long> earliest) {
        return earliest.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(StepOrder::compareCodePoints)))
                .limit(MAX_STEPS)
                .map(Map.Entry::getKey)
                .toList();
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** SHA-256 of the actions in order, each as its UTF-8 length and bytes, as 32 hex digits. */
    public static String fingerprint(List<String> steps) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String step : steps) {
                byte[] utf8 = step.getBytes(StandardCharsets.UTF_8);
                digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(utf8.length).array());
                digest.update(utf8);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
