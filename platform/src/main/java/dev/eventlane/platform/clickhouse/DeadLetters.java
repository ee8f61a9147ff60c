package dev.eventlane.platform.clickhouse;

import java.util.List;

import dev.eventlane.schemas.kafka.DeadLetter;

/** Where a sink sends the records it cannot store (a dead-letter topic). */
public interface DeadLetters {

    /**
     * Sends the letter and returns once it is durable; throws when it cannot be sent now, and the sink tries again
     * later. A letter may be sent twice (when the sink dies between sending it and recording it in ClickHouse):
     * readers tell copies apart by source topic, partition and offset.
     */
    void send(DeadLetter letter);

    /**
     * Sends every letter and returns once all are durable; throws when any cannot be sent now (some may have been:
     * the sink sends them all again later). Implementations send them all before waiting for the first
     * acknowledgement, so many letters cost about one round trip.
     */
    default void sendAll(List<DeadLetter> letters) {
        letters.forEach(this::send);
    }
}
