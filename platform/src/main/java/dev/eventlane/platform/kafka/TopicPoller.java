package dev.eventlane.platform.kafka;

/**
 * A background loop reading a control topic (API keys, usage), for health checks and metrics. It outlives outages
 * of the broker and skips records that do not decode; only an {@link Error} ends it.
 */
public interface TopicPoller {

    String topic();

    /** Whether the loop's thread runs. */
    boolean isPolling();

    /** The last failure, or null while reading works. */
    String problem();

    /** Milliseconds since the loop last went round (it does several times a second, also while it waits). */
    long millisSinceBeat();

    /** Records that did not decode and were skipped. */
    long skippedRecords();
}
