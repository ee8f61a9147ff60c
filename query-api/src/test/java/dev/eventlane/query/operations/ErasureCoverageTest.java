package dev.eventlane.query.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.schemas.pipeline.Sink;
import dev.eventlane.schemas.pipeline.Sinks;
import dev.eventlane.schemas.pipeline.Table;
import dev.eventlane.schemas.pipeline.Tables;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.StackResource;

/**
 * The catalogue of tables matches the tables the migrations create on a real ClickHouse, so that a table with rows
 * per user cannot be added without erasure deleting from it.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class ErasureCoverageTest {

    @Inject
    ClickHouseClient clickhouse;

    @Test
    void everyTableTheMigrationsCreateIsInTheCatalogue() {
        assertThat(tables()).containsExactlyInAnyOrderElementsOf(Tables.ALL.stream().map(Table::name).toList());
    }

    @Test
    void everyTableWithRowsPerUserIsErased() {
        Set<String> withUserColumn = names("SELECT DISTINCT table FROM system.columns"
                + " WHERE database = currentDatabase() AND name = 'user_id'");
        withUserColumn.retainAll(tables());
        assertThat(withUserColumn).isNotEmpty().containsExactlyInAnyOrderElementsOf(Tables.perUser());
    }

    @Test
    void erasureWaitsForEverySinkThatFillsATableWithRowsPerUser() {
        // A per-user table is filled by a sink (whose progress erasure awaits) or by a view of such a table.
        for (Table table : Tables.ALL.stream().filter(Table::perUser).toList()) {
            String source = Sinks.filling(table.name()).map(Sink::table)
                    .orElse(table.filledBy());
            Sink sink = Sinks.filling(source).orElseThrow(() -> new AssertionError(table + " has no sink"));
            assertThat(sink.topic().equals(Topics.EVENTS_UNIQUE) || Sinks.derivedPerUser().contains(sink))
                    .as("erasure follows the sink of %s", table.name()).isTrue();
        }
    }

    /** The tables, not the materialized views (which only move rows into tables). */
    private Set<String> tables() {
        return names("SELECT name FROM system.tables WHERE database = currentDatabase() AND engine NOT LIKE '%View'");
    }

    private Set<String> names(String sql) {
        List<String[]> rows = clickhouse.select(sql);
        return rows.stream().map(row -> row[0]).collect(Collectors.toSet());
    }
}
