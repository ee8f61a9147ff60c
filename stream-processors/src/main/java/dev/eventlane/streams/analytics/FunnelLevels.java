package dev.eventlane.streams.analytics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.eventlane.schemas.FunnelTouch;

/**
 * A user's level in a funnel: the largest L such that the user has events e1..eL, ej of step j, with non-decreasing
 * times and time(eL) - time(e1) within the window. The same definition query-api evaluates in ClickHouse.
 */
final class FunnelLevels {

    private FunnelLevels() {
    }

    /**
     * One pass over the events sorted by (time, step): {@code start[j]} is the latest start of a chain that reached
     * step j so far. A later start is always at least as good, so keeping the latest is enough.
     *
     * @param steps step number (1-based) of each action; actions not in it are ignored
     */
    static int level(List<FunnelTouch> touches, Map<String, Integer> steps, long windowMs) {
        long[] sorted = new long[touches.size()];
        int n = 0;
        int stepCount = steps.size();
        for (FunnelTouch touch : touches) {
            Integer step = steps.get(touch.getAction());
            if (step != null) {
                sorted[n++] = touch.getTimestamp().toEpochMilli() * 64 + step;
            }
        }
        Arrays.sort(sorted, 0, n);
        long[] start = new long[stepCount + 1];
        Arrays.fill(start, Long.MIN_VALUE);
        int level = 0;
        for (int i = 0; i < n; i++) {
            long time = Math.floorDiv(sorted[i], 64);
            int step = (int) Math.floorMod(sorted[i], 64);
            if (step == 1) {
                start[1] = time;
            } else if (start[step - 1] != Long.MIN_VALUE && time - start[step - 1] <= windowMs) {
                start[step] = Math.max(start[step], start[step - 1]);
            } else {
                continue;
            }
            level = Math.max(level, step);
        }
        return level;
    }
}
