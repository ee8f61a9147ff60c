package dev.eventlane.query.control.service;

/**
 * A refused control-plane request, rendered in GoodLogs' error body ({@code {"error":{"code","message"}}}), whose
 * dashboard API ({@code /api}) this surface follows.
 */
public class ControlException extends RuntimeException {

    private final int status;
    private final String code;

    public ControlException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ControlException validation(String message) {
        return new ControlException(400, "VALIDATION_ERROR", message);
    }

    public static ControlException unauthorized(String message) {
        return new ControlException(401, "UNAUTHORIZED", message);
    }

    /** A member of the org (or a signed-in user) whose role does not allow the request. */
    public static ControlException forbidden(String message) {
        return new ControlException(403, "FORBIDDEN", message);
    }

    /** What a non-member sees of an org, project, key or token: it does not exist for them. */
    public static ControlException notFound(String what) {
        return new ControlException(404, "NOT_FOUND", what + " not found");
    }

    public static ControlException conflict(String message) {
        return new ControlException(409, "CONFLICT", message);
    }

    public static ControlException unavailable(String message) {
        return new ControlException(503, "UNAVAILABLE", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
