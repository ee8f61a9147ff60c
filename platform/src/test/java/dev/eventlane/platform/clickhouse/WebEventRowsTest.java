package dev.eventlane.platform.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Source;

class WebEventRowsTest {

    private final WebEventRows rows = new WebEventRows();

    @Test
    void theTrackersReservedPropertiesBecomeColumnsAndTheOthersTheJsonOfProps() {
        Event event = event(Source.WEB, "signup", Map.of("$event_type", "\"custom\"", "$path", "\"/pricing\"",
                "$url", "\"https://example.com/pricing?a=1\"", "$referrer", "\"https://news.example/x\"",
                "$referrer_host", "\"news.example\"", "$visitor_id", "\"01HZVISITOR\"", "$screen_width", "1440",
                "$utm_source", "\"tab\\there\"", "plan", "\"pro\"", "seats", "3"));

        TsvBuffer row = new TsvBuffer();
        rows.append(row, event);

        assertThat(rows.accepts(event)).isTrue();
        assertThat(row.toString().split("\t", -1)).containsExactly("p1", "e1", "01HZUSER", "custom", "signup",
                "/pricing", "https://example.com/pricing?a=1", "https://news.example/x", "news.example",
                "01HZVISITOR", "01HZSESSION", "RO", "Chrome", "macOS", "desktop", "1440", "tab\\there", "", "", "",
                "", "{\"plan\":\"pro\",\"seats\":3}", "1000", "");
        assertThat(WebEventRows.COLUMNS.split(", ")).hasSize(23);
    }

    @Test
    void aPageviewWithoutReservedPropertiesFallsBackToTheUserAndUnknownWidth() {
        Event event = event(Source.WEB, "pageview", Map.of("$screen_width", "\"wide\""));
        TsvBuffer row = new TsvBuffer();
        rows.append(row, event);
        String[] fields = row.toString().split("\t", -1);
        assertThat(fields[3]).isEqualTo("pageview");
        assertThat(fields[9]).isEqualTo("01HZUSER");
        assertThat(fields[15]).isEqualTo("0");
    }

    @Test
    void eventsOfOtherSourcesAreNotRows() {
        assertThat(rows.accepts(event(Source.values()[0] == Source.WEB ? Source.values()[1] : Source.values()[0],
                "pageview", Map.of()))).isFalse();
    }

    @Test
    void jsonStringsAreDecoded() {
        assertThat(JsonText.decodeString("\"a\\\"b\\\\c\\u00e9\\n\"")).isEqualTo("a\"b\\c\u00e9\n");
        assertThat(JsonText.decodeString("\"bad\\u12\"")).isEqualTo("bad\\u12");
    }

    private static Event event(Source source, String name, Map<String, String> properties) {
        return Event.newBuilder().setEventId("e1").setProjectId("p1").setSource(source).setName(name)
                .setUserId("01HZUSER").setSessionId("01HZSESSION").setPlatform("web")
                .setTimestamp(Instant.ofEpochMilli(1000)).setReceivedAt(Instant.ofEpochMilli(2000))
                .setProperties(Map.copyOf(properties))
                .setContext(EventContext.newBuilder().setCountry("RO").setBrowser("Chrome").setOs("macOS")
                        .setDevice("desktop").build())
                .build();
    }
}
