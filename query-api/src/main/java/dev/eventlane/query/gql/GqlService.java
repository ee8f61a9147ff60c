package dev.eventlane.query.gql;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.query.gql.GqlCompiler.Compiled;

/**
 * Runs GQL for one project: parse, compile, read ClickHouse as the read-only user under the query API's per-query
 * limits (execution time, memory, rows read), and shape the answer as GoodLogs does ({@code {query, data}}).
 */
@ApplicationScoped
public class GqlService {

    /** A search's first read: the window's last hour. */
    private static final long FIRST_SPAN_MS = 3_600_000L;

    private final ClickHouseClient clickhouse;
    private final Clock clock;

    public GqlService(ClickHouseClient clickhouse, Clock clock) {
        this.clickhouse = clickhouse;
        this.clock = clock;
    }

    /** The answer to {@code text} over the project's data; {@code cursor} pages a search. */
    public Map<String, Object> run(String projectId, String text, String cursor) {
        GqlQuery query = GqlSyntax.parse(text);
        Optional<SearchCursor> after = cursor == null || cursor.isBlank() ? Optional.empty()
                : Optional.of(SearchCursor.decode(cursor));
        Compiled compiled = GqlCompiler.compile(query, projectId, Instant.now(clock), after);
        Map<String, Object> data = query.isAggregate() ? aggregate(query, compiled) : search(query, compiled);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", GqlViews.parsed(query));
        body.put("data", data);
        return body;
    }

    private Map<String, Object> search(GqlQuery query, Compiled compiled) {
        List<String[]> rows = newest(compiled);
        boolean more = rows.size() > compiled.limit();
        List<String[]> page = more ? rows.subList(0, compiled.limit()) : rows;
        List<Map<String, Object>> results = new ArrayList<>(page.size());
        for (String[] row : page) {
            results.add(SearchRows.view(query.source(), row));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mode", "search");
        data.put("table", query.source().gqlName());
        data.put("results", results);
        data.put("count", results.size());
        data.put("has_more", more);
        data.put("next_cursor", more ? SearchRows.position(page.get(page.size() - 1)).encode() : null);
        return data;
    }

    /**
     * A search's rows, newest first: read from the window's last hour, then from a window sized by the matches seen
     * so far (twice what their rate says the page needs), then from the whole window. A shorter window that holds
     * the page holds the newest rows of the whole window, so the answer is the same; a page of frequent records is
     * found in a small part of the time, rare ones cost at most two small reads more.
     */
    private List<String[]> newest(Compiled compiled) {
        if (compiled.rowsSince().isEmpty()) {
            return clickhouse.select(compiled.rows());
        }
        int wanted = compiled.limit() + 1;
        long upper = compiled.upperMs();
        long span = FIRST_SPAN_MS;
        for (int attempt = 0; attempt < 2; attempt++) {
            long since = upper - span;
            if (since <= compiled.fromMs()) {
                break;
            }
            List<String[]> rows = clickhouse.select(compiled.rowsSince().get().apply(since));
            if (rows.size() >= wanted) {
                return rows;
            }
            // Twice the span the rate seen so far needs for the page; four times the span when nothing matched.
            span = rows.isEmpty() ? span * 4 : Math.max(span * 2, span * 2 * wanted / rows.size());
            if (span > (upper - compiled.fromMs()) / 2) {
                break; // more than half the window: read it whole
            }
        }
        return clickhouse.select(compiled.rows());
    }

    private Map<String, Object> aggregate(GqlQuery query, Compiled compiled) {
        List<String[]> rows = clickhouse.select(compiled.rows());
        List<Map<String, Object>> results = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            Map<String, Object> result = new LinkedHashMap<>();
            for (int i = 0; i < compiled.groupNames().size(); i++) {
                String name = compiled.groupNames().get(i);
                result.put(name, "bucket".equals(name) ? Instant.ofEpochMilli(Long.parseLong(row[i])).toString()
                        : row[i]);
            }
            result.put("value", number(row[row.length - 1]));
            results.add(result);
        }
        // Fewer groups than the limit are all the groups: the count's second pass over the rows is only needed
        // when the page is full.
        long totalGroups = results.size() < compiled.limit() ? results.size()
                : compiled.groups().map(sql -> Long.parseLong(clickhouse.selectOne(sql).trim()))
                        .orElse((long) results.size());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mode", "aggregate");
        data.put("table", query.source().gqlName());
        data.put("results", results);
        data.put("total_groups", totalGroups);
        return data;
    }

    /** A number as ClickHouse printed it; {@code nan} (an average of nothing) as null. */
    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
