package dev.eventlane.client.sdk;

/**
 * One event or log entry waiting to be sent: its surface, the id the SDK gave it and its JSON, written when it was
 * queued (so the caller may change its map afterwards).
 */
public record QueuedEvent(Surface surface, String eventId, String json) {

    /** One line of a disk segment: {@code SURFACE <tab> id <tab> json}; JSON never holds a raw newline or tab. */
    String line() {
        return surface.name() + '\t' + eventId + '\t' + json + '\n';
    }

    static QueuedEvent parseLine(String line) {
        int a = line.indexOf('\t');
        int b = a < 0 ? -1 : line.indexOf('\t', a + 1);
        if (a < 0 || b < 0) {
            throw new IllegalArgumentException("not a queued event: " + line);
        }
        return new QueuedEvent(Surface.valueOf(line.substring(0, a)), line.substring(a + 1, b), line.substring(b + 1));
    }
}
