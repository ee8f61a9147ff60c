package dev.eventlane.ingest.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.eventlane.schemas.pipeline.Topics;

@ConfigMapping(prefix = "eventlane.ingest")
public interface IngestConfig {

    /** Kafka topic every accepted event is published to. */
    @WithDefault(Topics.EVENTS)
    String topic();

    /** Kafka topic every accepted log entry is published to. */
    @WithDefault(Topics.LOGS)
    String logsTopic();

    /**
     * How long a request waits for the broker to acknowledge its events before answering 503. Kept under the 2 s a
     * client may wait to learn that Kafka is unavailable; the producer's delivery timeout is set just below it.
     */
    @WithDefault("1800ms")
    Duration ackTimeout();

    /** Largest request body accepted, in bytes (100 events of 4 KB data each fit with room to spare). */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** How far in the future an event's timestamp may lie (clock skew allowance). */
    @WithDefault("24h")
    Duration maxFutureSkew();

    /**
     * Proxies (addresses or CIDR blocks, IPv4 or IPv6) whose {@code X-Forwarded-For} is believed: the client's
     * address is then the nearest untrusted one in it. None by default: the connection's peer is the client.
     */
    Optional<List<String>> trustedProxies();

    /**
     * A country database giving each event's {@code country} from its client address: MaxMind DB format
     * (GeoLite2/GeoIP2 Country or City, DB-IP Lite, ...) or the legacy {@code .dat} of Debian's
     * {@code geoip-database} ({@code /usr/share/GeoIP/GeoIP.dat}, which {@code ./eventlane install} installs). None
     * by default: no country.
     */
    Optional<String> geoipDatabase();
}
