package dev.eventlane.platform.clickhouse;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.eventlane.schemas.kafka.DeadLetter;

/**
 * ClickHouse's record of the offsets each sink dead-lettered (table {@value #TABLE}). A sink resumes after the highest
 * offset its table holds; a dead-lettered record has no row there, so without this record it would be read and
 * dead-lettered again after every restart. A sink skips the offsets listed here, wherever they lie, so the order in
 * which rows and letters are recorded does not matter for exactly-once.
 */
final class DeadLetterLog {

    static final String TABLE = "sink_dead_letters";
    private static final String COLUMNS = "sink, topic, kafka_partition, kafka_offset, reason";

    private final ClickHouseClient clickhouse;

    DeadLetterLog(ClickHouseClient clickhouse) {
        this.clickhouse = clickhouse;
    }

    void record(String sink, DeadLetter letter) {
        recordAll(sink, List.of(letter));
    }

    /** Records the letters in one insert. */
    void recordAll(String sink, List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        TsvBuffer rows = new TsvBuffer(letters.size() * 128);
        for (DeadLetter letter : letters) {
            RowFormat.text(rows, sink);
            RowFormat.text(rows, letter.topic());
            RowFormat.number(rows, letter.partition());
            RowFormat.number(rows, letter.offset());
            rows.text(letter.reason()).newline();
        }
        clickhouse.insertTsv(TABLE, COLUMNS, rows.toByteArray());
    }

    /** The dead-lettered offsets of the sink's partitions at or after {@code from} (per partition). */
    Map<Integer, Set<Long>> offsets(String sink, Collection<Integer> partitions, Map<Integer, Long> from) {
        String list = partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
        Map<Integer, Set<Long>> offsets = new HashMap<>();
        for (String[] row : clickhouse.select("SELECT kafka_partition, kafka_offset FROM " + TABLE + " WHERE sink = "
                + Sql.quote(sink) + " AND kafka_partition IN (" + list + ")")) {
            int partition = Integer.parseInt(row[0]);
            long offset = Long.parseLong(row[1]);
            if (offset >= from.getOrDefault(partition, 0L)) {
                offsets.computeIfAbsent(partition, p -> new HashSet<>()).add(offset);
            }
        }
        return offsets;
    }
}
