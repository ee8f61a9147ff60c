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
        List<String[]> rows = clickhouse.select(compiled.rows());
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
        long totalGroups = compiled.groups().map(sql -> Long.parseLong(clickhouse.selectOne(sql).trim()))
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
