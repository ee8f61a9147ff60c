package dev.eventlane.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class FunnelHistoryTest {

    private record Touch(long time, String action) {
    }

    private static final List<String> ACTIONS = List.of("a", "b", "c", "é", "\uD83D\uDE00", "a b");
    private static final Comparator<Touch> ORDER = Comparator.comparingLong(Touch::time).thenComparing(Touch::action);

    @Test
    void keepsDistinctPairsSortedByTimeThenActionThroughPacking() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 500; round++) {
            FunnelHistory history = new FunnelHistory();
            TreeSet<Touch> expected = new TreeSet<>(ORDER);
            int n = random.nextInt(60);
            for (int i = 0; i < n; i++) {
                // Negative and far-apart times too: deltas are zig-zag varints of any size.
                long time = random.nextInt(3) == 0 ? random.nextLong() >> random.nextInt(64) : random.nextInt(20);
                Touch touch = new Touch(time, ACTIONS.get(random.nextInt(ACTIONS.size())));
                assertThat(history.add(touch.time(), touch.action())).isEqualTo(expected.add(touch));
            }
            FunnelHistory unpacked = FunnelHistory.unpack(history.actions(), history.pack());
            assertThat(touches(history)).containsExactlyElementsOf(expected);
            assertThat(touches(unpacked)).containsExactlyElementsOf(expected);
            for (int a = 0; a < unpacked.actions().size(); a++) {
                String action = unpacked.actions().get(a);
                long earliest = expected.stream().filter(t -> t.action().equals(action)).findFirst().orElseThrow()
                        .time();
                assertThat(history.earliest(a)).isEqualTo(earliest);
                assertThat(unpacked.earliest(a)).isEqualTo(earliest);
            }
        }
    }

    @Test
    void findsTheFirstPairAtOrAfterATime() {
        FunnelHistory history = new FunnelHistory();
        history.add(10, "b");
        history.add(10, "a");
        history.add(20, "a");
        assertThat(history.firstAtOrAfter(Long.MIN_VALUE)).isZero();
        assertThat(history.firstAtOrAfter(10)).isZero();
        assertThat(history.firstAtOrAfter(11)).isEqualTo(2);
        assertThat(history.firstAtOrAfter(21)).isEqualTo(3);
        assertThat(history.first()).isEqualTo(10);
        assertThat(history.last()).isEqualTo(20);
    }

    @Test
    void refusesBytesThatNameAnUnknownAction() {
        assertThatThrownBy(() -> FunnelHistory.unpack(List.of("a"), ByteBuffer.wrap(new byte[] {2, 1})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Touch> touches(FunnelHistory history) {
        List<Touch> touches = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            touches.add(new Touch(history.time(i), history.actions().get(history.action(i))));
        }
        return touches;
    }
}
