package dev.eventlane.streams.shared;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Fills a global store from a compacted topic: the latest value of each key; a tombstone deletes the key. Each write
 * is counted ({@link GlobalStore#written}), so that views of the store know they are stale.
 */
final class LatestByKey<V> implements Processor<String, V, Void, Void> {

    private final GlobalStore<V> global;
    private KeyValueStore<String, V> store;

    LatestByKey(GlobalStore<V> global) {
        this.global = global;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(global.name());
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        global.written();
    }
}
