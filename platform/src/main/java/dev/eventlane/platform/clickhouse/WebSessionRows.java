package dev.eventlane.platform.clickhouse;

import java.util.stream.Collectors;

import dev.eventlane.schemas.WebSession;

/**
 * Web sessions as rows of the ClickHouse {@code web_sessions} table (migration V018): one row per published state,
 * its event count as the version (it grows with every publication, so the highest version is the latest state).
 */
public final class WebSessionRows implements RowFormat<WebSession> {

    public static final String COLUMNS = "project_id, session_id, user_id, ts_ms, last_ms, version, event_count, "
            + "pageviews, entry_path, exit_path, flow_paths, country, browser, os, device, referrer_host, utm_source, "
            + "utm_medium, utm_campaign";

    @Override
    public String columns() {
        return COLUMNS;
    }

    @Override
    public void append(TsvBuffer row, WebSession s) {
        RowFormat.text(row, s.getProjectId());
        RowFormat.text(row, s.getSessionId());
        RowFormat.text(row, s.getVisitorId());
        RowFormat.number(row, s.getFirstEvent().toEpochMilli());
        RowFormat.number(row, s.getLastEvent().toEpochMilli());
        RowFormat.number(row, s.getEventCount());
        RowFormat.number(row, s.getEventCount());
        RowFormat.number(row, s.getPageviewCount());
        RowFormat.text(row, s.getEntryPath());
        RowFormat.text(row, s.getExitPath());
        // An array's strings are quoted literals inside the field, with the same escapes (no raw tab or newline).
        row.unescaped(s.getFlow().stream().map(step -> Sql.quote(step.getPath()))
                .collect(Collectors.joining(",", "[", "]"))).tab();
        RowFormat.text(row, s.getCountry());
        RowFormat.text(row, s.getBrowser());
        RowFormat.text(row, s.getOs());
        RowFormat.text(row, s.getDevice());
        RowFormat.text(row, s.getReferrerHost());
        RowFormat.text(row, s.getUtmSource());
        RowFormat.text(row, s.getUtmMedium());
        RowFormat.text(row, s.getUtmCampaign());
    }
}
