package dev.eventlane.ingest.logflux;

import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

import dev.eventlane.ingest.service.EventIds;
import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.ingest.service.RequestContext;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.SealedPayload;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * One LogFlux entry, validated as LogFlux documents it: {@code node} (at most 255 characters), {@code loglevel}
 * (1-8), {@code timestamp} (ISO 8601 with a zone), {@code encryption_mode} (only 1), {@code payload} (base64, at
 * most 1 MB), {@code iv} (base64 of exactly 12 bytes), {@code salt} (base64 of exactly 32 bytes), all required. The
 * payload is stored sealed, exactly as sent: the server never sees the plaintext. {@code log_id} (optional, an
 * Eventlane extension: 1-256 characters) is the client's id for the entry, so a retried entry is stored once; without
 * it the server makes one.
 */
final class LogFluxEntryParser {

    static final int MAX_NODE = 255;
    static final int MAX_PAYLOAD_BYTES = 1024 * 1024;
    static final int IV_BYTES = 12;
    static final int SALT_BYTES = 32;

    private final Duration maxFutureSkew;

    LogFluxEntryParser(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    /** @param path how to name the entry in messages ({@code entries[3].}) */
    LogEntry parse(JsonNode entry, String path, RequestContext request) {
        if (entry == null || !entry.isObject()) {
            throw error("INVALID_REQUEST", path.isEmpty() ? "The body must be a JSON object"
                    : path.substring(0, path.length() - 1) + " must be an object");
        }
        String node = text(entry, path, "node", "INVALID_NODE");
        if (node.codePointCount(0, node.length()) > MAX_NODE || node.indexOf(RecordKeys.SEPARATOR) >= 0) {
            throw error("INVALID_NODE", path + "node must be at most " + MAX_NODE + " characters");
        }
        JsonNode level = entry.get("loglevel");
        // canConvertToLong: asLong() of a larger number keeps its low 64 bits, 2^64 + 5 would pass as 5.
        if (level == null || !level.isIntegralNumber() || !level.canConvertToLong() || level.asLong() < 1
                || level.asLong() > 8) {
            throw error("INVALID_LOG_LEVEL", path + "loglevel must be a whole number from 1 to 8");
        }
        JsonNode mode = entry.get("encryption_mode");
        if (mode == null || !mode.isIntegralNumber() || !mode.canConvertToLong() || mode.asLong() != 1) {
            throw error("INVALID_ENCRYPTION_MODE", path + "encryption_mode must be 1 (AES-256-GCM with PBKDF2)");
        }
        JsonNode logId = entry.get("log_id");
        String idProblem = EventIds.clientIdProblem(logId, path + "log_id");
        if (idProblem != null) {
            throw error("INVALID_LOG_ID", idProblem);
        }
        Instant at = timestamp(entry, path, request.receivedAt());
        byte[] payload = base64(entry, path, "payload", "INVALID_PAYLOAD");
        if (payload.length == 0 || payload.length > MAX_PAYLOAD_BYTES) {
            throw error("INVALID_PAYLOAD", path + "payload must be 1 byte to 1 MB once decoded");
        }
        byte[] iv = base64(entry, path, "iv", "INVALID_IV");
        if (iv.length != IV_BYTES) {
            throw error("INVALID_IV", path + "iv must be exactly " + IV_BYTES + " bytes, got " + iv.length);
        }
        byte[] salt = base64(entry, path, "salt", "INVALID_SALT");
        if (salt.length != SALT_BYTES) {
            throw error("INVALID_SALT", path + "salt must be exactly " + SALT_BYTES + " bytes, got " + salt.length);
        }
        return LogEntry.newBuilder()
                .setLogId(EventIds.logIdOr(logId))
                .setProjectId(request.projectId())
                .setSource(Source.LOGFLUX)
                .setNode(node)
                .setLevel((int) level.asLong())
                .setTimestamp(at)
                .setReceivedAt(request.receivedAt())
                .setSealed(new SealedPayload(1, ByteBuffer.wrap(payload), ByteBuffer.wrap(iv), ByteBuffer.wrap(salt)))
                .setContext(request.context())
                .build();
    }

    private static String text(JsonNode entry, String path, String field, String code) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw error(code, path + field + " is required and must be a non-empty string");
        }
        return value.textValue();
    }

    private static byte[] base64(JsonNode entry, String path, String field, String code) {
        String text = text(entry, path, field, code);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw error(code, path + field + " must be base64");
        }
    }

    private Instant timestamp(JsonNode entry, String path, Instant now) {
        String text = text(entry, path, "timestamp", "INVALID_TIMESTAMP");
        Instant at;
        try {
            at = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            throw error("INVALID_TIMESTAMP", path + "timestamp must be ISO 8601 with a time zone");
        }
        if (at.isAfter(now.plus(maxFutureSkew)) || at.getEpochSecond() < 0) {
            throw error("INVALID_TIMESTAMP", path + "timestamp must lie between 1970 and "
                    + maxFutureSkew.toHours() + " h from now");
        }
        return at;
    }

    static IngestException error(String code, String message) {
        return IngestException.badRequest(code, message);
    }
}
