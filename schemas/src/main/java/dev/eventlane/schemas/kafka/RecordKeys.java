package dev.eventlane.schemas.kafka;

/**
 * Keys of Eventlane's records. Events, and everything derived from them per user, are keyed by project and user:
 * one user's records share a partition, so they stay in order and per-user state needs no repartitioning.
 */
public final class RecordKeys {

    /** Between the parts of a key: U+0000, which ingest refuses in every id. */
    public static final char SEPARATOR = '\u0000';

    private RecordKeys() {
    }

    /** Project and user; a missing user is the empty string. */
    public static String user(String projectId, String userId) {
        return projectId + SEPARATOR + (userId == null ? "" : userId);
    }

    /** Project and funnel: the key of the funnel step catalog. */
    public static String funnel(String projectId, String funnel) {
        return projectId + SEPARATOR + funnel;
    }

    /**
     * Project and node: the key of a log entry, so that one node's entries stay in order; project and the entry's id
     * for entries that name no node, so that they spread over the partitions.
     */
    public static String log(String projectId, String node, String logId) {
        return projectId + SEPARATOR + (node != null ? node : SEPARATOR + logId);
    }

    /** Project, UTC day and ingest instance: the key of a usage count. */
    public static String usage(String projectId, java.time.LocalDate day, String instance) {
        return projectId + SEPARATOR + day + SEPARATOR + instance;
    }

    /**
     * Key and ingest instance: the key of a per-minute request count, one per instance that the next minute's count
     * replaces.
     */
    public static String requests(String keyId, String instance) {
        return "requests" + SEPARATOR + keyId + SEPARATOR + instance;
    }

    /** Project and id: the key of a project's webhook endpoint or alert rule on their compacted topics. */
    public static String owned(String projectId, String id) {
        return projectId + SEPARATOR + id;
    }

    /** The project of a key that starts with one ({@link #user}, {@link #funnel}, {@link #log}, {@link #owned}). */
    public static String projectOf(String key) {
        int end = key.indexOf(SEPARATOR);
        return end < 0 ? key : key.substring(0, end);
    }

    /** The prefix every {@link #owned} key of a project starts with. */
    public static String projectPrefix(String projectId) {
        return projectId + SEPARATOR;
    }
}
