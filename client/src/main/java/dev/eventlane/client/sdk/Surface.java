package dev.eventlane.client.sdk;

/**
 * The ingest endpoints the SDK posts to: each takes a batch in its own envelope, up to its own size. Logsh has no
 * batch endpoint, so its events go one a request.
 */
public enum Surface {

    /** LogLogic {@code POST /ingest/batch} {@code {"events":[...]}}, 1–100, all or nothing. */
    LOGLOGIC("/ingest/batch", "events", 100),
    /** GoodLogs {@code POST /v1/events} {@code {"batch":[...]}}, 1–500; invalid items are reported, not stored. */
    GOODLOGS_EVENTS("/v1/events", "batch", 500),
    /** GoodLogs {@code POST /v1/logs} {@code {"batch":[...]}} (a secret key). */
    GOODLOGS_LOGS("/v1/logs", "batch", 500),
    /** Logsh {@code POST /api/event}, one event a request. */
    LOGSH("/api/event", null, 1),
    /** LogFlux {@code POST /v1/batch} {@code {"entries":[...]}}, 1–100 sealed entries (a secret key). */
    LOGFLUX("/v1/batch", "entries", 100);

    private final String path;
    private final String envelope;
    private final int maxBatch;

    Surface(String path, String envelope, int maxBatch) {
        this.path = path;
        this.envelope = envelope;
        this.maxBatch = maxBatch;
    }

    public String path() {
        return path;
    }

    int maxBatch() {
        return maxBatch;
    }

    /** The request body for {@code items} (JSON objects already written). */
    String body(java.util.List<QueuedEvent> items) {
        if (envelope == null) {
            return items.get(0).json();
        }
        StringBuilder out = new StringBuilder(64 + items.size() * 128);
        out.append("{\"").append(envelope).append("\":[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(items.get(i).json());
        }
        return out.append("]}").toString();
    }

    /** Whether the endpoint answers 2xx while refusing some items (GoodLogs' {@code rejected}). */
    boolean partial() {
        return this == GOODLOGS_EVENTS || this == GOODLOGS_LOGS;
    }
}
