package dev.eventlane.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;

/**
 * Schema discovery's freshness on a quiet stack: how long after its event was accepted a new property key is listed
 * by {@code GET /v1/schema} (GoodLogs users expect 2 s). Each probe sends one event with a key never sent before,
 * then reads the schema every 20 ms.
 */
final class SchemaBench {

    static final Duration TARGET = Duration.ofSeconds(2);
    static final int PROBES = 10;
    private static final Duration GIVE_UP = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);

    /** Milliseconds from the accepted event to the first answer listing its key, per probe that saw it. */
    record Result(List<Long> millis, int probes) {

        long maxMs() {
            return millis.stream().mapToLong(Long::longValue).max().orElse(-1);
        }

        long medianMs() {
            List<Long> sorted = millis.stream().sorted().toList();
            return sorted.isEmpty() ? -1 : sorted.get((sorted.size() - 1) / 2);
        }
    }

    private SchemaBench() {
    }

    static Result run(HttpLoad http, String ingestUrl, String queryUrl, String run) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < PROBES; i++) {
            String key = "schema_probe_" + run + "_" + i;
            String body = "{\"action\":\"schema_probe\",\"user_id\":\"schema-probe\",\"data\":{\"" + key + "\":" + i
                    + "}}";
            HttpResponse<Buffer> posted = HttpLoad.join(http.post(ingestUrl + "/ingest", body));
            long accepted = System.nanoTime();
            if (posted.statusCode() / 100 != 2) {
                continue;
            }
            long deadline = accepted + GIVE_UP.toNanos();
            while (System.nanoTime() < deadline) {
                HttpResponse<Buffer> schema = HttpLoad.join(http.get(queryUrl + "/v1/schema"));
                if (schema.statusCode() == 200 && schema.bodyAsString().contains("\"key\":\"" + key + "\"")) {
                    millis.add((System.nanoTime() - accepted) / 1_000_000);
                    break;
                }
                LockSupport.parkNanos(POLL.toNanos());
            }
        }
        return new Result(millis, PROBES);
    }
}
