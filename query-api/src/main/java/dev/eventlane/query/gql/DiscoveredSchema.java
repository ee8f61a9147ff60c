package dev.eventlane.query.gql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseErrors;
import dev.eventlane.platform.clickhouse.ClickHouseException;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.query.control.service.ControlException;

/**
 * GoodLogs' discovered schema of one project ({@code /v1/schema}): its event names and the property keys of its
 * events and logs, with their types, examples and volumes, as the stream-processors' schema discovery counted them.
 * Each partition publishes running totals per (kind, key, type); the newest row of each partition counts, and the
 * partitions' volumes are summed, so the answer is exact whether or not ClickHouse has merged the table yet.
 */
@ApplicationScoped
public class DiscoveredSchema {

    /** The most event names listed: discovery's cap per project and partition. */
    static final int MAX_NAMES = 1_000;
    /** The most property keys listed for events, and for logs: discovery's cap per project and partition. */
    static final int MAX_KEYS = 500;
    static final int MAX_EXAMPLES = 5;
    private static final Logger LOG = Logger.getLogger(DiscoveredSchema.class);

    /** A property key with the type most of its values have, its volume over all types, and examples. */
    public record Property(String key, String type, List<JsonNode> examples, long volume) {
    }

    /** An event name and how many events had it. */
    public record Name(String name, long volume) {
    }

    /** A project's schema: the answer of {@code /v1/schema}, in GoodLogs' field names. */
    public record Schema(List<Property> logProperties, List<Property> eventProperties, List<Name> eventNames) {

        public Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("log_properties", logProperties);
            body.put("event_properties", eventProperties);
            body.put("event_names", eventNames);
            return body;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClickHouseClient clickhouse;

    public DiscoveredSchema(ClickHouseClient clickhouse) {
        this.clickhouse = clickhouse;
    }

    public Schema of(String projectId) {
        // Newest snapshot per origin partition, then the partitions summed; examples of the busiest partition.
        String sql = "SELECT kind, key, type, sum(v) AS volume, argMax(ex, v) FROM (SELECT kind, key, type, origin,"
                + " argMax(volume, kafka_offset) AS v, argMax(examples, kafka_offset) AS ex FROM schema_fields"
                + " WHERE project_id = " + Sql.quote(projectId) + " GROUP BY kind, key, type, origin)"
                + " WHERE key != '' GROUP BY kind, key, type ORDER BY volume DESC, key, type";
        List<String[]> rows;
        try {
            rows = clickhouse.select(sql);
        } catch (ClickHouseException e) {
            if (ClickHouseErrors.isQueryLimit(e.code())) {
                throw ControlException.unavailable("The schema is too large to read within the query limits");
            }
            LOG.warnf("Reading the discovered schema failed in ClickHouse: %s", e.getMessage());
            throw ControlException.unavailable("Log storage is temporarily unavailable; retry later");
        }
        Map<String, Property> events = new LinkedHashMap<>();
        Map<String, Property> logs = new LinkedHashMap<>();
        List<Name> names = new ArrayList<>();
        for (String[] row : rows) {
            long volume = Long.parseLong(row[3]);
            switch (row[0]) {
                case "event_name" -> {
                    if (names.size() < MAX_NAMES) {
                        names.add(new Name(row[1], volume));
                    }
                }
                case "event_property" -> add(events, row[1], row[2], volume, row[4]);
                case "log_property" -> add(logs, row[1], row[2], volume, row[4]);
                default -> {
                    // a kind of a later version: not part of GoodLogs' answer
                }
            }
        }
        return new Schema(top(logs), top(events), names);
    }

    /**
     * Adds a (key, type) row, rows coming busiest first: the first type of a key is the one most of its values have,
     * and the others add their volume to it.
     */
    private static void add(Map<String, Property> properties, String key, String type, long volume, String examples) {
        Property first = properties.get(key);
        if (first == null) {
            properties.put(key, new Property(key, type, examples(examples), volume));
        } else {
            properties.put(key, new Property(key, first.type(), first.examples(), first.volume() + volume));
        }
    }

    private static List<Property> top(Map<String, Property> properties) {
        return properties.values().stream().sorted(Comparator.comparingLong(Property::volume).reversed()
                .thenComparing(Property::key)).limit(MAX_KEYS).toList();
    }

    /** The examples' JSON array as the sink stored it; nothing when it does not read (never an error). */
    private static List<JsonNode> examples(String text) {
        try {
            JsonNode array = JSON.readTree(text);
            List<JsonNode> examples = new ArrayList<>();
            if (array != null && array.isArray()) {
                array.forEach(example -> {
                    if (examples.size() < MAX_EXAMPLES) {
                        examples.add(example);
                    }
                });
            }
            return examples;
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}
