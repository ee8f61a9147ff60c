package dev.eventlane.platform.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.eventlane.schemas.kafka.DeadLetter;

/**
 * Stores a {@link SinkBatch} in its table. A batch ClickHouse refuses for its content ({@link ClickHouseErrors}) is
 * split in halves until the refused rows stand alone; those go to the dead-letter topic and into
 * {@link DeadLetterLog}, everything else is stored. Any other failure is thrown, and storing the same batch again
 * goes on where it stopped.
 */
final class BatchWriter {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    private final ClickHouseClient clickhouse;
    private final String table;
    private final String insertColumns;
    private final String ownRows;
    private final String component;
    private final String topic;
    private final DeadLetters deadLetters;
    private final DeadLetterLog log;
    private final SinkListener metrics;

    /** @param ownRows a further condition that picks the rows this sink wrote (" AND ..."), or empty */
    BatchWriter(ClickHouseClient clickhouse, String table, String insertColumns, String ownRows, String component,
            String topic, DeadLetters deadLetters, SinkListener metrics) {
        this.clickhouse = clickhouse;
        this.table = table;
        this.insertColumns = insertColumns;
        this.ownRows = ownRows;
        this.component = component;
        this.topic = topic;
        this.deadLetters = deadLetters;
        this.log = new DeadLetterLog(clickhouse);
        this.metrics = metrics;
    }

    void store(SinkBatch batch) {
        for (SinkBatch.Range range = batch.next(); range != null; range = batch.next()) {
            if (range.attempted && isStored(batch, range)) {
                // ClickHouse wrote the block, but its answer was lost (it died, or the connection did).
                LOG.info("{} rows for {} were stored by an insert whose answer was lost; not inserted again",
                        range.size(), table);
                batch.done();
                continue;
            }
            try {
                range.attempted = true;
                clickhouse.insertTsv(table, insertColumns, batch.bytes(range));
                batch.done();
            } catch (ClickHouseException e) {
                if (!ClickHouseErrors.isContentError(e)) {
                    throw e;
                }
                if (range.size() > 1) {
                    LOG.warn("ClickHouse refused {} rows for {} for their content, splitting them: {}",
                            range.size(), table, firstLine(e.getMessage()));
                    batch.split();
                } else {
                    deadLetter(batch, range, e.getMessage());
                    batch.done();
                }
            }
        }
    }

    /**
     * Whether an earlier insert of the range reached the table. An insert is one block, stored whole or not at all,
     * and rows reach the table in offset order, so its last row tells.
     */
    private boolean isStored(SinkBatch batch, SinkBatch.Range range) {
        long[] last = batch.lastPartitionAndOffset(range);
        return !"0".equals(clickhouse.selectOne("SELECT count() FROM " + table + " WHERE kafka_partition = "
                + last[0] + " AND kafka_offset = " + last[1] + ownRows));
    }

    private void deadLetter(SinkBatch batch, SinkBatch.Range single, String reason) {
        long[] source = batch.partitionAndOffset(single);
        DeadLetter letter = new DeadLetter(component, topic, (int) source[0], source[1], reason, batch.bytes(single),
                DeadLetter.CLICKHOUSE_ROW);
        if (!single.lettered) {
            deadLetters.send(letter);
            single.lettered = true;
            metrics.deadLettered();
            LOG.warn("Dead-lettered {}-{}@{}: ClickHouse refused its row for {}: {}", topic, source[0], source[1],
                    table, firstLine(reason));
        }
        log.record(component, letter);
    }

    /** Records the letters the sink itself sent (records that would not decode or format), in one insert. */
    void recordSent(List<DeadLetter> letters) {
        log.recordAll(component, letters);
    }

    DeadLetterLog log() {
        return log;
    }

    /** The start of a ClickHouse message for the log: it quotes rows, which are users' data. */
    static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
