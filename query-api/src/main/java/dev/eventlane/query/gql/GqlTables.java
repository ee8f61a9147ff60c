package dev.eventlane.query.gql;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.query.gql.GqlQuery.Source;

/**
 * How GQL's fields map onto the ClickHouse tables: named columns first, then any other name as a property, read
 * from the row's JSON object with ClickHouse's {@code visitParam*} functions (on 18.16 and current releases alike).
 * A property name is restricted to letters, digits, {@code _ . - $}, so that it needs no escaping inside JSON and
 * it reaches SQL only as a quoted literal.
 */
final class GqlTables {

    /** How a column compares: as text or as a number. */
    enum Kind { TEXT, NUMBER }

    record Column(String sql, Kind kind) {
    }

    /** One source's table: its name, id column, JSON column of properties and named columns. */
    record Table(String name, String idColumn, String timeColumn, String jsonColumn, Map<String, Column> columns) {

        /** The column or property a field names. */
        Field field(String name) {
            Column column = columns.get(name.toLowerCase(Locale.ROOT));
            if (column != null) {
                return new Field(name, column, null);
            }
            String key = name.startsWith("properties.") ? name.substring("properties.".length()) : name;
            if (!PROPERTY.matcher(key).matches()) {
                throw GqlException.invalid("'" + name + "' is not a field name: letters, digits, _ . - $ only, at"
                        + " most 128 characters");
            }
            return new Field(name, null, key);
        }

        /** A field: a named column, or a property {@code key} of the JSON column. */
        final class Field {
            private final String name;
            private final Column column;
            private final String key;

            private Field(String name, Column column, String key) {
                this.name = name;
                this.column = column;
                this.key = key;
            }

            String name() {
                return name;
            }

            /** The table's column this field is, or null for a property. */
            String columnName() {
                return column == null ? null : column.sql();
            }

            /** The property key this field reads, or null for a column. */
            String propertyKey() {
                return key;
            }

            boolean isNumericColumn() {
                return column != null && column.kind() == Kind.NUMBER;
            }

            /** The field as text: a property's string, or the raw JSON of a number or boolean. */
            String text() {
                if (column != null) {
                    return column.kind() == Kind.TEXT ? column.sql() : "toString(" + column.sql() + ")";
                }
                String raw = "visitParamExtractRaw(" + jsonColumn + ", " + Sql.quote(key) + ")";
                return "if(substring(" + raw + ", 1, 1) = '\"', visitParamExtractString(" + jsonColumn + ", "
                        + Sql.quote(key) + "), " + raw + ")";
            }

            /** The field as a number (a property that is not a number reads as 0; see {@link #present()}). */
            String number() {
                if (column != null) {
                    return column.kind() == Kind.NUMBER ? "toFloat64(" + column.sql() + ")"
                            : "toFloat64OrZero(" + column.sql() + ")";
                }
                return "visitParamExtractFloat(" + jsonColumn + ", " + Sql.quote(key) + ")";
            }

            /** True where the row has the field: always for a column, where the key is in the object otherwise. */
            String present() {
                return column != null ? "1" : "visitParamHas(" + jsonColumn + ", " + Sql.quote(key) + ")";
            }
        }
    }

    private static final Pattern PROPERTY = Pattern.compile("[$A-Za-z0-9_.\\-]{1,128}");

    private static final Map<String, Column> CONTEXT = Map.of(
            "$browser", text("browser"), "$os", text("os"), "$device", text("device"), "$ip", text("ip"),
            "$country", text("country"), "$user_agent", text("user_agent"));

    static final Table LOGS = new Table("logs", "log_id", "ts_ms", "properties", merge(Map.of(
            "severity", text("severity"), "message", text("message"), "node", text("node"),
            "level", number("level"), "loglevel", number("level"), "source", text("source"),
            "timestamp", number("ts_ms"), "id", text("log_id"), "log_id", text("log_id"))));

    static final Table EVENTS = new Table("events", "event_id", "ts_ms", "data", merge(Map.ofEntries(
            Map.entry("event", text("name")), Map.entry("event_name", text("name")), Map.entry("name", text("name")),
            Map.entry("distinct_id", text("user_id")), Map.entry("$distinct_id", text("user_id")),
            Map.entry("user_id", text("user_id")), Map.entry("session_id", text("session_id")),
            Map.entry("funnel", text("funnel")), Map.entry("platform", text("platform")),
            Map.entry("source", text("source")), Map.entry("timestamp", number("ts_ms")),
            Map.entry("id", text("event_id")), Map.entry("event_id", text("event_id")))));

    /** The alerts that fired; any other field is a key of the alert's JSON payload. */
    static final Table ALERT_EVENTS = new Table("alert_events", "alert_id", "ts_ms", "payload", Map.of(
            "kind", text("kind"), "alert_id", text("alert_id"), "id", text("alert_id"),
            "endpoint_id", text("endpoint_id"), "timestamp", number("ts_ms")));

    private GqlTables() {
    }

    static Table of(Source source) {
        return switch (source) {
            case LOGS -> LOGS;
            case EVENTS -> EVENTS;
            case ALERT_EVENTS -> ALERT_EVENTS;
        };
    }

    private static Map<String, Column> merge(Map<String, Column> own) {
        HashMap<String, Column> all = new HashMap<>(CONTEXT);
        all.putAll(own);
        return Map.copyOf(all);
    }

    private static Column text(String sql) {
        return new Column(sql, Kind.TEXT);
    }

    private static Column number(String sql) {
        return new Column(sql, Kind.NUMBER);
    }
}
