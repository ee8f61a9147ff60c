package dev.eventlane.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A deterministic corpus of broken request bodies for a surface: objects with the surface's fields set to values of
 * every JSON type (empty, overlong, NUL, deeply nested), truncations of a valid body, and a valid body with bytes
 * flipped (invalid UTF-8 included).
 */
public final class BrokenBodies {

    private static final String[] VALUES = {"null", "true", "0", "-1.5e308", "1e999", "\"\"", "\"x\"", "[]", "{}",
        "{\"a\":{\"b\":[]}}", "\"\\u0000\"", "\"" + "z".repeat(300) + "\"", "\"👤\"", "\"\\ud800\"",
        "[".repeat(2000) + "]".repeat(2000), "\"2026-13-45T99:99:99Z\""};

    private BrokenBodies() {
    }

    /**
     * @param valid  a valid body of the surface
     * @param fields the fields of one item
     * @param wrap   turns a generated item (JSON text) into a body ({@code {"batch":[item]}} for batch surfaces)
     */
    public static List<byte[]> corpus(String valid, String[] fields, UnaryOperator<String> wrap, int size,
            long seed) {
        Random random = new Random(seed);
        byte[] validBytes = valid.getBytes(StandardCharsets.UTF_8);
        List<byte[]> bodies = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            switch (i % 3) {
                case 0 -> {
                    StringBuilder json = new StringBuilder("{");
                    for (String field : fields) {
                        if (random.nextInt(4) > 0) {
                            json.append(json.length() > 1 ? "," : "").append('"').append(field).append("\":")
                                    .append(VALUES[random.nextInt(VALUES.length)]);
                        }
                    }
                    bodies.add(wrap.apply(json.append('}').toString()).getBytes(StandardCharsets.UTF_8));
                }
                case 1 -> bodies.add(Arrays.copyOf(validBytes, random.nextInt(validBytes.length)));
                default -> {
                    byte[] body = validBytes.clone();
                    for (int flips = 0; flips < 3; flips++) {
                        body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                    }
                    bodies.add(body);
                }
            }
        }
        return bodies;
    }
}
