package dev.eventlane.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @RepeatedTest(20)
    void doublesPerAttemptWithJitterInTheUpperHalfUpToTheMaximum() {
        assertThat(backoff.delayMillis(0, -1)).isBetween(50L, 100L);
        assertThat(backoff.delayMillis(3, -1)).isBetween(400L, 800L);
        assertThat(backoff.delayMillis(40, -1)).isBetween(2500L, 5000L);
    }

    @RepeatedTest(20)
    void waitsAtLeastTheServersRetryAfter() {
        assertThat(backoff.delayMillis(0, 2000)).isBetween(2000L, 2500L);
        assertThat(backoff.delayMillis(5, 60_000)).isBetween(60_000L, 61_000L);
    }

    @Test
    void retriesWhatMaySucceedLaterOnly() {
        Map<Integer, Boolean> expected = Map.of(0, true, 408, true, 429, true, 500, true, 502, true, 503, true,
                400, false, 401, false, 402, false, 403, false);
        expected.forEach((status, retry) -> assertThat(Sender.retryable(status)).as("%d", status).isEqualTo(retry));
    }

    @Test
    void writesJsonTheServerCanRead() {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("s", "quote\" back\\ nl\n tab\t \u0001 ✓");
        value.put("n", 49.99);
        value.put("l", java.util.List.of(1, true));
        value.put("z", null);
        value.put("nan", Double.NaN);
        assertThat(Json.write(value)).isEqualTo(
                "{\"s\":\"quote\\\" back\\\\ nl\\n tab\\t \\u0001 ✓\",\"n\":49.99,\"l\":[1,true],\"z\":null,\"nan\":null}");
        assertThat(Json.number("{\"accepted\":1,\"rejected\": 12}", "rejected")).isEqualTo(12);
    }
}
