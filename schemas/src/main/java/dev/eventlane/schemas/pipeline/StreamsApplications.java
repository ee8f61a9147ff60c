package dev.eventlane.schemas.pipeline;

import java.util.List;

/**
 * The Kafka Streams applications of stream-processors, in start order. An application id is also its consumer
 * group and the prefix of its internal topics; an erasure follows the first two's committed offsets.
 */
public final class StreamsApplications {

    /**
     * De-duplication: {@link Topics#EVENTS} to {@link Topics#EVENTS_UNIQUE}, {@link Topics#LOGS} to
     * {@link Topics#LOGS_UNIQUE}.
     */
    public static final String DEDUP = "eventlane-streams";
    /** Sessions, funnels, user days and purchases from {@link Topics#EVENTS_UNIQUE}. */
    public static final String ANALYTICS = "eventlane-analytics";
    /** Churn spikes, revenue drops, rule alerts and webhook delivery. */
    public static final String ALERTS = "eventlane-alerts";

    public static final List<String> ALL = List.of(DEDUP, ANALYTICS, ALERTS);

    private StreamsApplications() {
    }
}
