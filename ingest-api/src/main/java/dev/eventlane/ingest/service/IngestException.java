package dev.eventlane.ingest.service;

/**
 * A request that cannot be accepted, with the HTTP status and the machine-readable code the client sees. Each API
 * surface renders it in its own error body.
 */
public class IngestException extends RuntimeException {

    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;

    public IngestException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public IngestException(int status, String code, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
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

    /** Seconds the client should wait before retrying, for 429 and 503. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
