package dev.eventlane.bench;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Every figure of one run, as JSON and as a markdown table with our/limit ratios and the targets. */
final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long RSS_TARGET_MIB = 3 * 1024;

    private final ObjectNode root = JSON.createObjectNode();
    private final StringBuilder rows = new StringBuilder();
    private double producerLimit;
    private double clickhouseLimit;

    Report(BenchMain.Plan plan, String commit) {
        root.put("date", Instant.now().toString());
        root.put("commit", commit);
        root.set("plan", JSON.valueToTree(plan));
    }

    void machine(int cores, long memoryMiB) {
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", cores);
        machine.put("memory_mib", memoryMiB);
    }

    void producerLimit(LimitBench.ProducerLimit limit, int recordBytes) {
        producerLimit = limit.recordsPerSecond();
        ObjectNode node = root.putObject("limit_kafka_producer_performance");
        node.put("record_bytes", recordBytes);
        node.put("records", limit.records());
        node.put("records_per_s", limit.recordsPerSecond());
        node.put("mb_per_s", limit.mbPerSecond());
        node.put("avg_latency_ms", limit.avgLatencyMs());
        node.put("p99_latency_ms", limit.p99LatencyMs());
    }

    void clickhouseLimit(double rowsPerSecond) {
        clickhouseLimit = rowsPerSecond;
        root.putObject("limit_clickhouse_http_insert").put("rows_per_s", rowsPerSecond);
    }

    void batched(HttpLoad.Result result) {
        put("ingest_batched", result);
        row("Ingest, batches of 100", fmt(result.itemsPerSecond()) + " events/s", latency(result.latencies()),
                fmt(producerLimit) + " rec/s (ProducerPerformance)", ratio(result.itemsPerSecond(), producerLimit),
                ">= 0.5x", result.itemsPerSecond() >= 0.5 * producerLimit);
    }

    void single(HttpLoad.Result result) {
        put("ingest_single", result);
        row("Ingest, single events", fmt(result.requestsPerSecond()) + " req/s", latency(result.latencies()), "", "",
                ">= 15k req/s", result.requestsPerSecond() >= 15_000);
    }

    void freshness(IngestBench.Freshness freshness) {
        ObjectNode node = root.putObject("freshness");
        node.put("target_rate", freshness.targetRate());
        node.put("achieved_rate", freshness.achievedRate());
        node.put("markers", freshness.markers());
        node.put("markers_seen", freshness.seen());
        node.put("p50_ms", freshness.latencies().percentileMs(50));
        node.put("p99_ms", freshness.latencies().percentileMs(99));
        node.put("sessions_seen", freshness.sessionsSeen());
        node.put("sessions_p50_ms", freshness.sessionLatencies().percentileMs(50));
        node.put("sessions_p99_ms", freshness.sessionLatencies().percentileMs(99));
        double p99 = freshness.latencies().percentileMs(99);
        String rate = fmt(freshness.targetRate()) + " ev/s (achieved " + fmt(freshness.achievedRate()) + ")";
        row("End-to-end freshness at " + rate + ", /events", freshness.seen() + "/" + freshness.markers()
                + " markers", latency(freshness.latencies()), "", "", "p99 <= 1000 ms", p99 <= 1000);
        double sessionsP99 = freshness.sessionLatencies().percentileMs(99);
        row("Analytics freshness at " + rate + ", /sessions", freshness.sessionsSeen() + "/" + freshness.markers()
                + " markers", latency(freshness.sessionLatencies()), "", "", "p99 <= 5000 ms", sessionsP99 <= 5000
                && freshness.sessionsSeen() == freshness.markers());
    }

    /**
     * The analytics stage over the dataset load: from the load's start until it and its sinks had taken in every
     * event ({@code seconds} null when it did not within the bench's limit).
     */
    void analyticsDuringLoad(long events, Double seconds, double afterLoadSeconds) {
        ObjectNode node = root.putObject("analytics_during_load");
        node.put("events", events);
        if (seconds == null) {
            node.putNull("seconds");
            row("Analytics stage over the dataset load", "did not catch up", "", "", "", "", false);
            return;
        }
        node.put("seconds", seconds);
        node.put("events_per_s", events / seconds);
        node.put("caught_up_after_load_s", afterLoadSeconds);
        row("Analytics stage over the dataset load", fmt(events / seconds) + " events/s",
                String.format(Locale.ROOT, "caught up %.0f s after ingest ended", afterLoadSeconds), "", "", "",
                null);
    }

    void load(HttpLoad.Result result) {
        put("dataset_load", result);
    }

    /** What the sink wrote while ingest ran: bounded by what ingest offered; the lag says if it kept up. */
    void sinkDuringLoad(long rows, double seconds, long maxLag) {
        ObjectNode node = root.putObject("sink_during_load");
        node.put("rows", rows);
        node.put("seconds", seconds);
        node.put("rows_per_s", rows / seconds);
        node.put("max_lag", maxLag);
        row("Sink during the ingest runs", fmt(rows / seconds) + " rows/s", "max lag " + maxLag + " records", "", "",
                "", null);
    }

    void sinkReplay(SinkBench.Replay replay) {
        ObjectNode node = root.putObject("sink_replay");
        node.put("rows", replay.rows());
        node.put("seconds", replay.seconds());
        node.put("rows_per_s", replay.rowsPerSecond());
        row("Sink replaying a backlog", fmt(replay.rowsPerSecond()) + " rows/s", replay.rows() + " rows",
                fmt(clickhouseLimit) + " rows/s (raw HTTP insert)", ratio(replay.rowsPerSecond(), clickhouseLimit),
                ">= 0.8x", replay.rowsPerSecond() >= 0.8 * clickhouseLimit);
    }

    void storedEvents(long count) {
        root.put("dataset_events_stored", count);
    }

    void queries(List<QueryBench.QueryLatency> queries) {
        root.set("queries", JSON.valueToTree(queries));
        for (QueryBench.QueryLatency q : queries) {
            if (q.status() != 200) {
                row("Query " + q.query(), "not available (HTTP " + q.status() + ")", "", "", "", q.target(), q.met());
            } else {
                row("Query " + q.query(), q.runs() + " runs", String.format(Locale.ROOT, "p50 %.1f / p99 %.1f ms",
                        q.p50Ms(), q.p99Ms()), "", "", q.target(), q.met());
            }
        }
    }

    void rss(Map<String, Long> peakMiB) {
        root.set("peak_rss_mib", JSON.valueToTree(peakMiB));
        long total = peakMiB.values().stream().mapToLong(Long::longValue).sum();
        root.put("peak_rss_total_mib", total);
        StringBuilder each = new StringBuilder();
        peakMiB.forEach((name, mib) -> each.append(each.length() == 0 ? "" : ", ").append(name).append(' ')
                .append(mib));
        row("Peak RSS, whole stack (MiB)", total + " MiB", each.toString(), "", "", "<= 3 GiB",
                total <= RSS_TARGET_MIB);
    }

    String json() throws JsonProcessingException {
        return JSON.writeValueAsString(root);
    }

    void schema(SchemaBench.Result schema) {
        ObjectNode node = root.putObject("schema_discovery");
        node.put("probes", schema.probes());
        node.put("seen", schema.millis().size());
        node.put("median_ms", schema.medianMs());
        node.put("max_ms", schema.maxMs());
        boolean met = schema.millis().size() == schema.probes() && schema.maxMs() <= SchemaBench.TARGET.toMillis();
        row("Schema: a new property in /v1/schema", schema.millis().size() + " of " + schema.probes() + " probes",
                "median " + schema.medianMs() + " / max " + schema.maxMs() + " ms", "", "", "<= 2 s", met);
    }

    String markdown() {
        return "| measure | ours | latency / detail | limit | ours/limit | target | met |\n"
                + "|---|---|---|---|---|---|---|\n" + rows;
    }

    private void put(String name, HttpLoad.Result result) {
        ObjectNode node = root.putObject(name);
        node.put("requests", result.requests());
        node.put("failures", result.failures());
        node.put("events", result.items());
        node.put("seconds", result.seconds());
        node.put("requests_per_s", result.requestsPerSecond());
        node.put("events_per_s", result.itemsPerSecond());
        node.put("p50_ms", result.latencies().percentileMs(50));
        node.put("p99_ms", result.latencies().percentileMs(99));
    }

    private void row(String measure, String ours, String detail, String limit, String ratio, String target,
            Boolean met) {
        rows.append("| ").append(String.join(" | ", measure, ours, detail, limit, ratio, target,
                met == null ? "" : met ? "yes" : "**no**")).append(" |\n");
    }

    private static String latency(Latencies latencies) {
        return String.format(Locale.ROOT, "p50 %.1f / p99 %.1f ms", latencies.percentileMs(50),
                latencies.percentileMs(99));
    }

    private static String ratio(double ours, double limit) {
        return limit > 0 ? String.format(Locale.ROOT, "%.2fx", ours / limit) : "";
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
