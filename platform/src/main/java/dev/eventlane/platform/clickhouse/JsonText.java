package dev.eventlane.platform.clickhouse;

/** Minimal JSON string quoting for keys of a data object (RFC 8259 escapes). */
final class JsonText {

    private JsonText() {
    }

    static void appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * The text of a JSON string literal (quotes included); escapes it does not know, or a truncated one, are kept
     * as written.
     */
    static String decodeString(String json) {
        StringBuilder out = new StringBuilder(json.length());
        int end = json.length() - 1;
        for (int i = 1; i < end; i++) {
            char c = json.charAt(i);
            if (c != '\\' || i + 1 >= end) {
                out.append(c);
                continue;
            }
            char next = json.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    Integer code = i + 5 <= end ? hex(json.substring(i + 1, i + 5)) : null;
                    if (code == null) {
                        out.append("\\u");
                    } else {
                        out.append((char) code.intValue());
                        i += 4;
                    }
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    private static Integer hex(String digits) {
        try {
            return Integer.parseInt(digits, 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
