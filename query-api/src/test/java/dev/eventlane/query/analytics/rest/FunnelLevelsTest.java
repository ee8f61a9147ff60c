package dev.eventlane.query.analytics.rest;

import static dev.eventlane.query.analytics.rest.TestData.KEY_A;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code GET /funnel} against a brute-force reference of its definition (docs/analytics.md), on random events: steps
 * in any order, ties to the millisecond, repeated rows, actions outside the funnel, for several ranges and windows.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class FunnelLevelsTest {

    private static final long[] WINDOW_SECONDS = {0, 1, 5, 10, 20, 3600};

    /** One funnel event as the reference sees it: step 1..n, or 0 for an action outside the funnel. */
    record Event(String user, int step, long tsMs) {
    }

    @Test
    void fourSteps() {
        assertMatchesReference(new Random(20261122L), steps(4), 300, 12,
                Instant.parse("2026-03-01T09:00:00Z").toEpochMilli());
    }

    @Test
    void acrossTheEpoch() {
        assertMatchesReference(new Random(1969L), steps(4), 300, 12,
                Instant.parse("1969-12-31T23:59:30Z").toEpochMilli());
    }

    @Test
    void twelveStepsSpanSeveralSubqueries() {
        assertMatchesReference(new Random(12L), steps(12), 200, 24,
                Instant.parse("2026-03-02T09:00:00Z").toEpochMilli());
    }

    private static void assertMatchesReference(Random random, List<String> steps, int users, int maxEvents,
            long base) {
        String funnel = TestData.unique("random");
        FunnelsResourceTest.catalog(funnel, steps);
        List<Event> events = randomEvents(random, steps.size(), users, maxEvents, base);
        TestData.Rows rows = TestData.funnelEvents();
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            String action = event.step() == 0 ? "other" : steps.get(event.step() - 1);
            rows.add("project-a", funnel, event.user(), action, event.tsMs(), "e" + i);
            // Noise that must not count: the same users in another funnel and in another project.
            rows.add("project-a", funnel + "-other", event.user(), steps.get(0), event.tsMs(), "o" + i);
            rows.add("project-b", funnel, event.user(), steps.get(random.nextInt(steps.size())), event.tsMs(), "b" + i);
        }
        rows.insert();

        long[][] ranges = {{base, base + 61_000}, {base + 7_500, base + 31_002}, {base + 20_000, base + 20_001}};
        assertThat(usersReaching(events, steps.size(), ranges[0], 3_600_000).get(steps.size() - 1))
                .as("users completing the funnel, so that every step is exercised").isPositive();
        for (long[] range : ranges) {
            for (long window : WINDOW_SECONDS) {
                List<Long> reported = given().auth().oauth2(KEY_A).queryParam("funnel", funnel)
                        .queryParam("from", Instant.ofEpochMilli(range[0]).toString())
                        .queryParam("to", Instant.ofEpochMilli(range[1]).toString()).queryParam("window", window)
                        .get("/funnel").then().statusCode(200).extract().jsonPath().getList("steps.users", Long.class);
                assertThat(reported).as("range %d..%d, window %d s", range[0], range[1], window)
                        .containsExactlyElementsOf(usersReaching(events, steps.size(), range, window * 1000));
            }
        }
    }

    private static List<String> steps(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "step" + i).toList();
    }

    /**
     * Per user, a walk through the first steps in time order (0 to 3 s apart, so often tied) and up to
     * {@code maxEvents} more events of random steps (one in ten outside the funnel) within the minute; times are
     * whole seconds or a few ms off, so ties and window edges are frequent; now and then a row comes twice.
     */
    private static List<Event> randomEvents(Random random, int steps, int users, int maxEvents, long base) {
        List<Event> events = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            String user = "u" + u;
            long walk = base + random.nextInt(10) * 1000L;
            for (int step = 1, length = random.nextInt(steps + 1); step <= length; step++) {
                walk += random.nextInt(4) * 1000L;
                events.add(new Event(user, step, walk + jitter(random)));
            }
            for (int i = random.nextInt(maxEvents); i > 0; i--) {
                int step = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(steps);
                Event event = new Event(user, step, base + random.nextInt(60) * 1000L + jitter(random));
                events.add(event);
                if (random.nextInt(20) == 0) {
                    events.add(event);
                }
            }
        }
        return events;
    }

    private static long jitter(Random random) {
        return random.nextBoolean() ? 0 : random.nextInt(3);
    }

    /** users(i), users with level at least i: every chain of every user tried. */
    private static List<Long> usersReaching(List<Event> events, int steps, long[] range, long windowMs) {
        Map<String, List<Event>> byUser = events.stream()
                .filter(event -> event.step() > 0 && event.tsMs() >= range[0] && event.tsMs() < range[1])
                .collect(Collectors.groupingBy(Event::user));
        long[] users = new long[steps];
        for (List<Event> own : byUser.values()) {
            int level = 0;
            for (Event start : own) {
                if (start.step() == 1) {
                    level = Math.max(level, deepest(own, start, start, windowMs, new HashMap<>()));
                }
            }
            for (int i = 0; i < level; i++) {
                users[i]++;
            }
        }
        return Arrays.stream(users).boxed().toList();
    }

    /** The deepest step a chain from {@code start} reaches when its last event so far is {@code last}. */
    private static int deepest(List<Event> events, Event start, Event last, long windowMs, Map<Event, Integer> memo) {
        Integer known = memo.get(last);
        if (known != null) {
            return known;
        }
        int best = last.step();
        for (Event next : events) {
            boolean continues = next.step() == last.step() + 1 && next.tsMs() >= last.tsMs();
            if (continues && next.tsMs() - start.tsMs() <= windowMs) {
                best = Math.max(best, deepest(events, start, next, windowMs, memo));
            }
        }
        memo.put(last, best);
        return best;
    }
}
