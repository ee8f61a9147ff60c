package dev.eventlane.query.analytics.service;

/** A request the query API refuses, rendered as {@code {"ok":false,"error":code,"message":...}}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiException badParameter(String message) {
        return new ApiException(400, "invalid_parameter", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
