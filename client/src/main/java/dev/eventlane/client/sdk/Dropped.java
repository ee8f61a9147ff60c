package dev.eventlane.client.sdk;

/** An event the SDK gave up, as the drop callback gets it: why, and the server's answer or the error when known. */
public record Dropped(QueuedEvent event, DropReason reason, String detail) {
}
