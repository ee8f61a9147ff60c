package dev.eventlane.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.EventRows;
import dev.eventlane.platform.clickhouse.TsvBuffer;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.kafka.AvroSerde;
import dev.eventlane.schemas.kafka.EventlaneSerdes;

/**
 * The machine's own limits, measured in the same run as Eventlane: Kafka's ProducerPerformance with records of the
 * size our events have, and raw ClickHouse HTTP inserts of the rows our sink writes.
 */
final class LimitBench {

    record ProducerLimit(long records, double recordsPerSecond, double mbPerSecond, double avgLatencyMs,
            double p99LatencyMs) {
    }

    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency.*?"
                    + "([\\d.]+) ms 99th");
    private static final int CLICKHOUSE_BATCH = 50_000;

    private LimitBench() {
    }

    /** Average size in bytes of our canonical Avro events, over a sample of generated traffic. */
    static int averageRecordBytes(long seed) {
        AvroSerde<Event> serde = EventlaneSerdes.event();
        EventGenerator generator = new EventGenerator(seed, "size", 10_000, Instant.parse("2026-10-01T00:00:00Z"));
        long total = 0;
        int sample = 10_000;
        for (int i = 0; i < sample; i++) {
            total += serde.serialize("events", generator.next().toEvent("bench")).length;
        }
        return (int) (total / sample);
    }

    /** Runs kafka-tools' ProducerPerformance: acks=all, lz4, linger.ms=5, as fast as it goes. */
    static ProducerLimit producerPerformance(Path kafkaLib, String bootstrap, long records, int recordBytes)
            throws IOException, InterruptedException {
        String topic = "bench-producer-limit";
        run(List.of(java(), "-cp", kafkaLib + "/*", "org.apache.kafka.tools.TopicCommand", "--bootstrap-server",
                bootstrap, "--create", "--if-not-exists", "--topic", topic, "--partitions", "6"));
        String output = run(List.of(java(), "-Xmx512m", "-cp", kafkaLib + "/*",
                "org.apache.kafka.tools.ProducerPerformance", "--topic", topic, "--num-records",
                Long.toString(records), "--record-size", Integer.toString(recordBytes), "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all", "compression.type=lz4",
                "linger.ms=5", "enable.idempotence=true"));
        run(List.of(java(), "-cp", kafkaLib + "/*", "org.apache.kafka.tools.TopicCommand", "--bootstrap-server",
                bootstrap, "--delete", "--topic", topic));
        // Progress lines come first; the final summary is the last match.
        Matcher m = SUMMARY.matcher(output);
        String[] found = null;
        while (m.find()) {
            found = new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)};
        }
        if (found == null) {
            throw new IllegalStateException("ProducerPerformance printed no summary:\n" + output);
        }
        return new ProducerLimit(Long.parseLong(found[0]), Double.parseDouble(found[1]),
                Double.parseDouble(found[2]), Double.parseDouble(found[3]), Double.parseDouble(found[4]));
    }

    /** Rows per second of plain TabSeparated HTTP inserts of our event rows into a scratch copy of the table. */
    static double clickhouseInsert(ClickHouseClient clickhouse, long rows, long seed) {
        String table = "bench_raw_insert";
        clickhouse.execute("DROP TABLE IF EXISTS " + table);
        clickhouse.execute("CREATE TABLE " + table + " AS events");
        try {
            EventGenerator generator = new EventGenerator(seed, "raw", 100_000, Instant.parse("2026-10-01T00:00:00Z"));
            EventRows format = new EventRows();
            long insertNanos = 0;
            for (long done = 0; done < rows; done += CLICKHOUSE_BATCH) {
                TsvBuffer tsv = new TsvBuffer(CLICKHOUSE_BATCH * 300);
                for (int i = 0; i < CLICKHOUSE_BATCH && done + i < rows; i++) {
                    format.append(tsv, generator.next().toEvent("bench"));
                    tsv.number(i % 6).tab().number(done + i).newline();
                }
                byte[] batch = tsv.toByteArray();
                // Only the inserts are timed: building rows is the client's work, not ClickHouse's limit.
                long started = System.nanoTime();
                clickhouse.insertTsv(table, format.columns() + ", kafka_partition, kafka_offset", batch);
                insertNanos += System.nanoTime() - started;
            }
            return rows / (insertNanos / 1e9);
        } finally {
            clickhouse.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(Duration.ofMinutes(10).toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command.get(command.size() > 4 ? 4 : 0) + " failed:\n"
                    + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
