package dev.eventlane.streams.analytics;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.kafka.EventHeaders;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * The head of the analytics stage: forwards events, and carries out erasures ({@link EventHeaders#ERASE_USER}).
 * An erasure removes every piece of state the stage keeps about the user (sessions, whether published yet or not,
 * active days, funnel progress and pending levels), so no later event of the user brings back what was erased.
 * It reaches this stage after every event of the user accepted before it (same key, same partition).
 *
 * <p>Kept: the funnel step catalog, which holds each action's earliest time over all users, not data of a user.
 */
class UserErasure implements FixedKeyProcessor<String, Event, Event> {

    private static final StringSerializer KEYS = new StringSerializer();

    /** Stores whose keys start with the project and user ({@link RecordKeys#user} and a separator). */
    private final List<String> userStoreNames;
    /** Stores whose keys are project, funnel and user; the funnels come from {@link #funnelOrdersStoreName}. */
    private final List<String> funnelUserStoreNames;
    private final String funnelOrdersStoreName;
    private final List<KeyValueStore<String, ?>> userStores = new ArrayList<>();
    private final List<KeyValueStore<String, ?>> funnelUserStores = new ArrayList<>();
    private FixedKeyProcessorContext<String, Event> context;
    private KeyValueStore<String, String> funnelOrders;

    UserErasure(List<String> userStoreNames, List<String> funnelUserStoreNames, String funnelOrdersStoreName) {
        this.userStoreNames = userStoreNames;
        this.funnelUserStoreNames = funnelUserStoreNames;
        this.funnelOrdersStoreName = funnelOrdersStoreName;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Event> context) {
        this.context = context;
        userStoreNames.forEach(name -> userStores.add(context.getStateStore(name)));
        funnelUserStoreNames.forEach(name -> funnelUserStores.add(context.getStateStore(name)));
        this.funnelOrders = context.getStateStore(funnelOrdersStoreName);
    }

    @Override
    public void process(FixedKeyRecord<String, Event> record) {
        if (record.value() != null) {
            context.forward(record);
        } else if (record.key() != null && EventHeaders.isErasure(record.headers())) {
            erase(record.key());
        }
    }

    /** @param user the record key: project and user ({@link RecordKeys#user}) */
    private void erase(String user) {
        int separator = user.indexOf(RecordKeys.SEPARATOR);
        if (separator < 0) {
            return; // not a project-and-user key: names nobody
        }
        String prefix = user + RecordKeys.SEPARATOR;
        userStores.forEach(store -> deleteWithPrefix(store, prefix));
        String projectId = user.substring(0, separator);
        String userId = user.substring(projectId.length() + 1);
        List<String> funnels = keysWithPrefix(funnelOrders, projectId + RecordKeys.SEPARATOR);
        for (KeyValueStore<String, ?> store : funnelUserStores) {
            funnels.forEach(funnel -> store.delete(funnel + RecordKeys.SEPARATOR + userId));
        }
    }

    private static void deleteWithPrefix(KeyValueStore<String, ?> store, String prefix) {
        keysWithPrefix(store, prefix).forEach(store::delete);
    }

    /** Collected before deleting: a store is not changed while an iterator over it is open. */
    private static List<String> keysWithPrefix(KeyValueStore<String, ?> store, String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ?> it = store.prefixScan(prefix, KEYS)) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
