package dev.eventlane.schemas.clickhouse;

/** ClickHouse refused a statement or could not be reached. */
public class ClickHouseException extends RuntimeException {

    public ClickHouseException(String message) {
        super(message);
    }

    public ClickHouseException(String message, Throwable cause) {
        super(message, cause);
    }
}
