package dev.eventlane.platform.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * The rows of one insert (TabSeparated, each line ending in its Kafka partition and offset), the offsets to commit
 * once ClickHouse holds them, and how far storing them got: the ranges of rows still to store, in offset order. A
 * batch refused for its content is split into halves, left first, so whatever is stored is always a prefix of the
 * batch (the resume rule needs rows in offset order); a failure on the way leaves the remaining ranges for the retry.
 */
final class SinkBatch {

    final byte[] rows;
    final int rowCount;
    final Map<TopicPartition, Long> offsets;
    /** Rows {@code [from, to)} not stored yet, first to store first. Touched only by the one inserter thread. */
    private final Deque<Range> pending = new ArrayDeque<>();
    /** Start of each row in {@link #rows}, plus the end; computed on the first split. */
    private int[] lineStarts;

    SinkBatch(byte[] rows, int rowCount, Map<TopicPartition, Long> offsets) {
        this.rows = rows;
        this.rowCount = rowCount;
        this.offsets = offsets;
        if (rowCount > 0) {
            pending.add(new Range(0, rowCount));
        }
    }

    /**
     * A range of rows; {@code lettered} once its single row is on the dead-letter topic; {@code attempted} once an
     * insert of it failed without a refusal (then ClickHouse may hold it nonetheless).
     */
    static final class Range {
        final int from;
        final int to;
        boolean lettered;
        boolean attempted;

        Range(int from, int to) {
            this.from = from;
            this.to = to;
        }

        int size() {
            return to - from;
        }
    }

    Range next() {
        return pending.peekFirst();
    }

    void done() {
        pending.removeFirst();
    }

    /** Replaces the first range by its two halves, the left one first. */
    void split() {
        Range range = pending.removeFirst();
        int middle = range.from + range.size() / 2;
        pending.addFirst(new Range(middle, range.to));
        pending.addFirst(new Range(range.from, middle));
    }

    byte[] bytes(Range range) {
        if (range.from == 0 && range.to == rowCount) {
            return rows;
        }
        int[] starts = lineStarts();
        return Arrays.copyOfRange(rows, starts[range.from], starts[range.to]);
    }

    /** The Kafka partition and offset of the range's last row. */
    long[] lastPartitionAndOffset(Range range) {
        return partitionAndOffset(new Range(range.to - 1, range.to));
    }

    /** The row's Kafka partition and offset: its last two fields. */
    long[] partitionAndOffset(Range single) {
        String line = new String(bytes(single), StandardCharsets.UTF_8).stripTrailing();
        int lastTab = line.lastIndexOf('\t');
        int partitionTab = line.lastIndexOf('\t', lastTab - 1);
        return new long[] {Long.parseLong(line.substring(partitionTab + 1, lastTab)),
                Long.parseLong(line.substring(lastTab + 1))};
    }

    private int[] lineStarts() {
        if (lineStarts == null) {
            int[] starts = new int[rowCount + 1];
            int row = 1;
            for (int i = 0; i < rows.length && row < rowCount; i++) {
                if (rows[i] == '\n') {
                    starts[row++] = i + 1;
                }
            }
            starts[rowCount] = rows.length;
            lineStarts = starts;
        }
        return lineStarts;
    }
}
