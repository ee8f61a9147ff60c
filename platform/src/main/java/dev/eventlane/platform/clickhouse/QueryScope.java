package dev.eventlane.platform.clickhouse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ClickHouse queries that one caller, such as an HTTP request, has running, so they can be killed when the
 * caller goes away: ClickHouse 18.16 keeps running a query whose HTTP client is gone, and the caller's own client
 * only gives up at its timeout. A scope is opened on the thread that runs the caller's queries; every
 * {@link ClickHouseClient#select} on that thread registers with it while it runs.
 */
public final class QueryScope implements AutoCloseable {

    private static final ThreadLocal<QueryScope> CURRENT = new ThreadLocal<>();

    private final Map<String, ClickHouseClient> running = new ConcurrentHashMap<>();
    private volatile boolean cancelled;

    private QueryScope() {
    }

    /** Opens a scope on the current thread, replacing any the thread still had. */
    public static QueryScope open() {
        QueryScope scope = new QueryScope();
        CURRENT.set(scope);
        return scope;
    }

    static QueryScope current() {
        return CURRENT.get();
    }

    /** Kills the queries running in this scope and refuses new ones; may be called from any thread. */
    public void cancel() {
        cancelled = true;
        running.forEach((queryId, client) -> client.kill(queryId));
    }

    /** Leaves the current thread without a scope, if this one is still its scope. */
    @Override
    public void close() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }

    /** Registers a query about to be sent; refuses it when the caller has gone already. */
    void started(String queryId, ClickHouseClient client) {
        running.put(queryId, client);
        if (cancelled) {
            running.remove(queryId);
            throw new ClickHouseException("Query not sent: its caller went away");
        }
    }

    void finished(String queryId) {
        running.remove(queryId);
    }
}
