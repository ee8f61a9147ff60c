package dev.eventlane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class EventGeneratorTest {

    private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");

    @Test
    void sameSeedSameEvents() {
        assertThat(take(new EventGenerator(42, "r1", 100, START), 5000))
                .isEqualTo(take(new EventGenerator(42, "r1", 100, START), 5000));
        assertThat(take(new EventGenerator(43, "r1", 100, START), 50))
                .isNotEqualTo(take(new EventGenerator(42, "r1", 100, START), 50));
    }

    @Test
    void anotherRunSendsTheSameTrafficUnderNewIds() {
        List<SimEvent> first = take(new EventGenerator(42, "r1", 100, START), 100);
        List<SimEvent> second = take(new EventGenerator(42, "r2", 100, START), 100);

        assertThat(second).extracting(SimEvent::action).isEqualTo(first.stream().map(SimEvent::action).toList());
        assertThat(second).extracting(SimEvent::eventId).doesNotContainAnyElementsOf(
                first.stream().map(SimEvent::eventId).toList());
    }

    @Test
    void trafficLooksLikeUsersInFunnels() {
        List<SimEvent> events = take(new EventGenerator(7, "r1", 500, START), 50_000);

        Set<String> ids = new HashSet<>();
        long retries = events.stream().filter(e -> !ids.add(e.eventId())).count();
        assertThat(retries).isBetween(200L, 800L);

        Map<String, Long> byAction = events.stream().collect(Collectors.groupingBy(SimEvent::action,
                Collectors.counting()));
        // Drop-offs: each checkout step has fewer events than the one before.
        assertThat(byAction.get("app_open")).isGreaterThan(byAction.get("view_product"));
        assertThat(byAction.get("view_product")).isGreaterThan(byAction.get("add_to_cart"));
        assertThat(byAction.get("enter_payment")).isGreaterThan(byAction.get("purchase"));
        assertThat(events.stream().filter(e -> e.action().equals("purchase")))
                .allMatch(e -> e.amountCents() >= 499 && e.amountCents() < 20_000);
        assertThat(events.stream().filter(e -> !e.action().equals("purchase"))).allMatch(e -> e.amountCents() < 0);

        // Sessions of one user are separated by at least the session gap.
        Map<String, List<SimEvent>> byUser = new HashMap<>();
        events.forEach(e -> byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e));
        for (List<SimEvent> mine : byUser.values()) {
            for (int i = 1; i < mine.size(); i++) {
                SimEvent previous = mine.get(i - 1);
                SimEvent current = mine.get(i);
                if (!previous.sessionId().equals(current.sessionId())) {
                    assertThat(current.tsMs() - previous.tsMs())
                            .isGreaterThanOrEqualTo(EventGenerator.SESSION_GAP.toMillis());
                }
            }
        }
    }

    @Test
    void jsonIsLogLogicShaped() {
        SimEvent purchase = new SimEvent("b1-9", "purchase", "u3", "checkout", "u3-s0", "Web",
                Instant.parse("2026-10-01T10:00:00Z").toEpochMilli(), 4905);

        assertThat(purchase.json()).isEqualTo("{\"event_id\":\"b1-9\",\"action\":\"purchase\",\"user_id\":\"u3\","
                + "\"funnel\":\"checkout\",\"session_id\":\"u3-s0\",\"platform\":\"Web\","
                + "\"timestamp\":\"2026-10-01T10:00:00Z\",\"data\":{\"amount\":49.05,\"currency\":\"USD\"}}");
        assertThat(purchase.toEvent("p").getProperties()).containsEntry("amount", "49.05");
    }

    private static List<SimEvent> take(EventGenerator generator, int n) {
        List<SimEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(generator.next());
        }
        return out;
    }
}
