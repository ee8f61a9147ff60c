package dev.eventlane.query.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.query.analytics.rest.TestData;

/** One web event of a test, as the sink stores it in {@code web_events}. */
record WebEvent(String id, String type, String name, String path, String url, String referrerHost, String visitor,
        String session, String country, String browser, String os, String device, long ts) {

    private static final String COLUMNS = "project_id, event_id, user_id, event_type, name, path, url, referrer,"
            + " referrer_host, visitor_id, session_id, country, browser, os, device, screen_width, utm_source,"
            + " utm_medium, utm_campaign, utm_term, utm_content, props, ts_ms, kafka_partition, kafka_offset";

    boolean pageview() {
        return type.equals("pageview");
    }

    /** Inserts the events of the project in one batch. */
    static void insert(String projectId, List<WebEvent> events) {
        StringBuilder tsv = new StringBuilder();
        long offset = 0;
        for (WebEvent e : events) {
            Object[] values = {projectId, e.id, e.visitor, e.type, e.name, e.path, e.url, "", e.referrerHost,
                e.visitor, e.session, e.country, e.browser, e.os, e.device, 1280, "", "", "", "", "", "{}", e.ts, 0,
                offset++};
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    tsv.append('\t');
                }
                Sql.appendTsv(tsv, String.valueOf(values[i]));
            }
            tsv.append('\n');
        }
        TestData.clickhouse().insertTsv("web_events", COLUMNS, tsv.toString().getBytes(StandardCharsets.UTF_8));
    }
}
