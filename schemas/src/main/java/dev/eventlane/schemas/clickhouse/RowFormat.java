package dev.eventlane.schemas.clickhouse;

/**
 * How one record becomes one TabSeparated row of a ClickHouse table. The sink appends the record's Kafka partition
 * and offset as the last two columns.
 */
public interface RowFormat<V> {

    /** The table's columns in row order, without {@code kafka_partition, kafka_offset}. */
    String columns();

    /** Appends the record's fields, each followed by a tab. */
    void append(StringBuilder row, V value);
}
