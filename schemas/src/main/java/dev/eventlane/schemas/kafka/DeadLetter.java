package dev.eventlane.schemas.kafka;

/**
 * A record a sink cannot store, with where it came from and why.
 *
 * @param component the component that could not process the record, e.g. {@code clickhouse-sink-events}
 * @param value     the record's value as it was on the topic, or, for a row ClickHouse refused, the row itself
 * @param valueKind {@code kafka-value} or {@code clickhouse-row}: what {@code value} holds
 */
public record DeadLetter(String component, String topic, int partition, long offset, String reason, byte[] value,
        String valueKind) {

    /** The longest reason kept: ClickHouse's messages quote the row and can be long. */
    private static final int MAX_REASON = 2000;

    public static final String KAFKA_VALUE = "kafka-value";
    public static final String CLICKHOUSE_ROW = "clickhouse-row";

    public DeadLetter {
        reason = reason == null ? "" : reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
    }
}
