package dev.eventlane.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import dev.eventlane.testkit.StackResource;

/**
 * Filter values that would change a query if they reached SQL unescaped: stored as paths and custom event names,
 * each must match exactly its own event through every key that compares text, and nothing else.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class WebFilterInjectionTest {

    private static final long TS = Instant.parse("2001-07-01T12:00:00Z").toEpochMilli();

    static final List<String> CORPUS = List.of(
            "' OR 1=1 --",
            "' OR '1'='1",
            "\\' OR 1=1 --",
            "'); DROP TABLE web_events; --",
            "' UNION SELECT 1, 2, 3 --",
            "/a' AND sleep(3) AND 'x'='x",
            "\\",
            "\\\\'",
            "'''",
            "a\tb\nc\rd",
            "%27 OR 1=1",
            "x\" OR \"1\"=\"1",
            "$(reboot)",
            "/путь/ünïcödé/🙂",
            "'; SELECT * FROM system.users FORMAT JSON; --",
            "0x27",
            "\\x27 OR 1",
            "| !",
            "path:/a search:b");

    @Test
    void everyCorpusValueMatchesExactlyItsOwnEvent() {
        WebTenant tenant = WebTenant.create();
        List<WebEvent> events = new ArrayList<>();
        for (int i = 0; i < CORPUS.size(); i++) {
            String value = CORPUS.get(i);
            events.add(new WebEvent("p" + i, "pageview", "pageview", value, "https://example.com/", "", "01HVINJ",
                    "01HSINJ" + i, "RO", "Chrome", "macOS", "desktop", TS + i));
            events.add(new WebEvent("c" + i, "custom", value, "/", "https://example.com/", "", "01HVINJ",
                    "01HSINJ" + i, "RO", "Chrome", "macOS", "desktop", TS + i));
        }
        WebEvent.insert(tenant.projectId, events);
        Map<String, Object> window = Map.of("from", "2001-07-01T00:00:00Z", "to", "2001-07-02T00:00:00Z");
        for (int i = 0; i < CORPUS.size(); i++) {
            String quoted = quote(CORPUS.get(i));
            assertThat(ids(tenant, window, "path:" + quoted)).as(CORPUS.get(i)).containsExactly("p" + i);
            assertThat(ids(tenant, window, "custom_event_name:" + quoted)).as(CORPUS.get(i))
                    .containsExactly("c" + i);
            assertThat(ids(tenant, window, "!path:" + quoted + " event_type:pageview")).as(CORPUS.get(i))
                    .hasSize(CORPUS.size() - 1).doesNotContain("p" + i);
            assertThat(ids(tenant, window, "search:" + quoted)).as(CORPUS.get(i)).contains("p" + i, "c" + i);
        }
        assertThat(tenant.get("/count", window).getLong("count")).isEqualTo(events.size());
    }

    /** A filter value in double quotes, with its quotes and backslashes escaped. */
    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static List<String> ids(WebTenant tenant, Map<String, Object> window, String filter) {
        Map<String, Object> params = new java.util.HashMap<>(window);
        params.put("filter", filter);
        params.put("limit", 1000);
        return tenant.get("", params).getList("items.id", String.class);
    }
}
