package dev.eventlane.query.gql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eventlane.query.gql.GqlQuery.Aggregation;
import dev.eventlane.query.gql.GqlQuery.Compare;
import dev.eventlane.query.gql.GqlQuery.FieldGroup;
import dev.eventlane.query.gql.GqlQuery.Func;
import dev.eventlane.query.gql.GqlQuery.Op;
import dev.eventlane.query.gql.GqlQuery.Source;
import dev.eventlane.query.gql.GqlQuery.Text;

/** The grammar: every query of the GoodLogs reference parses to what it means; bad ones fail with a position. */
class GqlSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "count | where severity = 'error' | last 1h",
        "from:events | count_distinct(distinct_id) | last:1d",
        "from:events | count | last:30d",
        "from:events | count by event_name | top 10 | last:30d",
        "count distinct $distinct_id from:events | last 1d",
        "count from:events | last 30d",
        "count by event from:events | sort count desc | limit 10",
        "severity:error last:24h",
        "severity:error | count by message | top 10",
        "from:alert_events | last 7d",
    })
    void everyQueryOfTheReferenceParses(String text) {
        assertThat(GqlSyntax.parse(text)).isNotNull();
    }

    @Test
    void theReferenceQueriesMeanWhatTheySay() {
        GqlQuery errors = GqlSyntax.parse("count | where severity = 'error' | last 1h");
        assertThat(errors.source()).isEqualTo(Source.LOGS);
        assertThat(errors.aggregation()).contains(new Aggregation(Func.COUNT, Optional.empty(), Optional.empty()));
        assertThat(errors.filters()).containsExactly(new Compare("severity", Op.EQ, new Text("error")));
        assertThat(errors.window().orElseThrow().last()).contains(Duration.ofHours(1));

        GqlQuery distinct = GqlSyntax.parse("count distinct $distinct_id from:events | last 1d");
        assertThat(distinct.source()).isEqualTo(Source.EVENTS);
        assertThat(distinct.aggregation().orElseThrow().func()).isEqualTo(Func.COUNT_DISTINCT);
        assertThat(distinct.aggregation().orElseThrow().field()).contains("$distinct_id");

        GqlQuery top = GqlSyntax.parse("from:events | count by event_name | top 10 | last:30d");
        assertThat(top.groupBy()).containsExactly(new FieldGroup("event_name"));
        assertThat(top.limit()).contains(10);
        assertThat(top.sort().orElseThrow().descending()).isTrue();
        assertThat(top.window().orElseThrow().last()).contains(Duration.ofDays(30));

        GqlQuery search = GqlSyntax.parse("severity:error last:24h");
        assertThat(search.isAggregate()).isFalse();
        assertThat(search.filters()).containsExactly(new Compare("severity", Op.EQ, new Text("error")));
    }

    @Test
    void theWholeLanguage() {
        GqlQuery query = GqlSyntax.parse("from:logs service:\"billing api\" \"timeout\" | where (amount >= 10.5 AND"
                + " NOT env in ('dev', 'test')) OR message contains 'card' | p95(duration_ms) by service, 1h"
                + " | sort value asc | limit 50 | between 2026-12-01 and 2026-12-02T12:00:00Z");
        assertThat(query.texts()).containsExactly("timeout");
        assertThat(query.filters()).hasSize(2);
        assertThat(query.aggregation().orElseThrow().percentile()).contains(95);
        assertThat(query.groupBy()).hasSize(2);
        assertThat(query.sort().orElseThrow().descending()).isFalse();
        assertThat(query.window().orElseThrow().from()).isPresent();
        assertThat(GqlSyntax.parse("!severity:debug | percentile(latency, 99) | since '2026-11-01'").filters())
                .hasSize(1);
        assertThat(GqlSyntax.parse("COUNT BY Level | TOP 3").limit()).contains(3);
    }

    @Test
    void syntaxErrorsNameTheirPosition() {
        assertThatThrownBy(() -> GqlSyntax.parse("severity:error | count by")).isInstanceOf(GqlException.class)
                .hasMessageContaining("position 25").extracting(e -> ((GqlException) e).status()).isEqualTo(400);
        assertThatThrownBy(() -> GqlSyntax.parse("count | where severity = ")).hasMessageContaining("position 25");
        assertThatThrownBy(() -> GqlSyntax.parse("severity:'unclosed")).hasMessageContaining("position 9");
        assertThatThrownBy(() -> GqlSyntax.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> GqlSyntax.parse("x".repeat(5000))).hasMessageContaining("longer than");
    }

    @Test
    void queriesThatParseButCannotRunAre422WithAPosition() {
        for (String text : List.of("from:tables | count", "count | sum(x) ", "last 1h | last 2h", "count | top 0",
                "count | top 100000", "p(x)", "percentile(x, 100)", "between 2026-12-02 and 2026-12-01",
                "since 'yesterday'", "count by 10s")) {
            assertThatThrownBy(() -> GqlSyntax.parse(text)).as(text).isInstanceOf(GqlException.class)
                    .hasMessageContaining("position");
        }
    }
}
