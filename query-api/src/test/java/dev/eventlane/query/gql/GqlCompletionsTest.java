package dev.eventlane.query.gql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.eventlane.query.gql.GqlCompletions.Context;
import dev.eventlane.query.gql.GqlCompletions.Suggestion;
import dev.eventlane.query.gql.GqlQuery.Source;

/** What the cursor's place in a partial query calls for, without ClickHouse (the values are looked up elsewhere). */
class GqlCompletionsTest {

    private static List<String> texts(String text, int cursor) {
        return GqlCompletions.at(text, cursor).fixed().stream().map(Suggestion::text).toList();
    }

    private static List<String> texts(String text) {
        return texts(text, text.length());
    }

    @Test
    void sourcesAfterFrom() {
        assertThat(texts("from:")).containsExactly("logs", "events", "alert_events");
        assertThat(texts("count | from:ev")).containsExactly("events");
        assertThat(GqlCompletions.at("from:ev", 7).fixed()).allMatch(s -> s.kind().equals("source"));
    }

    @Test
    void keywordsFunctionsAndFieldsStartATerm() {
        List<String> start = texts("");
        assertThat(start).startsWith("count", "count_distinct(", "sum(", "avg(", "min(", "max(", "percentile(",
                "where", "last", "since", "by", "sort", "top", "limit", "from:");
        assertThat(start).contains("severity", "message", "$browser").doesNotContain("event_name", "logs");
        assertThat(texts("severity:error | co")).containsExactly("count", "count_distinct(");
        assertThat(texts("from:events | ev")).containsExactly("event", "event_id", "event_name");
        assertThat(texts("from:alert_events ki")).containsExactly("kind");
        assertThat(GqlCompletions.at("", 0).fixed()).extracting(Suggestion::kind)
                .contains("function", "keyword", "field");
    }

    @Test
    void theCursorNotTheEndDecides() {
        String query = "from:events | count by  | last 1d";
        assertThat(texts(query, 5)).containsExactly("logs", "events", "alert_events");
        assertThat(texts(query, 23)).contains("event_name", "distinct_id").doesNotContain("count", "where");
        assertThat(texts(query, query.length())).isEmpty();
    }

    @Test
    void operatorsAfterAFieldOfAWhere() {
        assertThat(texts("count | where severity ")).containsExactly("=", "!=", ">", ">=", "<", "<=", "contains",
                "in");
        assertThat(texts("count | where severity c")).containsExactly("contains");
        assertThat(texts("count | where severity = 'error' and ")).contains("message", "severity")
                .doesNotContain("=", "count");
        assertThat(texts("sort ")).contains("count", "value", "severity");
        assertThat(texts("sort count ")).containsExactly("desc", "asc");
    }

    @Test
    void valuesAfterFieldColonOrEquals() {
        Context colon = GqlCompletions.at("severity:er", 11);
        assertThat(colon.valuesOf()).contains("severity");
        assertThat(colon.word()).isEqualTo("er");
        assertThat(colon.source()).isEqualTo(Source.LOGS);
        Context equals = GqlCompletions.at("from:events | where event_name = 'sig", 37);
        assertThat(equals.valuesOf()).contains("event_name");
        assertThat(equals.word()).isEqualTo("sig");
        assertThat(equals.quoted()).isTrue();
        assertThat(equals.source()).isEqualTo(Source.EVENTS);
        assertThat(GqlCompletions.at("last:", 5).valuesOf()).isEmpty();
        assertThat(GqlCompletions.at("from:", 5).valuesOf()).isEqualTo(Optional.empty());
        assertThat(GqlCompletions.at("\"free text", 10).valuesOf()).isEmpty();
    }
}
