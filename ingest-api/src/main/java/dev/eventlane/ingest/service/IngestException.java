package dev.eventlane.ingest.service;

import java.util.Map;

/**
 * A request that cannot be accepted, with the HTTP status and the machine-readable code the client sees. Each API
 * surface renders it in its own error body.
 */
public class IngestException extends RuntimeException {

    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;
    private final Map<String, String> headers;

    public IngestException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public IngestException(int status, String code, String message, Integer retryAfterSeconds) {
        this(status, code, message, retryAfterSeconds, Map.of());
    }

    /** @param headers more headers of the answer (the rate limit's) */
    public IngestException(int status, String code, String message, Integer retryAfterSeconds,
            Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.headers = headers;
    }

    public static IngestException badRequest(String code, String message) {
        return new IngestException(400, code, message);
    }

    public static IngestException tooLarge(String code, String message) {
        return new IngestException(413, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** Seconds the client should wait before retrying, for 429 and 503. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
