package dev.eventlane.query.analytics.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;

/** Log entries of one project in ClickHouse, newest first. Every statement is confined to the project. */
@ApplicationScoped
public class LogRepository {

    private static final String COLUMNS = "log_id, source, node, level, severity, ts_ms, message, encryption_mode,"
            + " payload, iv, salt, properties";

    private final ClickHouseClient clickhouse;

    public LogRepository(ClickHouseClient clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** Which entries: each criterion null when not asked for. */
    public record LogFilter(String node, Integer level, String severity, String text, Long fromMs, Long toMs,
            int limit) {
    }

    public List<StoredLog> find(String projectId, LogFilter filter) {
        Where where = Where.project(projectId).equal("node", filter.node()).equal("severity", filter.severity())
                .atLeast("ts_ms", filter.fromMs()).below("ts_ms", filter.toMs());
        if (filter.level() != null) {
            where.and("level = " + filter.level().intValue());
        }
        if (filter.text() != null) {
            // Plain messages only: a sealed payload is ciphertext, searchable by nobody but its owner.
            where.and("positionCaseInsensitiveUTF8(message, " + Sql.quote(filter.text()) + ") > 0");
        }
        int limit = filter.limit();
        List<StoredLog> logs = new ArrayList<>();
        for (String[] row : clickhouse.select("SELECT " + COLUMNS + " FROM logs" + where
                + " ORDER BY ts_ms DESC, log_id DESC LIMIT " + limit)) {
            boolean sealed = !"0".equals(row[7]);
            logs.add(new StoredLog(row[0], row[1], emptyToNull(row[2]), Integer.parseInt(row[3]),
                    emptyToNull(row[4]), Instant.ofEpochMilli(Long.parseLong(row[5])).toString(),
                    sealed ? null : row[6], sealed ? Integer.valueOf(row[7]) : null, sealed ? row[8] : null,
                    sealed ? row[9] : null, sealed ? row[10] : null, sealed ? null : row[11]));
        }
        return logs;
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    /**
     * One entry as {@code GET /v1/logs} shows it: a sealed entry with its payload, IV and salt (base64, exactly as
     * the client sent them), a plain one with its message and properties.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StoredLog(String id, String source, String node, int loglevel, String severity, String timestamp,
            String message, @JsonProperty("encryption_mode") Integer encryptionMode, String payload, String iv,
            String salt, @JsonRawValue String properties) {
    }
}
