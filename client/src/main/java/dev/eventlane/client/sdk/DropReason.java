package dev.eventlane.client.sdk;

/** Why the SDK gave an event up. */
public enum DropReason {
    /** The queue was full when the event was logged (the newest event is the one dropped). */
    QUEUE_FULL,
    /** The server refused it for good: a 4xx other than 408 and 429 (invalid, unknown key, quota spent, forbidden). */
    REJECTED,
    /** Retries went on for longer than the configured retry time (server or network down all along). */
    RETRIES_EXHAUSTED,
    /** The client was closed before the event could be sent (memory queue only; a disk queue keeps it). */
    CLOSED
}
