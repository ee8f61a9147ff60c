package dev.eventlane.streams.schema;

import java.util.Map;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.LogEntry;

/**
 * What schema discovery looks at in one unique event or log entry: its project, its event name (none for a log
 * entry), its properties (key to the value's JSON text) and the fields the server injected from the request.
 */
record Observation(String projectId, String eventName, Map<String, String> properties, EventContext context) {

    static Observation of(Event event) {
        return new Observation(event.getProjectId(), event.getName(), event.getProperties(), event.getContext());
    }

    static Observation of(LogEntry entry) {
        return new Observation(entry.getProjectId(), null, entry.getProperties(), entry.getContext());
    }

    /** The kind of the properties: {@link SchemaKinds#EVENT_PROPERTY} or {@link SchemaKinds#LOG_PROPERTY}. */
    String propertyKind() {
        return eventName == null ? SchemaKinds.LOG_PROPERTY : SchemaKinds.EVENT_PROPERTY;
    }
}
