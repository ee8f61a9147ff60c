package dev.eventlane.platform.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * TabSeparated rows written straight as UTF-8 bytes: each field is escaped as it is appended (the escapes of
 * {@link Sql#appendTsv}), with no intermediate {@code String} or {@code char} buffer, so a batch of rows is one
 * growing byte array that goes to ClickHouse as it is.
 */
public final class TsvBuffer {

    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII char, the letter of its escape after a backslash, or 0 when it is written as it is. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        ESCAPES['\\'] = '\\';
        ESCAPES['\''] = '\'';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
        ESCAPES['\0'] = '0';
        ESCAPES['\b'] = 'b';
        ESCAPES['\f'] = 'f';
    }

    private byte[] bytes;
    private int length;

    public TsvBuffer() {
        this(256);
    }

    public TsvBuffer(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    public int length() {
        return length;
    }

    /** Drops everything after {@code length} (a row that could not be written whole). */
    public void setLength(int length) {
        if (length < 0 || length > this.length) {
            throw new IndexOutOfBoundsException(length);
        }
        this.length = length;
    }

    public void clear() {
        length = 0;
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** The rows as text (for tests and logs). */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** Appends the text escaped for TabSeparated; null appends nothing (an empty field). */
    public TsvBuffer text(String value) {
        if (value == null) {
            return this;
        }
        int n = value.length();
        // At most three bytes per char: two for an escape, three for a char of the BMP; a pair is four for two.
        ensure(3 * n);
        byte[] out = bytes;
        int at = length;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                byte escape = escapeOf(c);
                if (escape == 0) {
                    out[at++] = (byte) c;
                } else {
                    out[at++] = '\\';
                    out[at++] = escape;
                }
            } else {
                at = utf8(out, at, value, i, c);
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                }
            }
        }
        length = at;
        return this;
    }

    /** Appends text as it is, without escapes: only for text escaped already (quoted literals of an array). */
    public TsvBuffer unescaped(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
        return this;
    }

    public TsvBuffer number(long value) {
        if (value >= 0 && value < 10) {
            ensure(1);
            bytes[length++] = DIGITS[(int) value];
            return this;
        }
        if (value == Long.MIN_VALUE) {
            return unescaped(Long.toString(value));
        }
        ensure(20);
        if (value < 0) {
            bytes[length++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = DIGITS[(int) (value % 10)];
            value /= 10;
        }
        length += digits;
        return this;
    }

    public TsvBuffer tab() {
        return ascii('\t');
    }

    public TsvBuffer newline() {
        return ascii('\n');
    }

    /** Appends an ASCII character as it is (a separator, a bracket). */
    public TsvBuffer ascii(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /**
     * Appends the properties as one JSON object, keys in order, escaped for TabSeparated: the text of
     * {@link EventRows#dataJson} without building it. Values are JSON text already; keys are quoted here.
     */
    public TsvBuffer jsonObject(Map<String, String> properties) {
        ascii('{');
        int size = properties.size();
        if (size == 1) {
            Map.Entry<String, String> only = properties.entrySet().iterator().next();
            jsonMember(only.getKey(), only.getValue());
        } else if (size > 1) {
            String[] keys = properties.keySet().toArray(new String[size]);
            Arrays.sort(keys);
            for (int i = 0; i < size; i++) {
                if (i > 0) {
                    ascii(',');
                }
                jsonMember(keys[i], properties.get(keys[i]));
            }
        }
        return ascii('}');
    }

    private void jsonMember(String key, String value) {
        jsonString(key);
        ascii(':');
        text(value);
    }

    /** A JSON string literal (the escapes of {@link JsonText#appendString}), escaped for TabSeparated in turn. */
    private void jsonString(String value) {
        ascii('"');
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> escapedAscii('\\', '"');
                case '\\' -> escapedAscii('\\', '\\');
                case '\n' -> escapedAscii('\\', 'n');
                case '\r' -> escapedAscii('\\', 'r');
                case '\t' -> escapedAscii('\\', 't');
                case '\b' -> escapedAscii('\\', 'b');
                case '\f' -> escapedAscii('\\', 'f');
                default -> {
                    if (c < 0x20) {
                        escapedAscii('\\', 'u');
                        ascii('0');
                        ascii('0');
                        ascii((char) DIGITS[c >> 4]);
                        ascii((char) DIGITS[c & 0xf]);
                    } else if (c < 0x80) {
                        escapedAscii(c);
                    } else {
                        ensure(4);
                        length = utf8(bytes, length, value, i, c);
                        if (Character.isHighSurrogate(c) && i + 1 < n
                                && Character.isLowSurrogate(value.charAt(i + 1))) {
                            i++;
                        }
                    }
                }
            }
        }
        ascii('"');
    }

    /** Two ASCII chars of JSON text, each escaped for TabSeparated (a backslash becomes two). */
    private void escapedAscii(char first, char second) {
        escapedAscii(first);
        escapedAscii(second);
    }

    private void escapedAscii(char c) {
        byte escape = escapeOf(c);
        if (escape == 0) {
            ascii(c);
        } else {
            ascii('\\');
            ascii((char) escape);
        }
    }

    /** The letter after the backslash for an ASCII char TabSeparated escapes, 0 for one written as it is. */
    private static byte escapeOf(char c) {
        return ESCAPES[c];
    }

    /**
     * Writes the non-ASCII char at {@code i} (with its low surrogate when {@code c} is a high one) and returns the
     * new end; a lone surrogate becomes {@code ?}, as {@link String#getBytes} writes it.
     */
    private static int utf8(byte[] out, int at, String value, int i, char c) {
        if (c < 0x800) {
            out[at++] = (byte) (0xC0 | (c >> 6));
            out[at++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(i + 1));
                out[at++] = (byte) (0xF0 | (cp >> 18));
                out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[at++] = '?';
            }
        } else {
            out[at++] = (byte) (0xE0 | (c >> 12));
            out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            out[at++] = (byte) (0x80 | (c & 0x3F));
        }
        return at;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
