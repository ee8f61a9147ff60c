package dev.eventlane.platform.clickhouse;

/**
 * ClickHouse refused a statement or could not be reached. {@link #code()} is ClickHouse's own error code when the
 * server answered with one ({@code X-ClickHouse-Exception-Code}, or {@code Code: NNN} in the body on 18.16), else
 * {@link #NO_CODE}: see {@link ClickHouseErrors} for which codes are about the data rather than the server.
 */
public class ClickHouseException extends RuntimeException {

    /** The server did not answer, or answered without an error code. */
    public static final int NO_CODE = -1;

    private final int code;

    public ClickHouseException(String message) {
        this(message, NO_CODE);
    }

    public ClickHouseException(String message, int code) {
        super(message);
        this.code = code;
    }

    public ClickHouseException(String message, Throwable cause) {
        super(message, cause);
        this.code = NO_CODE;
    }

    public int code() {
        return code;
    }
}
