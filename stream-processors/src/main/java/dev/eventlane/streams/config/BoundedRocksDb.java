package dev.eventlane.streams.config;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One block cache and one memtable budget for every RocksDB store of the process. By default each store instance
 * (one per store and partition: about sixty here) gets its own 50 MB cache and up to three 16 MB memtables, which
 * took stream-processors past 1.9 GB resident in the benchmark.
 *
 * <p>The budget is {@value #MEMORY_CONFIG} in the Kafka Streams configuration (bytes, default {@value #DEFAULT_BYTES});
 * memtables are charged to the same cache, up to a quarter of it. Index and filter blocks live in the cache too, at
 * high priority, so the bound holds however many stores there are.
 */
public class BoundedRocksDb implements RocksDBConfigSetter {

    public static final String MEMORY_CONFIG = "eventlane.rocksdb.memory.bytes";
    static final long DEFAULT_BYTES = 256L * 1024 * 1024;
    private static final long MEMTABLE_BYTES = 8L * 1024 * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache(configs));
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    /** Shared by all stores, created with the first; never closed (they live as long as the process). */
    private static synchronized Cache cache(Map<String, Object> configs) {
        if (cache == null) {
            Object configured = configs.get(MEMORY_CONFIG);
            long bytes = configured == null ? DEFAULT_BYTES : Long.parseLong(configured.toString().trim());
            // High-priority pool (index and filter blocks): a tenth of the cache.
            cache = new LRUCache(bytes, -1, false, 0.1);
            writeBuffers = new WriteBufferManager(bytes / 4, cache);
        }
        return cache;
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared: closing them here would break the other stores.
    }
}
