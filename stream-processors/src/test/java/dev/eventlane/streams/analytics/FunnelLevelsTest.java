package dev.eventlane.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.FunnelTouch;

class FunnelLevelsTest {

    private static final Map<String, Integer> STEPS = Map.of("a", 1, "b", 2, "c", 3, "d", 4);

    @Test
    void equalTimesChainInStepOrderWhateverTheListOrder() {
        assertThat(FunnelLevels.level(touches("c", 5, "b", 5, "a", 5), STEPS, 0)).isEqualTo(3);
        assertThat(FunnelLevels.level(touches("b", 4, "a", 5), STEPS, 100)).isEqualTo(1);
        assertThat(FunnelLevels.level(touches("b", 4, "x", 1), STEPS, 100)).isZero();
    }

    @Test
    void windowIsInclusiveAndALaterStartCanRescueAChain() {
        assertThat(FunnelLevels.level(touches("a", 0, "b", 10), STEPS, 10)).isEqualTo(2);
        assertThat(FunnelLevels.level(touches("a", 0, "b", 11), STEPS, 10)).isEqualTo(1);
        assertThat(FunnelLevels.level(touches("a", 0, "a", 8, "b", 12, "c", 18), STEPS, 10)).isEqualTo(3);
    }

    @Test
    void agreesWithTryingEveryChain() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 3000; round++) {
            List<FunnelTouch> touches = new ArrayList<>();
            int n = random.nextInt(9);
            for (int i = 0; i < n; i++) {
                touches.add(touch("abcdx".substring(random.nextInt(5)).substring(0, 1), random.nextInt(30)));
            }
            long window = random.nextInt(25);
            assertThat(FunnelLevels.level(touches, STEPS, window)).as("%s within %d", touches, window)
                    .isEqualTo(bruteForce(touches, window));
        }
    }

    /** Longest chain a, b, c, d of distinct events with non-decreasing times, first to last within the window. */
    private static int bruteForce(List<FunnelTouch> touches, long window) {
        int best = 0;
        for (FunnelTouch first : touches) {
            if (Integer.valueOf(1).equals(STEPS.get(first.getAction()))) {
                best = Math.max(best, extend(touches, first, first, 1, window));
            }
        }
        return best;
    }

    private static int extend(List<FunnelTouch> touches, FunnelTouch first, FunnelTouch last, int level,
            long window) {
        int best = level;
        for (FunnelTouch next : touches) {
            Integer step = STEPS.get(next.getAction());
            long time = next.getTimestamp().toEpochMilli();
            if (step != null && step == level + 1 && time >= last.getTimestamp().toEpochMilli()
                    && time - first.getTimestamp().toEpochMilli() <= window) {
                best = Math.max(best, extend(touches, first, next, level + 1, window));
            }
        }
        return best;
    }

    private static List<FunnelTouch> touches(Object... actionsAndTimes) {
        List<FunnelTouch> touches = new ArrayList<>();
        for (int i = 0; i < actionsAndTimes.length; i += 2) {
            touches.add(touch((String) actionsAndTimes[i], (Integer) actionsAndTimes[i + 1]));
        }
        return touches;
    }

    private static FunnelTouch touch(String action, long time) {
        return new FunnelTouch(Instant.ofEpochMilli(time), action);
    }
}
