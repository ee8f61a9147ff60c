package dev.eventlane.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class FunnelLevelsTest {

    private static final Map<String, Integer> STEPS = Map.of("a", 1, "b", 2, "c", 3, "d", 4);

    @Test
    void equalTimesChainInStepOrderWhateverTheListOrder() {
        assertThat(level(touches("c", 5, "b", 5, "a", 5), 0)).isEqualTo(3);
        assertThat(level(touches("b", 4, "a", 5), 100)).isEqualTo(1);
        assertThat(level(touches("b", 4, "x", 1), 100)).isZero();
    }

    @Test
    void windowIsInclusiveAndALaterStartCanRescueAChain() {
        assertThat(level(touches("a", 0, "b", 10), 10)).isEqualTo(2);
        assertThat(level(touches("a", 0, "b", 11), 10)).isEqualTo(1);
        assertThat(level(touches("a", 0, "a", 8, "b", 12, "c", 18), 10)).isEqualTo(3);
    }

    @Test
    void countsOnlyTheEventsFromTheFirstOneAsked() {
        FunnelHistory history = history(touches("a", 0, "b", 5, "a", 6, "c", 7));
        int[] stepOf = stepOf(history);
        assertThat(FunnelLevels.level(history, 0, stepOf, 10)).isEqualTo(3);
        assertThat(FunnelLevels.level(history, 1, stepOf, 10)).isEqualTo(1);
        assertThat(FunnelLevels.level(history, 4, stepOf, 10)).isZero();
    }

    @Test
    void agreesWithTryingEveryChain() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 3000; round++) {
            List<Touch> touches = new ArrayList<>();
            int n = random.nextInt(9);
            for (int i = 0; i < n; i++) {
                touches.add(touch("abcdx".substring(random.nextInt(5)).substring(0, 1), random.nextInt(30)));
            }
            long window = random.nextInt(25);
            assertThat(level(touches, window)).as("%s within %d", touches, window)
                    .isEqualTo(bruteForce(touches, window));
        }
    }

    /** Longest chain a, b, c, d of distinct events with non-decreasing times, first to last within the window. */
    private static int bruteForce(List<Touch> touches, long window) {
        int best = 0;
        for (Touch first : touches) {
            if (Integer.valueOf(1).equals(STEPS.get(first.action()))) {
                best = Math.max(best, extend(touches, first, first, 1, window));
            }
        }
        return best;
    }

    private static int extend(List<Touch> touches, Touch first, Touch last, int level, long window) {
        int best = level;
        for (Touch next : touches) {
            Integer step = STEPS.get(next.action());
            if (step != null && step == level + 1 && next.time() >= last.time()
                    && next.time() - first.time() <= window) {
                best = Math.max(best, extend(touches, first, next, level + 1, window));
            }
        }
        return best;
    }

    private static int level(List<Touch> touches, long window) {
        FunnelHistory history = history(touches);
        return FunnelLevels.level(history, 0, stepOf(history), window);
    }

    private static FunnelHistory history(List<Touch> touches) {
        FunnelHistory history = new FunnelHistory();
        touches.forEach(touch -> history.add(touch.time(), touch.action()));
        return history;
    }

    private static int[] stepOf(FunnelHistory history) {
        return history.actions().stream().mapToInt(action -> STEPS.getOrDefault(action, 0)).toArray();
    }

    private static List<Touch> touches(Object... actionsAndTimes) {
        List<Touch> touches = new ArrayList<>();
        for (int i = 0; i < actionsAndTimes.length; i += 2) {
            touches.add(touch((String) actionsAndTimes[i], (Integer) actionsAndTimes[i + 1]));
        }
        return touches;
    }

    private static Touch touch(String action, long time) {
        return new Touch(action, time);
    }

    private record Touch(String action, long time) {
    }
}
