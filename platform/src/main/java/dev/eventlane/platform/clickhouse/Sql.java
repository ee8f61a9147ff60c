package dev.eventlane.platform.clickhouse;

/**
 * Escaping of values for ClickHouse SQL literals and TabSeparated rows. ClickHouse 18.16 has no query parameters,
 * so every user-supplied value reaches SQL only through {@link #quote(String)}.
 */
public final class Sql {

    private Sql() {
    }

    /** A single-quoted string literal with backslashes, quotes and control characters escaped. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        escapeInto(out, value);
        return out.append('\'').toString();
    }

    /** Appends {@code value} as one TabSeparated field (the same escapes as a literal). */
    public static void appendTsv(StringBuilder out, String value) {
        if (value != null) {
            escapeInto(out, value);
        }
    }

    private static void escapeInto(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append("\\0");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(c);
            }
        }
    }

    /** Reverses the TabSeparated escapes of one field of a result row. */
    public static String unescapeTsv(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                out.append(c);
                continue;
            }
            char next = field.charAt(++i);
            switch (next) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                default -> out.append(next);
            }
        }
        return out.toString();
    }
}
