package dev.eventlane.platform.webhooks;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The error texts of the webhook delivery log, written by the stream-processors' sender and shown by query-api: a
 * few fixed phrases, never a resolved address of our network or a Java class name, which the project's members who
 * read the log must not learn.
 */
public final class DeliveryErrors {

    public static final String TIMEOUT = "timeout";
    public static final String CONNECTION_REFUSED = "connection refused";
    public static final String TLS = "TLS error";
    public static final String HOST_NOT_FOUND = "host not found";
    public static final String CONNECTION_FAILED = "connection failed";
    public static final String NOT_ALLOWED = "address not allowed";
    public static final String ENDPOINT_DELETED = "endpoint deleted";
    public static final String FAILED = "delivery failed";

    private static final Set<String> PHRASES = Set.of(TIMEOUT, CONNECTION_REFUSED, TLS, HOST_NOT_FOUND,
            CONNECTION_FAILED, NOT_ALLOWED, ENDPOINT_DELETED, FAILED);
    private static final Pattern HTTP_STATUS = Pattern.compile("HTTP [1-5][0-9][0-9]");

    private DeliveryErrors() {
    }

    /** The text as the log shows it: a known phrase or {@code HTTP <status>}; anything else (older rows) masked. */
    public static String shown(String error) {
        if (error == null || error.isEmpty()) {
            return null;
        }
        return PHRASES.contains(error) || HTTP_STATUS.matcher(error).matches() ? error : FAILED;
    }
}
