package dev.eventlane.streams.schema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.SchemaField;

/**
 * Counts, per project, the event names and the property keys of events and logs (with the types of their values and
 * a few examples) seen on this task's partition, and publishes each one's running total keyed by project: at once
 * when a name, key, type or example is new, and the volumes of the others every publish interval (by the wall
 * clock, so a quiet stack publishes too). What is over the caps is counted under an empty key and type, not stored.
 *
 * <p>Work per record is bounded: at most {@link SchemaDiscovery.Caps#keysPerRecord()} properties are looked at (the
 * others are counted as over the cap), a value's type is read from its first character, and only values up to
 * {@link SchemaDiscovery.Caps#exampleChars()} characters of JSON become examples.
 */
class SchemaDiscoveryProcessor implements Processor<String, Observation, String, SchemaField> {

    /** Between the parts of a store key; the property key comes last, so it may hold anything. */
    private static final char SEPARATOR = '\u0000';
    /** Keys whose values are personal by nature: counted and typed, never kept as examples. */
    private static final Pattern PRIVATE = Pattern.compile(
            "(^|.*[^a-z])(ip|ip_?address|e?mail|password|passwd|secret|token|api_?key|authorization|cookie)($|[^a-z].*)");
    /** The fields the server injects from the request, as GoodLogs names them. */
    private static final String IP = "$ip";

    /** What a counted value may give as an example. */
    private enum Example {
        /** Nothing: an event name, or a field whose values are personal. */
        NONE,
        /** A property's value: its JSON text. */
        PROPERTY,
        /** A field injected from the request: its plain text, quoted. */
        INJECTED
    }

    /** The names of the processor's stores (see {@link SchemaDiscovery}). */
    record Stores(String fields, String changed, String keys) {
    }

    private final Stores stores;
    private final Duration publishInterval;
    private final SchemaDiscovery.Caps caps;
    private ProcessorContext<String, SchemaField> context;
    /** Store key (project, kind, type, key) to what is published of it. */
    private KeyValueStore<String, SchemaField> fields;
    /** Store key to the records counted since it was last published. */
    private KeyValueStore<String, Long> changed;
    /** Per project and kind, how many names or keys are known. */
    private KeyValueStore<String, Long> keys;
    /**
     * The examples of every field this task has read or written, so that a record with known keys reads no Avro:
     * the processor is the store's only writer, and a task that is re-initialized starts it afresh.
     */
    private final Map<String, List<String>> known = new HashMap<>();
    /**
     * The changed store's counts as this task last wrote them, so that counting a record reads no store: only a key
     * not counted since it was last published is looked up there.
     */
    private final Map<String, Long> pending = new HashMap<>();
    /** The partition this task counts: the origin of what it publishes. */
    private int origin;

    SchemaDiscoveryProcessor(Stores stores, Duration publishInterval, SchemaDiscovery.Caps caps) {
        this.stores = stores;
        this.publishInterval = publishInterval;
        this.caps = caps;
    }

    @Override
    public void init(ProcessorContext<String, SchemaField> context) {
        this.context = context;
        this.fields = context.getStateStore(stores.fields());
        this.changed = context.getStateStore(stores.changed());
        this.keys = context.getStateStore(stores.keys());
        this.origin = context.taskId().partition();
        known.clear();
        pending.clear();
        context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, now -> publishChanged());
    }

    @Override
    public void process(Record<String, Observation> record) {
        Observation seen = record.value();
        if (seen == null || seen.projectId() == null) {
            return;
        }
        String project = seen.projectId();
        if (seen.eventName() != null) {
            count(project, SchemaKinds.EVENT_NAME, seen.eventName(), "", null, Example.NONE);
        }
        String kind = seen.propertyKind();
        int looked = 0;
        Iterator<Map.Entry<String, String>> properties = seen.properties().entrySet().iterator();
        while (properties.hasNext() && looked < caps.keysPerRecord()) {
            Map.Entry<String, String> property = properties.next();
            looked++;
            String key = property.getKey();
            String type = JsonKinds.of(property.getValue());
            if (key.isEmpty() || key.length() > caps.keyChars()) {
                overCap(project, kind, 1);
            } else if (type != null) {
                count(project, kind, key, type, property.getValue(), Example.PROPERTY);
            }
        }
        int rest = seen.properties().size() - looked;
        if (rest > 0) {
            overCap(project, kind, rest);
        }
        countInjected(project, kind, seen.context());
    }

    /** {@code $browser}, {@code $os}, {@code $device}, {@code $country} with examples; {@code $ip} without. */
    private void countInjected(String project, String kind, EventContext request) {
        if (request == null) {
            return;
        }
        injected(project, kind, "$browser", request.getBrowser(), true);
        injected(project, kind, "$os", request.getOs(), true);
        injected(project, kind, "$device", request.getDevice(), true);
        injected(project, kind, "$country", request.getCountry(), true);
        injected(project, kind, IP, request.getIp(), false);
    }

    private void injected(String project, String kind, String key, String value, boolean withExample) {
        if (value == null || value.isEmpty()) {
            return;
        }
        count(project, kind, key, JsonKinds.STRING, value, withExample ? Example.INJECTED : Example.NONE);
    }

    /**
     * The example {@code value} gives, or {@code null}: a property's JSON text when short enough and not of a
     * personal-looking key, an injected field's text quoted when short enough. Only asked while the field has room
     * for examples: once it has them all, a record's values are not looked at (nor its key matched).
     */
    private String example(String key, String value, Example source) {
        return switch (source) {
            case NONE -> null;
            case PROPERTY -> value.length() > caps.exampleChars()
                    || PRIVATE.matcher(key.toLowerCase(Locale.ROOT)).matches() ? null : value;
            case INJECTED -> value.length() + 2 <= caps.exampleChars() ? quoted(value) : null;
        };
    }

    /**
     * @param value  where an example may come from (see {@link #example})
     * @param source what {@code value} is
     */
    private void count(String project, String kind, String key, String type, String value, Example source) {
        if (key.isEmpty() || key.length() > caps.keyChars()) {
            overCap(project, kind, 1);
            return;
        }
        String id = project + SEPARATOR + kind + SEPARATOR + type + SEPARATOR + key;
        List<String> examples = known.get(id);
        if (examples == null) {
            SchemaField field = fields.get(id);
            if (field == null) {
                discover(id, project, kind, key, type, example(key, value, source));
                return;
            }
            examples = new ArrayList<>(field.getExamples());
            known.put(id, examples);
        }
        if (examples.size() < caps.examples()) {
            String example = example(key, value, source);
            if (example != null && !examples.contains(example)) {
                examples.add(example);
                SchemaField field = fields.get(id);
                field.setExamples(List.copyOf(examples));
                publish(id, field, 1);
                return;
            }
        }
        addChanged(id, 1);
    }

    /** A name or key new to this task: published at once, unless the project has as many as the cap allows. */
    private void discover(String id, String project, String kind, String key, String type, String example) {
        String countId = project + SEPARATOR + kind;
        Long count = keys.get(countId);
        int cap = kind.equals(SchemaKinds.EVENT_NAME) ? caps.names() : caps.keys();
        if (count != null && count >= cap) {
            overCap(project, kind, 1);
            return;
        }
        keys.put(countId, count == null ? 1 : count + 1);
        List<String> examples = example == null ? List.of() : List.of(example);
        known.put(id, new ArrayList<>(examples));
        publish(id, new SchemaField(project, kind, key, type, origin, 0L, examples), 1);
    }

    /** Counted under the project's and kind's empty key, published with the volumes. */
    private void overCap(String project, String kind, long records) {
        addChanged(project + SEPARATOR + kind + SEPARATOR + SEPARATOR, records);
    }

    private void addChanged(String id, long records) {
        Long before = pending.get(id);
        if (before == null) {
            before = changed.get(id);
        }
        long now = before == null ? records : before + records;
        pending.put(id, now);
        changed.put(id, now);
    }

    /** Adds what was counted of {@code id} since it was last published, and publishes it. */
    private void publish(String id, SchemaField field, long records) {
        Long counted = pending.remove(id);
        if (counted == null) {
            counted = changed.get(id);
        }
        field.setVolume(field.getVolume() + records + (counted == null ? 0 : counted));
        field.setOrigin(origin);
        fields.put(id, field);
        if (counted != null) {
            changed.delete(id);
        }
        context.forward(new Record<>(field.getProjectId(), field, context.currentSystemTimeMs()));
    }

    private void publishChanged() {
        List<KeyValue<String, Long>> due = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = changed.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> next = all.next();
                if (next.value != null) {
                    due.add(next);
                }
            }
        }
        for (KeyValue<String, Long> next : due) {
            SchemaField field = fields.get(next.key);
            if (field == null) {
                field = overCapField(next.key);
            }
            changed.delete(next.key);
            pending.remove(next.key);
            field.setVolume(field.getVolume() + next.value);
            field.setOrigin(origin);
            fields.put(next.key, field);
            context.forward(new Record<>(field.getProjectId(), field, context.currentSystemTimeMs()));
        }
    }

    private SchemaField overCapField(String storeKey) {
        String[] parts = storeKey.split(String.valueOf(SEPARATOR), -1);
        return new SchemaField(parts[0], parts[1], "", "", origin, 0L, List.of());
    }

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
