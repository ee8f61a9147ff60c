package dev.eventlane.query.gql;

/**
 * A query that does not parse or cannot run as written: GoodLogs' {@code VALIDATION_ERROR}, {@code 400} for a
 * syntax error and {@code 422} for a query that parses but asks for something that cannot be answered. The message
 * names the position (0-based character offset) where one is known.
 */
public class GqlException extends RuntimeException {

    private final int status;

    private GqlException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static GqlException syntax(int position, String message) {
        return new GqlException(400, "GQL syntax error at position " + position + ": " + message);
    }

    static GqlException invalid(int position, String message) {
        return new GqlException(422, "GQL error at position " + position + ": " + message);
    }

    static GqlException invalid(String message) {
        return new GqlException(422, "GQL error: " + message);
    }

    public int status() {
        return status;
    }
}
