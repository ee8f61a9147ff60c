package dev.eventlane.platform.clickhouse;

import java.util.Map;

/**
 * How one record becomes one TabSeparated row of a ClickHouse table, written as UTF-8 bytes into a
 * {@link TsvBuffer}. The sink appends the record's Kafka partition and offset as the last two columns.
 */
public interface RowFormat<V> {

    /** The table's columns in row order, without {@code kafka_partition, kafka_offset}. */
    String columns();

    /**
     * Whether the record becomes a row at all; a table filled with a subset of its topic (web events out of all
     * unique events) passes over the others, whose offsets are committed all the same.
     */
    default boolean accepts(V value) {
        return true;
    }

    /**
     * A condition that picks the rows of the table this format's sink wrote, when the table also holds rows copied
     * from another topic (whose partitions and offsets are not the sink's); null when every row is the sink's.
     */
    default String ownRows() {
        return null;
    }

    /** Appends the record's fields, each followed by a tab. */
    void append(TsvBuffer row, V value);

    /** Appends a text field, escaped for TabSeparated (null as empty), and its tab. */
    static void text(TsvBuffer row, String value) {
        row.text(value).tab();
    }

    /** Appends a number field and its tab. */
    static void number(TsvBuffer row, long value) {
        row.number(value).tab();
    }

    /** Appends properties as the JSON object of {@link EventRows#dataJson}, and its tab. */
    static void json(TsvBuffer row, Map<String, String> properties) {
        row.jsonObject(properties).tab();
    }
}
