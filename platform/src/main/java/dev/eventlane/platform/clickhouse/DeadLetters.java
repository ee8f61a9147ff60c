package dev.eventlane.platform.clickhouse;

import dev.eventlane.schemas.kafka.DeadLetter;

/** Where a sink sends the records it cannot store (a dead-letter topic). */
public interface DeadLetters {

    /**
     * Sends the letter and returns once it is durable; throws when it cannot be sent now, and the sink tries again
     * later. A letter may be sent twice (when the sink dies between sending it and recording it in ClickHouse):
     * readers tell copies apart by source topic, partition and offset.
     */
    void send(DeadLetter letter);
}
