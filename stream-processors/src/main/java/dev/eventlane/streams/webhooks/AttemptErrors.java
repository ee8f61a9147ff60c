package dev.eventlane.streams.webhooks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLException;

import dev.eventlane.platform.webhooks.DeliveryErrors;

/**
 * The delivery log's text for an attempt that got no answer: one of the fixed phrases of {@link DeliveryErrors}.
 * Exception messages name resolved addresses of our network and Java class names, which the project's members who
 * read the log should not learn; the service log keeps the details.
 */
final class AttemptErrors {

    static final String TIMEOUT = DeliveryErrors.TIMEOUT;
    static final String CONNECTION_REFUSED = DeliveryErrors.CONNECTION_REFUSED;
    static final String TLS = DeliveryErrors.TLS;
    static final String HOST_NOT_FOUND = DeliveryErrors.HOST_NOT_FOUND;
    static final String CONNECTION_FAILED = DeliveryErrors.CONNECTION_FAILED;
    static final String NOT_ALLOWED = DeliveryErrors.NOT_ALLOWED;
    static final String FAILED = DeliveryErrors.FAILED;

    private AttemptErrors() {
    }

    static String of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CompletionException || cause instanceof ExecutionException) {
                continue;
            }
            // Vert.x and Netty have timeout exceptions of their own, not in one hierarchy.
            if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException
                    || cause instanceof java.util.concurrent.TimeoutException
                    || cause.getClass().getSimpleName().contains("Timeout")) {
                return TIMEOUT;
            }
            if (cause instanceof SSLException) {
                return TLS;
            }
            if (cause instanceof ConnectException) {
                return CONNECTION_REFUSED;
            }
            if (cause instanceof UnknownHostException) {
                return HOST_NOT_FOUND;
            }
            if (cause instanceof IOException && cause.getCause() == null) {
                return CONNECTION_FAILED;
            }
        }
        return failure instanceof IOException || failure.getCause() instanceof IOException ? CONNECTION_FAILED
                : FAILED;
    }
}
