package dev.eventlane.testkit;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the shared {@link Stack}:
 * {@code @QuarkusTestResource(StackResource.class)} (or {@code @WithTestResource}).
 *
 * <p>Returns {@code kafka.bootstrap.servers}, {@code eventlane.clickhouse.url},
 * {@code eventlane.clickhouse.database}, {@code quarkus.datasource.jdbc.url},
 * {@code quarkus.datasource.username} and {@code quarkus.datasource.password}. {@link #stop()} leaves
 * the stack running: other test classes of the JVM use it too, and it stops with the JVM.
 */
public class StackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Stack.get().config();
    }

    @Override
    public void stop() {
        // shared with the other test classes; stopped by Stack's shutdown hook
    }
}
