package dev.eventlane.streams.schema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
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
 *
 * <p>A record of known names and keys touches no store: its volumes are added up in memory and written to the
 * changelogged fields store with their publication, once per interval and key. The price is a loss window: on a crash
 * (not on a clean shutdown or rebalance, when the counts are written as the task closes), the volumes counted since
 * the last publication, at most one publish interval of them, are not in the restored store nor in any commit after
 * it, so those discovery counters stay short by them. Events are never lost, and neither are names, keys, types and
 * examples: those are written at once.
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
    record Stores(String fields, String keys) {
    }

    /** What is counted: a project's name or key of a kind, with its type (all empty but the project: over the caps). */
    private record Counted(String project, String kind, String type, String key) {

        String storeKey() {
            return project + SEPARATOR + kind + SEPARATOR + type + SEPARATOR + key;
        }
    }

    /** What this task knows of one counted name or key: its examples, and its records not yet published. */
    private static final class Tally {

        final String storeKey;
        final List<String> examples;
        long unpublished;
        /** In {@link #unpublished}: counted since the last publication of volumes. */
        boolean due;

        Tally(String storeKey, List<String> examples) {
            this.storeKey = storeKey;
            this.examples = examples;
        }
    }

    private final Stores stores;
    private final Duration publishInterval;
    private final SchemaDiscovery.Caps caps;
    private ProcessorContext<String, SchemaField> context;
    /** Store key (project, kind, type, key) to what is published of it. */
    private KeyValueStore<String, SchemaField> fields;
    /** Per project and kind, how many names or keys are known. */
    private KeyValueStore<String, Long> keys;
    /**
     * Every field this task has read or written (and the projects' over-cap counts), so that a record with known keys
     * reads no store: the processor is the fields store's only writer, and a task that is re-initialized starts it
     * afresh. Bounded by the caps.
     */
    private final Map<Counted, Tally> known = new HashMap<>();
    /** The tallies with records counted since they were last published, in the order they were first counted. */
    private final List<Tally> unpublished = new ArrayList<>();
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
        this.keys = context.getStateStore(stores.keys());
        this.origin = context.taskId().partition();
        known.clear();
        unpublished.clear();
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
        Counted counted = new Counted(project, kind, type, key);
        Tally tally = known.get(counted);
        if (tally == null) {
            String storeKey = counted.storeKey();
            SchemaField field = fields.get(storeKey);
            if (field == null) {
                discover(counted, storeKey, example(key, value, source));
                return;
            }
            tally = new Tally(storeKey, new ArrayList<>(field.getExamples()));
            known.put(counted, tally);
        }
        if (tally.examples.size() < caps.examples()) {
            String example = example(key, value, source);
            if (example != null && !tally.examples.contains(example)) {
                tally.examples.add(example);
                SchemaField field = fields.get(tally.storeKey);
                field.setExamples(List.copyOf(tally.examples));
                publish(tally, field, 1);
                return;
            }
        }
        add(tally, 1);
    }

    /** A name or key new to this task: published at once, unless the project has as many as the cap allows. */
    private void discover(Counted counted, String storeKey, String example) {
        String countId = counted.project() + SEPARATOR + counted.kind();
        Long count = keys.get(countId);
        int cap = counted.kind().equals(SchemaKinds.EVENT_NAME) ? caps.names() : caps.keys();
        if (count != null && count >= cap) {
            overCap(counted.project(), counted.kind(), 1);
            return;
        }
        keys.put(countId, count == null ? 1 : count + 1);
        List<String> examples = example == null ? List.of() : List.of(example);
        Tally tally = new Tally(storeKey, new ArrayList<>(examples));
        known.put(counted, tally);
        publish(tally, new SchemaField(counted.project(), counted.kind(), counted.key(), counted.type(), origin, 0L,
                examples), 1);
    }

    /** Counted under the project's and kind's empty key, published with the volumes. */
    private void overCap(String project, String kind, long records) {
        Counted counted = new Counted(project, kind, "", "");
        Tally tally = known.get(counted);
        if (tally == null) {
            tally = new Tally(counted.storeKey(), List.of());
            known.put(counted, tally);
        }
        add(tally, records);
    }

    private void add(Tally tally, long records) {
        if (!tally.due) {
            tally.due = true;
            unpublished.add(tally);
        }
        tally.unpublished += records;
    }

    /** Adds what was counted of {@code tally} since it was last published and {@code records}, and publishes it. */
    private void publish(Tally tally, SchemaField field, long records) {
        field.setVolume(field.getVolume() + records + tally.unpublished);
        tally.unpublished = 0;
        field.setOrigin(origin);
        fields.put(tally.storeKey, field);
        context.forward(new Record<>(field.getProjectId(), field, context.currentSystemTimeMs()));
    }

    private void publishChanged() {
        for (Tally tally : unpublished) {
            tally.due = false;
            if (tally.unpublished > 0) {
                publish(tally, storedOrOverCap(tally.storeKey), 0);
            }
        }
        unpublished.clear();
    }

    /**
     * Writes the volumes not yet published into the store as the task closes cleanly (its last commit follows), so
     * that they are in the totals published next; only a crash loses them.
     */
    @Override
    public void close() {
        for (Tally tally : unpublished) {
            tally.due = false;
            if (tally.unpublished > 0) {
                SchemaField field = storedOrOverCap(tally.storeKey);
                field.setVolume(field.getVolume() + tally.unpublished);
                tally.unpublished = 0;
                fields.put(tally.storeKey, field);
            }
        }
        unpublished.clear();
    }

    private SchemaField storedOrOverCap(String storeKey) {
        SchemaField field = fields.get(storeKey);
        return field != null ? field : overCapField(storeKey);
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
