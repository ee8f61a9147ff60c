package dev.eventlane.ingest.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Ends the connection of a request that was refused before its body was read, without reading that body: the
 * request stops being read at once, its answer goes out with {@code Connection: close}, and the connection is closed
 * once the answer is written. Closing a socket that still holds unread data makes the kernel reset it, and a reset
 * can destroy the answer before the client has read it, so the close lingers, as nginx's {@code lingering_close}
 * does: the data that arrives meanwhile is read and dropped, for {@link #LINGER} or {@link #LINGER_BYTES} at most,
 * and the connection is closed as soon as the client has sent everything or either bound is reached.
 */
final class LingeringClose {

    /** Long enough for a client that reads while it sends to see the answer; short enough to free the socket. */
    static final Duration LINGER = Duration.ofSeconds(2);
    /** What a refused request may still make us read: an eighth of the 8 MB body limit. */
    static final long LINGER_BYTES = 1024 * 1024;

    private LingeringClose() {
    }

    /**
     * Stops reading the request and closes its connection once the answer is written. HTTP/2 streams are left to
     * their own flow control: closing the connection would end its other streams.
     */
    static void afterAnswer(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.version() == HttpVersion.HTTP_2) {
            return;
        }
        request.pause();
        context.addBodyEndHandler(written -> linger(context, request));
    }

    private static void linger(RoutingContext context, HttpServerRequest request) {
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        AtomicLong dropped = new AtomicLong();
        context.vertx().setTimer(LINGER.toMillis(), timer -> request.connection().close());
        request.handler(chunk -> {
            if (dropped.addAndGet(chunk.length()) > LINGER_BYTES) {
                request.connection().close();
            }
        });
        request.endHandler(end -> request.connection().close());
        request.resume();
    }
}
