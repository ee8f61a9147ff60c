package dev.eventlane.platform.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class StepOrderTest {

    @Test
    void ordersByEarliestTimeThenByNameAsUtf8Bytes() {
        // U+FFFD sorts before U+1F600 in UTF-8 (and in ClickHouse), after it in UTF-16 (String.compareTo).
        Map<String, Long> earliest = Map.of("pay", 30L, "\uD83D\uDE00", 10L, "\uFFFD", 10L, "open", 5L, "ab", 10L);

        assertThat(StepOrder.of(earliest)).containsExactly("open", "ab", "\uFFFD", "\uD83D\uDE00", "pay");
    }

    @Test
    void keepsTheEarliestFiftyActions() {
        Map<String, Long> earliest = new HashMap<>();
        IntStream.range(0, 60).forEach(i -> earliest.put("step" + i, 1000L - i));

        List<String> steps = StepOrder.of(earliest);

        assertThat(steps).hasSize(StepOrder.MAX_STEPS).startsWith("step59").endsWith("step10");
    }

    @Test
    void fingerprintTellsOrdersAndSplitsApart() {
        String order = StepOrder.fingerprint(List.of("open", "pay"));

        assertThat(order).hasSize(32).isEqualTo(StepOrder.fingerprint(List.of("open", "pay")));
        assertThat(StepOrder.fingerprint(List.of("pay", "open"))).isNotEqualTo(order);
        assertThat(StepOrder.fingerprint(List.of("openpay"))).isNotEqualTo(order);
        assertThat(StepOrder.fingerprint(List.of("a\u0000b"))).isNotEqualTo(StepOrder.fingerprint(List.of("a", "b")));
    }
}
