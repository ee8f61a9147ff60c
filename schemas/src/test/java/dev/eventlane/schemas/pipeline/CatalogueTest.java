package dev.eventlane.schemas.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CatalogueTest {

    private static final List<String> TOPIC_NAMES = Topics.ALL.stream().map(Topic::name).toList();
    private static final List<String> TABLE_NAMES = Tables.ALL.stream().map(Table::name).toList();

    @Test
    void namesAreUnique() {
        assertThat(TOPIC_NAMES).doesNotHaveDuplicates();
        assertThat(TABLE_NAMES).doesNotHaveDuplicates();
        assertThat(Sinks.ALL.stream().map(Sink::group).toList()).doesNotHaveDuplicates();
        assertThat(StreamsApplications.ALL).doesNotHaveDuplicates();
    }

    @Test
    void everySinkReadsACataloguedTopicIntoACataloguedTable() {
        for (Sink sink : Sinks.ALL) {
            assertThat(TOPIC_NAMES).contains(sink.topic());
            assertThat(TABLE_NAMES).contains(sink.table());
            assertThat(Tables.ALL.stream().filter(t -> t.name().equals(sink.table())).findFirst().orElseThrow()
                    .filledBy()).isEqualTo(sink.topic());
        }
    }

    @Test
    void everyTableIsFilledByASinkOrAViewOfACataloguedTable() {
        for (Table table : Tables.ALL) {
            assertThat(Sinks.filling(table.name()).isPresent() || TABLE_NAMES.contains(table.filledBy())
                    || table.data() == Table.Data.DEAD_LETTERS || table.data() == Table.Data.SCHEMA)
                    .as(table.name()).isTrue();
        }
    }

    @Test
    void theRawEventsComeFirstWhereErasureAndProjectDeletionCountThem() {
        assertThat(Tables.perUser()).first().isEqualTo(Tables.EVENTS_TABLE);
        assertThat(Tables.eventData()).first().isEqualTo(Tables.EVENTS_TABLE);
        assertThat(Tables.eventData()).containsAll(Tables.perUser());
        assertThat(Tables.rawData()).first().isEqualTo(Tables.EVENTS_TABLE);
    }

    @Test
    void retentionPurgesEveryRawCopyAndTheWebSessionsNothingElseDerived() {
        assertThat(Tables.rawData()).containsExactly(Tables.EVENTS_TABLE, Tables.WEB_EVENTS, Tables.WEB_SESSIONS,
                Tables.LOGS_TABLE);
    }

    @Test
    void theTopicsFileHasALinePerTopicWithItsSettings() {
        List<String> lines = Catalogue.topicsText().lines().toList();
        assertThat(lines).hasSize(Topics.ALL.size());
        assertThat(lines).contains("events 0", "funnel-levels 0 cleanup.policy=compact",
                "api-keys 1 cleanup.policy=compact");
    }
}
