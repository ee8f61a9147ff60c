package dev.eventlane.ingest.goodlogs;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.eventlane.ingest.service.EventIds;
import dev.eventlane.ingest.service.EventTimes;
import dev.eventlane.ingest.service.JsonProperties;
import dev.eventlane.ingest.service.RequestContext;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.logs.Severities;

/**
 * One item of a GoodLogs {@code /v1/logs} batch as a log entry: {@code severity} (required: debug, info, warn,
 * error, fatal), {@code message} (required, at most 64 KB), {@code properties} (optional object), {@code timestamp}
 * (optional ISO 8601). The legacy objects {@code metadata}, {@code context} and {@code code_location} are flattened
 * into the properties: their fields join them, never replacing a property of the same name. {@code log_id}
 * (optional, an Eventlane extension: 1-256 characters) is the client's id for the entry, so a retried item is stored
 * once; without it the server makes one.
 */
final class GoodLogsLogParser {

    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    static final int MAX_PROPERTIES_BYTES = 64 * 1024;
    private static final String[] LEGACY = {"metadata", "context", "code_location"};

    private final EventTimes times;

    GoodLogsLogParser(EventTimes times) {
        this.times = times;
    }

    /** @param path how to name the item in messages ({@code batch[3].}) */
    LogEntry parse(JsonNode item, String path, RequestContext request) {
        if (item == null || !item.isObject()) {
            throw GoodLogsEventParser.invalid(path + "item must be an object");
        }
        JsonNode severity = item.get("severity");
        if (severity == null || !severity.isTextual() || Severities.level(severity.textValue()).isEmpty()) {
            throw GoodLogsEventParser.invalid(path + "severity must be one of " + String.join(", ", Severities.NAMES));
        }
        JsonNode message = item.get("message");
        if (message == null || !message.isTextual() || message.textValue().isEmpty()) {
            throw GoodLogsEventParser.invalid(path + "message is required and must be a string");
        }
        if (message.textValue().getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            throw GoodLogsEventParser.invalid(path + "message must be at most 64 KB");
        }
        JsonNode logId = item.get("log_id");
        String idProblem = EventIds.clientIdProblem(logId, path + "log_id");
        if (idProblem != null) {
            throw GoodLogsEventParser.invalid(idProblem);
        }
        Map<String, String> properties = new HashMap<>(object(item, path, "properties"));
        for (String legacy : LEGACY) {
            JsonNode value = item.get(legacy);
            if (value != null && value.isObject()) {
                object(item, path, legacy).forEach(properties::putIfAbsent);
            } else if (value != null && !value.isNull()) {
                properties.putIfAbsent(legacy, value.toString());
            }
        }
        return LogEntry.newBuilder()
                .setLogId(EventIds.logIdOr(logId))
                .setProjectId(request.projectId())
                .setSource(Source.GOODLOGS)
                .setLevel(Severities.level(severity.textValue()).orElseThrow())
                .setSeverity(severity.textValue())
                .setTimestamp(times.parse(item.get("timestamp"), path + "timestamp", request.receivedAt()))
                .setReceivedAt(request.receivedAt())
                .setMessage(message.textValue())
                .setProperties(properties)
                .setContext(request.context())
                .build();
    }

    private static Map<String, String> object(JsonNode item, String path, String field) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw GoodLogsEventParser.invalid(path + field + " must be an object");
        }
        if (JsonProperties.bytes(value) > MAX_PROPERTIES_BYTES) {
            throw GoodLogsEventParser.invalid(path + field + " must be at most 64 KB of JSON");
        }
        return JsonProperties.of(value);
    }
}
