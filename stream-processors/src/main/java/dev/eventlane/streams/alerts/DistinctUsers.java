package dev.eventlane.streams.alerts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * The users a distinct-count rule version has seen in one partition: the {@code capacity} users seen last, each with
 * the latest time it was seen. Those in the window are the partition's distinct count up to {@code capacity}
 * (threshold + 1): exact below it, and at it enough to know the sum over the partitions is above the threshold.
 *
 * <p>Why the users seen last: the users in a window ending at any later time are those seen after its start, so
 * keeping the most recent ones (and forgetting the earliest when full) keeps the count exact up to the capacity
 * until they slide out. The store, with its changelog, holds the users ({@code version \0 user} to the time); the
 * order by time is kept in memory beside it and rebuilt from the store ({@link #load}).
 */
final class DistinctUsers {

    private record Seen(long time, String user) {
    }

    private static final Comparator<Seen> BY_TIME = Comparator.comparingLong(Seen::time).thenComparing(Seen::user);

    private final KeyValueStore<String, Long> store;
    private final String version;
    private final Map<String, Long> lastSeen = new HashMap<>();
    private final TreeSet<Seen> byTime = new TreeSet<>(BY_TIME);

    DistinctUsers(KeyValueStore<String, Long> store, String version) {
        this.store = store;
        this.version = version;
    }

    /** Every version's users in the store, as a previous run (or the changelog) left them. */
    static Map<String, DistinctUsers> load(KeyValueStore<String, Long> store) {
        Map<String, DistinctUsers> all = new HashMap<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> seen = it.next();
                if (seen.value != null) {
                    String version = seen.key.substring(0, seen.key.lastIndexOf(RecordKeys.SEPARATOR));
                    all.computeIfAbsent(version, v -> new DistinctUsers(store, v))
                            .remember(seen.key.substring(version.length() + 1), seen.value);
                }
            }
        }
        return all;
    }

    /**
     * The user was seen at {@code time}: kept with the later of its times if it is known, added if there is room,
     * or in place of the user seen earliest if it was seen later than that one.
     */
    void see(String user, long time, long capacity) {
        Long known = lastSeen.get(user);
        if (known != null) {
            if (time > known) {
                byTime.remove(new Seen(known, user));
                put(user, time);
            }
            return;
        }
        if (lastSeen.size() >= capacity) {
            Seen earliest = byTime.first();
            if (time <= earliest.time()) {
                return;
            }
            forget(earliest);
        }
        put(user, time);
    }

    /** Forgets the users last seen at or before {@code start}, and returns how many remain. */
    long expire(long start) {
        while (!byTime.isEmpty() && byTime.first().time() <= start) {
            forget(byTime.first());
        }
        return lastSeen.size();
    }

    /** Forgets every user: of a rule that was deleted, disabled or changed. */
    void clear() {
        List<Seen> all = new ArrayList<>(byTime);
        all.forEach(this::forget);
    }

    private void remember(String user, long time) {
        lastSeen.put(user, time);
        byTime.add(new Seen(time, user));
    }

    private void put(String user, long time) {
        remember(user, time);
        store.put(version + RecordKeys.SEPARATOR + user, time);
    }

    private void forget(Seen seen) {
        byTime.remove(seen);
        lastSeen.remove(seen.user());
        store.delete(version + RecordKeys.SEPARATOR + seen.user());
    }
}
