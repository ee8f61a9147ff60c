package dev.eventlane.ingest.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "eventlane")
public interface IngestConfig {

    /** Kafka topic every accepted event is published to. */
    @WithName("ingest.topic")
    @WithDefault("events")
    String topic();

    /**
     * How long a request waits for the broker to acknowledge its events before answering 503. Kept under the 2 s a
     * client may wait to learn that Kafka is unavailable; the producer's delivery timeout is set just below it.
     */
    @WithName("ingest.ack-timeout")
    @WithDefault("1800ms")
    Duration ackTimeout();

    /** Largest request body accepted, in bytes (100 events of 4 KB data each fit with room to spare). */
    @WithName("ingest.max-body-bytes")
    @WithDefault("1048576")
    int maxBodyBytes();

    /** How far in the future an event's timestamp may lie (clock skew allowance). */
    @WithName("ingest.max-future-skew")
    @WithDefault("24h")
    Duration maxFutureSkew();

    /** API keys as {@code key=projectId} pairs, until the control plane serves keys. */
    @WithName("auth.static-keys")
    Optional<List<String>> staticKeys();
}
