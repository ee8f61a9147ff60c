package dev.eventlane.platform.clickhouse;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Locale;

import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.SealedPayload;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Log entries as rows of the ClickHouse {@code logs} table. A sealed payload's bytes are stored base64-encoded, as
 * the client sent them; absent optional fields become empty strings (and 0 for the encryption mode). Each row names
 * the topic it came from ({@value Topics#LOGS_UNIQUE}; older rows came from {@value Topics#LOGS}).
 */
public final class LogRows implements RowFormat<LogEntry> {

    public static final String COLUMNS = "project_id, log_id, source, node, level, severity, ts_ms, received_ms, "
            + "message, encryption_mode, payload, iv, salt, properties, ip, user_agent, browser, os, device, country, "
            + "kafka_topic";
    private static final String OWN_ROWS = "kafka_topic = " + Sql.quote(Topics.LOGS_UNIQUE);

    @Override
    public String columns() {
        return COLUMNS;
    }

    @Override
    public String ownRows() {
        return OWN_ROWS;
    }

    @Override
    public void append(TsvBuffer row, LogEntry log) {
        RowFormat.text(row, log.getProjectId());
        RowFormat.text(row, log.getLogId());
        RowFormat.text(row, log.getSource().name().toLowerCase(Locale.ROOT));
        RowFormat.text(row, log.getNode());
        RowFormat.number(row, log.getLevel());
        RowFormat.text(row, log.getSeverity());
        RowFormat.number(row, log.getTimestamp().toEpochMilli());
        RowFormat.number(row, log.getReceivedAt().toEpochMilli());
        RowFormat.text(row, log.getMessage());
        SealedPayload sealed = log.getSealed();
        RowFormat.number(row, sealed == null ? 0 : sealed.getEncryptionMode());
        RowFormat.text(row, sealed == null ? null : base64(sealed.getCiphertext()));
        RowFormat.text(row, sealed == null ? null : base64(sealed.getIv()));
        RowFormat.text(row, sealed == null ? null : base64(sealed.getSalt()));
        RowFormat.json(row, log.getProperties());
        EventRows.appendContext(row, log.getContext());
        RowFormat.text(row, Topics.LOGS_UNIQUE);
    }

    private static String base64(ByteBuffer bytes) {
        ByteBuffer copy = bytes.duplicate();
        byte[] raw = new byte[copy.remaining()];
        copy.get(raw);
        return Base64.getEncoder().encodeToString(raw);
    }
}
