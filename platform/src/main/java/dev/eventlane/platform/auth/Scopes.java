package dev.eventlane.platform.auth;

import java.util.List;
import java.util.Set;

/** What an API key may be allowed to do. Public keys only ever get {@link #INGEST_WRITE}. */
public final class Scopes {

    public static final String INGEST_WRITE = "ingest:write";
    public static final String DATA_READ = "data:read";
    public static final String ALERTS_READ = "alerts:read";
    public static final String ALERTS_WRITE = "alerts:write";

    /** Every scope, in the order the API lists them; a secret key gets them all unless it asks for fewer. */
    public static final List<String> ALL = List.of(INGEST_WRITE, DATA_READ, ALERTS_READ, ALERTS_WRITE);
    /** The only scopes a public key (safe to ship in a client) can hold. */
    public static final Set<String> PUBLIC = Set.of(INGEST_WRITE);

    private Scopes() {
    }
}
