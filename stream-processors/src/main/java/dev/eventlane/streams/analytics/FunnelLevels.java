package dev.eventlane.streams.analytics;

import java.util.Arrays;

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
     * @param from   the first of the history's events to count: those from it to the last
     * @param stepOf step number (1-based) of each of the history's actions by index, 0 for actions that are no step
     */
    static int level(FunnelHistory history, int from, int[] stepOf, long windowMs) {
        long[] sorted = new long[history.size() - from];
        int n = 0;
        int stepCount = 0;
        for (int i = from; i < history.size(); i++) {
            int step = stepOf[history.action(i)];
            if (step > 0) {
                sorted[n++] = history.time(i) * 64 + step;
                stepCount = Math.max(stepCount, step);
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
