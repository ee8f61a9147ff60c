package dev.eventlane.streams.analytics;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One user's events of one funnel as distinct (time, action) pairs, sorted by time and then action, with the earliest
 * time of each action. Stored packed in a {@code FunnelUserState}: times as zig-zag varint deltas, actions as
 * varint indexes into the user's distinct actions.
 */
final class FunnelHistory {

    /**
     * The most pairs a user's history of one funnel holds by default. Every event of the user reads and writes the
     * whole history, so its size bounds the work per event; a full history is published as inexact (see
     * FunnelProgressProcessor).
     */
    static final int MAX_PAIRS = 10_000;

    private final List<String> actions;
    /** The earliest time of each action, by index. */
    private long[] earliest;
    private long[] times;
    private int[] actionOf;
    private int size;

    FunnelHistory() {
        this(new ArrayList<>(), new long[4], new int[4], 0);
    }

    private FunnelHistory(List<String> actions, long[] times, int[] actionOf, int size) {
        this.actions = actions;
        this.times = times;
        this.actionOf = actionOf;
        this.size = size;
        this.earliest = new long[Math.max(4, actions.size())];
        boolean[] seen = new boolean[actions.size()];
        for (int i = 0; i < size; i++) {
            if (!seen[actionOf[i]]) {
                seen[actionOf[i]] = true;
                earliest[actionOf[i]] = times[i];
            }
        }
    }

    /**
     * @throws IllegalArgumentException if the bytes are not a packed history of these actions
     */
    static FunnelHistory unpack(List<String> actions, ByteBuffer packed) {
        ByteBuffer in = packed.duplicate();
        long[] times = new long[Math.max(4, in.remaining() / 2)];
        int[] actionOf = new int[times.length];
        int size = 0;
        long time = 0;
        while (in.hasRemaining()) {
            long delta = readVarLong(in);
            time += (delta >>> 1) ^ -(delta & 1);
            int action = (int) readVarLong(in);
            if (action < 0 || action >= actions.size()) {
                throw new IllegalArgumentException("Action index " + action + " of " + actions.size());
            }
            times[size] = time;
            actionOf[size++] = action;
        }
        return new FunnelHistory(new ArrayList<>(actions), times, actionOf, size);
    }

    ByteBuffer pack() {
        ByteBuffer out = ByteBuffer.allocate(size * 15);
        long previous = 0;
        for (int i = 0; i < size; i++) {
            long delta = times[i] - previous;
            writeVarLong(out, (delta << 1) ^ (delta >> 63));
            writeVarLong(out, actionOf[i]);
            previous = times[i];
        }
        return out.flip();
    }

    /** The user's distinct actions; {@link #action} and {@link #earliest} refer to them by index. */
    List<String> actions() {
        return actions;
    }

    /**
     * Adds an event.
     *
     * @return false if the history already has this action at this time (the event changes no level)
     */
    boolean add(long time, String action) {
        int at = firstAtOrAfter(time);
        while (at < size && times[at] == time) {
            int byName = actions.get(actionOf[at]).compareTo(action);
            if (byName == 0) {
                return false;
            }
            if (byName > 0) {
                break;
            }
            at++;
        }
        int index = actions.indexOf(action);
        if (index < 0) {
            index = actions.size();
            actions.add(action);
            if (index == earliest.length) {
                earliest = Arrays.copyOf(earliest, index * 2);
            }
            earliest[index] = time;
        } else {
            earliest[index] = Math.min(earliest[index], time);
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            actionOf = Arrays.copyOf(actionOf, size * 2);
        }
        System.arraycopy(times, at, times, at + 1, size - at);
        System.arraycopy(actionOf, at, actionOf, at + 1, size - at);
        times[at] = time;
        actionOf[at] = index;
        size++;
        return true;
    }

    int size() {
        return size;
    }

    boolean isFull(int maxPairs) {
        return size >= maxPairs;
    }

    long time(int i) {
        return times[i];
    }

    /** The index of the i-th pair's action in {@link #actions}. */
    int action(int i) {
        return actionOf[i];
    }

    long earliest(int action) {
        return earliest[action];
    }

    long first() {
        return times[0];
    }

    long last() {
        return times[size - 1];
    }

    /** The index of the first pair at or after the time ({@link #size} if none). */
    int firstAtOrAfter(long time) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (times[mid] < time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static void writeVarLong(ByteBuffer out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    private static long readVarLong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("Varint longer than 10 bytes");
    }
}
