package dev.eventlane.query.gql;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseErrors;
import dev.eventlane.platform.clickhouse.ClickHouseException;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.query.control.service.ControlException;
import dev.eventlane.query.gql.GqlCompletions.Context;
import dev.eventlane.query.gql.GqlCompletions.Suggestion;
import dev.eventlane.query.gql.GqlQuery.Source;
import dev.eventlane.query.gql.GqlTables.Table;

/**
 * GoodLogs' GQL autocomplete for one project: the suggestions at the cursor ({@link GqlCompletions}) with the
 * project's discovered property keys among the fields ({@link DiscoveredSchema}), a field's
 * most frequent values over the last days with their volumes (read as the read-only user under the per-query
 * limits), and whether the whole text parses, with its parsed view when it does.
 */
@ApplicationScoped
public class GqlAutocomplete {

    /** How far back a field's values are counted: recent enough to be cheap and relevant. */
    static final Duration VALUES_WINDOW = Duration.ofDays(7);
    static final int MAX_VALUES = 10;
    /** The most discovered property keys suggested at once. */
    static final int MAX_PROPERTIES = 20;
    /** A property key GQL can name without quotes (its field-name syntax). */
    private static final Pattern PROPERTY = Pattern.compile("[$A-Za-z_][A-Za-z0-9_.\\-]{0,127}");
    private static final Pattern BARE = Pattern.compile("[$A-Za-z_][A-Za-z0-9_.\\-]*|-?[0-9]+(\\.[0-9]+)?");
    private static final Logger LOG = Logger.getLogger(GqlAutocomplete.class);

    private final ClickHouseClient clickhouse;
    private final Clock clock;
    private final DiscoveredSchema schema;

    public GqlAutocomplete(ClickHouseClient clickhouse, Clock clock, DiscoveredSchema schema) {
        this.clickhouse = clickhouse;
        this.clock = clock;
        this.schema = schema;
    }

    /** {@code {suggestions, valid, parsed}} for {@code q} (may be empty) at {@code cursor} (default: its end). */
    public Map<String, Object> complete(String projectId, String q, String cursor) {
        String text = q == null ? "" : q;
        if (text.length() > GqlSyntax.MAX_LENGTH) {
            throw ControlException.validation("q is longer than " + GqlSyntax.MAX_LENGTH + " characters");
        }
        int at = cursor(cursor, text.length());
        Context context = GqlCompletions.at(text, at);
        List<Suggestion> suggestions = context.valuesOf()
                .map(field -> values(projectId, context, field)).orElse(context.fixed());
        if (suggestions.stream().anyMatch(s -> s.kind().equals("field"))) {
            suggestions = withProperties(projectId, context, suggestions);
        }
        Map<String, Object> parsed = null;
        try {
            parsed = GqlViews.parsed(GqlSyntax.parse(text));
        } catch (GqlException e) {
            // An unfinished query is the normal case here: it is answered as not valid, with its suggestions.
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("suggestions", suggestions);
        body.put("valid", parsed != null);
        body.put("parsed", parsed);
        return body;
    }

    /**
     * The named fields followed by the source's discovered property keys that start with the typed word, busiest
     * first, with their type and volume; keys GQL cannot name bare are left out. Without the schema (ClickHouse
     * unavailable) the named fields alone.
     */
    private List<Suggestion> withProperties(String projectId, Context context, List<Suggestion> fields) {
        if (context.source() == Source.ALERT_EVENTS) {
            return fields;
        }
        List<DiscoveredSchema.Property> properties;
        try {
            DiscoveredSchema.Schema discovered = schema.of(projectId);
            properties = context.source() == Source.LOGS ? discovered.logProperties() : discovered.eventProperties();
        } catch (ControlException e) {
            return fields;
        }
        List<Suggestion> all = new ArrayList<>(fields);
        String word = context.word().toLowerCase(Locale.ROOT);
        int added = 0;
        for (DiscoveredSchema.Property property : properties) {
            String key = property.key();
            if (added == MAX_PROPERTIES) {
                break;
            }
            if (key.toLowerCase(Locale.ROOT).startsWith(word) && PROPERTY.matcher(key).matches()
                    && all.stream().noneMatch(s -> s.text().equals(key))) {
                all.add(new Suggestion(key, property.type() + " property, "
                        + volume(property.volume(), context.source()), "field"));
                added++;
            }
        }
        return all;
    }

    private static int cursor(String cursor, int length) {
        if (cursor == null || cursor.isEmpty()) {
            return length;
        }
        try {
            int at = Integer.parseInt(cursor.trim());
            if (at >= 0 && at <= length) {
                return at;
            }
        } catch (NumberFormatException e) {
            // refused below, like an out-of-range cursor
        }
        throw ControlException.validation("cursor must be a character offset from 0 to " + length
                + " (the length of q)");
    }

    private List<Suggestion> values(String projectId, Context context, String name) {
        Table table = GqlTables.of(context.source());
        Table.Field field;
        try {
            field = table.field(name);
        } catch (GqlException e) {
            return List.of();
        }
        long since = clock.millis() - VALUES_WINDOW.toMillis();
        StringBuilder sql = new StringBuilder("SELECT ").append(field.text()).append(" AS v, count() AS c FROM ")
                .append(table.name()).append(" WHERE project_id = ").append(Sql.quote(projectId)).append(" AND ")
                .append(table.timeColumn()).append(" >= ").append(since).append(" AND ").append(field.present())
                .append(" AND v != ''");
        if (!context.word().isEmpty()) {
            sql.append(" AND positionCaseInsensitiveUTF8(v, ").append(Sql.quote(context.word())).append(") = 1");
        }
        sql.append(" GROUP BY v ORDER BY c DESC, v LIMIT ").append(MAX_VALUES);
        List<String[]> rows;
        try {
            rows = clickhouse.select(sql.toString());
        } catch (ClickHouseException e) {
            if (ClickHouseErrors.isQueryLimit(e.code())) {
                return List.of();
            }
            LOG.warnf("GQL autocomplete values failed in ClickHouse: %s", e.getMessage());
            throw ControlException.unavailable("Log storage is temporarily unavailable; retry later");
        }
        List<Suggestion> values = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            long count = Long.parseLong(row[1]);
            values.add(new Suggestion(literal(row[0], context.quoted()), volume(count, context.source()), "value"));
        }
        return values;
    }

    /** The value as GQL: bare when it is a word or a number, else quoted; as is inside a quote already open. */
    private static String literal(String value, boolean quoted) {
        if (quoted || BARE.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String volume(long count, Source source) {
        String noun = switch (source) {
            case LOGS -> "log";
            case EVENTS -> "event";
            case ALERT_EVENTS -> "alert";
        };
        return String.format(Locale.US, "%,d %s%s", count, noun, count == 1 ? "" : "s");
    }
}
