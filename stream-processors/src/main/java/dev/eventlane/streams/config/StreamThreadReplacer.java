package dev.eventlane.streams.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What a Kafka Streams application does when a stream thread dies. A Kafka outage longer than
 * {@code task.timeout.ms} (5 minutes by default) ends in a {@code TimeoutException}; by default that shuts the whole
 * client down for good (state ERROR). This replaces the thread instead, so the application resumes by itself once
 * Kafka is back. A failure that keeps coming back is not an outage: after {@value #MAX_REPLACEMENTS} replacements
 * within {@link #WINDOW} the client shuts down, its state turns ERROR and liveness fails
 * ({@code StreamsLivenessCheck}, and Quarkus's own check for de-duplication), so the orchestrator restarts the
 * process with its back-off rather than this process spinning. Quarkus sets this bean on the application it runs
 * (de-duplication); {@link StreamsApplication} sets it on the others.
 */
@ApplicationScoped
public class StreamThreadReplacer implements StreamsUncaughtExceptionHandler {

    static final int MAX_REPLACEMENTS = 10;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Logger LOG = Logger.getLogger(StreamThreadReplacer.class);

    private final Clock clock;
    private final Deque<Instant> recent = new ArrayDeque<>();

    public StreamThreadReplacer() {
        this(Clock.systemUTC());
    }

    StreamThreadReplacer(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Instant now = clock.instant();
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WINDOW))) {
            recent.removeFirst();
        }
        if (recent.size() >= MAX_REPLACEMENTS) {
            LOG.errorf(exception, "A stream thread died %d times within %s; shutting the application down so that"
                    + " liveness fails and the process is restarted", recent.size() + 1, WINDOW);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        recent.addLast(now);
        LOG.warnf(exception, "A stream thread died; replacing it (Kafka away longer than task.timeout.ms?)");
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
