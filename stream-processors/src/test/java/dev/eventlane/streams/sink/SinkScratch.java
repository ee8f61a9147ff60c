package dev.eventlane.streams.sink;

import java.time.Duration;
import java.util.UUID;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseMigrations;
import dev.eventlane.platform.clickhouse.DeadLetters;
import dev.eventlane.testkit.Stack;

/**
 * A sink test's own topic (three partitions), consumer group and scratch copy of one of the pipeline's ClickHouse
 * tables, on the JVM's shared test stack: tests isolate themselves by names.
 */
record SinkScratch(String topic, String table, String group) {

    /** Nothing in these tests is dead-lettered; a letter fails the batch, so the test sees it. */
    static final DeadLetters NO_DEAD_LETTERS = letter -> {
        throw new IllegalStateException("unexpected dead letter: " + letter.reason());
    };

    static ClickHouseClient clickhouse() {
        return new ClickHouseClient(Stack.get().clickHouse().httpUrl(), Stack.CLICKHOUSE_DATABASE,
                Duration.ofSeconds(30));
    }

    /** Topic and group {@code name-<run>}, table {@code <copyOf>_<name>_<run>} created {@code AS copyOf}. */
    static SinkScratch of(ClickHouseClient clickhouse, String name, String copyOf) {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        SinkScratch scratch = new SinkScratch(name + "-" + run, copyOf + "_" + name.replace('-', '_') + "_" + run,
                name + "-" + run);
        Stack.get().kafka().createTopics(3, scratch.topic());
        ClickHouseMigrations.apply(clickhouse);
        clickhouse.execute("CREATE TABLE " + scratch.table() + " AS " + copyOf);
        return scratch;
    }
}
