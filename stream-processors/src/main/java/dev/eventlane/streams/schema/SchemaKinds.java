package dev.eventlane.streams.schema;

/** The kinds of what schema discovery counts, as the column {@code kind} of {@code schema_fields} holds them. */
final class SchemaKinds {

    static final String EVENT_NAME = "event_name";
    static final String EVENT_PROPERTY = "event_property";
    static final String LOG_PROPERTY = "log_property";

    private SchemaKinds() {
    }
}
