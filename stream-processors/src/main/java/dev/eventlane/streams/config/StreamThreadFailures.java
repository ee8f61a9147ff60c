package dev.eventlane.streams.config;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a stream thread's death does, in every Kafka Streams application of stream-processors (Quarkus picks this bean
 * up for de-duplication; {@link StreamsApplication} sets it on the others). Records that cannot be processed never
 * get here (they are dead-lettered), so a death is an outage or a bug: the thread is replaced and resumes from its
 * last commit. Deaths that keep coming ({@link #MAX_FAILURES} within {@link #WINDOW}) shut the application down
 * instead, which fails liveness so that the orchestrator restarts the whole process.
 */
@ApplicationScoped
public class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Logger LOG = Logger.getLogger(StreamThreadFailures.class);

    private final Deque<Long> recent = new ArrayDeque<>();
    private final Counter failures;
    private final Clock clock;

    @Inject
    public StreamThreadFailures(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    StreamThreadFailures(MeterRegistry registry, Clock clock) {
        this.failures = registry.counter("eventlane.streams.thread.failures");
        this.clock = clock;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        failures.increment();
        if (tooMany()) {
            LOG.errorf(exception, "A stream thread died the %dth time within %s: shutting the application down",
                    MAX_FAILURES, WINDOW);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.errorf(exception, "A stream thread died; replacing it, it resumes from its last commit");
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private synchronized boolean tooMany() {
        long now = clock.millis();
        recent.addLast(now);
        while (!recent.isEmpty() && recent.peekFirst() < now - WINDOW.toMillis()) {
            recent.removeFirst();
        }
        return recent.size() >= MAX_FAILURES;
    }
}
