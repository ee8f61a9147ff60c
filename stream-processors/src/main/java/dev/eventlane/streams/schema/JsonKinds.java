package dev.eventlane.streams.schema;

/**
 * The GoodLogs type of a property value held as JSON text: {@code string}, {@code number}, {@code boolean},
 * {@code object} or {@code array}, read from its first character only (the text is ingest's own serialization, so
 * it is valid JSON): the work is the same whatever the value's size or depth.
 */
final class JsonKinds {

    static final String STRING = "string";
    static final String NUMBER = "number";
    static final String BOOLEAN = "boolean";
    static final String OBJECT = "object";
    static final String ARRAY = "array";
    /** How many leading blanks are skipped at most before a value is taken as unknown. */
    private static final int MAX_BLANKS = 16;

    private JsonKinds() {
    }

    /** The type of {@code json}, or {@code null} for JSON {@code null}, empty or unreadable text. */
    static String of(String json) {
        if (json == null) {
            return null;
        }
        int limit = Math.min(json.length(), MAX_BLANKS + 1);
        for (int i = 0; i < limit; i++) {
            char c = json.charAt(i);
            switch (c) {
                case ' ', '\t', '\n', '\r' -> {
                    continue;
                }
                case '"' -> {
                    return STRING;
                }
                case '{' -> {
                    return OBJECT;
                }
                case '[' -> {
                    return ARRAY;
                }
                case 't', 'f' -> {
                    return BOOLEAN;
                }
                case 'n' -> {
                    return null;
                }
                default -> {
                    return c == '-' || (c >= '0' && c <= '9') ? NUMBER : null;
                }
            }
        }
        return null;
    }
}
