package dev.eventlane.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.kafka.RecordKeys;

/** The users a partition keeps for a distinct count: the latest seen, bounded, and as the store rebuilds them. */
class DistinctUsersTest {

    private static final String VERSION = "p1" + RecordKeys.SEPARATOR + "r1" + RecordKeys.SEPARATOR + "00ff";
    private static final String OTHER = "p1" + RecordKeys.SEPARATOR + "r2" + RecordKeys.SEPARATOR + "0a0a";

    private KeyValueStore<String, Long> store;

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("users"), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<String, Long>().getStateStoreContext(), store);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void keepsTheUsersSeenLastEachAtItsLatestTime() {
        DistinctUsers users = new DistinctUsers(store, VERSION);
        users.see("u1", 1_000, 3);
        users.see("u2", 2_000, 3);
        users.see("u3", 3_000, 3);
        users.see("u1", 500, 3);
        assertThat(stored()).isEqualTo(Map.of(key(VERSION, "u1"), 1_000L, key(VERSION, "u2"), 2_000L,
                key(VERSION, "u3"), 3_000L));

        users.see("u4", 4_000, 3);
        users.see("u5", 1_500, 3);
        users.see("u2", 5_000, 3);
        assertThat(stored()).isEqualTo(Map.of(key(VERSION, "u2"), 5_000L, key(VERSION, "u3"), 3_000L,
                key(VERSION, "u4"), 4_000L));

        assertThat(users.expire(3_000)).isEqualTo(2);
        assertThat(users.expire(3_999)).isEqualTo(2);
        assertThat(stored()).isEqualTo(Map.of(key(VERSION, "u2"), 5_000L, key(VERSION, "u4"), 4_000L));
    }

    @Test
    void theUsersAreRebuiltFromTheStoreAndKeepTheirOrder() {
        DistinctUsers before = new DistinctUsers(store, VERSION);
        before.see("u1", 1_000, 2);
        before.see("", 2_000, 2);
        new DistinctUsers(store, OTHER).see("u9", 9_000, 5);

        Map<String, DistinctUsers> loaded = DistinctUsers.load(store);
        assertThat(loaded).containsOnlyKeys(VERSION, OTHER);
        DistinctUsers users = loaded.get(VERSION);
        users.see("u3", 3_000, 2);
        assertThat(stored()).isEqualTo(Map.of(key(VERSION, ""), 2_000L, key(VERSION, "u3"), 3_000L,
                key(OTHER, "u9"), 9_000L));
        assertThat(users.expire(2_000)).isEqualTo(1);

        users.clear();
        assertThat(stored()).isEqualTo(Map.of(key(OTHER, "u9"), 9_000L));
        assertThat(users.expire(0)).isZero();
    }

    private static String key(String version, String user) {
        return version + RecordKeys.SEPARATOR + user;
    }

    private Map<String, Long> stored() {
        Map<String, Long> all = new TreeMap<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        return all;
    }
}
