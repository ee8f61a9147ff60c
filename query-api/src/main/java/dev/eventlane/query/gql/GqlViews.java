package dev.eventlane.query.gql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.eventlane.query.gql.GqlQuery.And;
import dev.eventlane.query.gql.GqlQuery.Bucket;
import dev.eventlane.query.gql.GqlQuery.Compare;
import dev.eventlane.query.gql.GqlQuery.Condition;
import dev.eventlane.query.gql.GqlQuery.Contains;
import dev.eventlane.query.gql.GqlQuery.FieldGroup;
import dev.eventlane.query.gql.GqlQuery.In;
import dev.eventlane.query.gql.GqlQuery.Not;
import dev.eventlane.query.gql.GqlQuery.Or;

/** The parsed form of a query, as GoodLogs answers it: {@code source}, {@code mode}, {@code filters}, {@code pipeline}. */
final class GqlViews {

    private GqlViews() {
    }

    static Map<String, Object> parsed(GqlQuery query) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("source", query.source().gqlName());
        view.put("mode", query.isAggregate() ? "aggregate" : "search");
        List<Object> filters = new ArrayList<>();
        query.filters().forEach(condition -> filters.add(condition(condition)));
        query.texts().forEach(text -> filters.add(Map.of("field", "message", "op", "search", "value", text)));
        view.put("filters", filters);
        List<Object> pipeline = new ArrayList<>();
        query.aggregation().ifPresent(aggregation -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("type", "aggregate");
            step.put("func", aggregation.func().gqlName());
            aggregation.field().ifPresent(field -> step.put("field", field));
            aggregation.percentile().ifPresent(p -> step.put("percentile", p));
            List<String> groupBy = new ArrayList<>();
            for (GqlQuery.Group group : query.groupBy()) {
                if (group instanceof FieldGroup field) {
                    groupBy.add(field.field());
                } else {
                    step.put("bucket", ((Bucket) group).text());
                }
            }
            step.put("group_by", groupBy);
            pipeline.add(step);
        });
        query.sort().ifPresent(sort -> pipeline.add(Map.of("type", "sort", "field", sort.key().orElse("value"),
                "order", sort.descending() ? "desc" : "asc")));
        query.limit().ifPresent(limit -> pipeline.add(Map.of("type", "limit", "value", limit)));
        query.window().ifPresent(window -> pipeline.add(Map.of("type", "time", "value", window.text())));
        view.put("pipeline", pipeline);
        return view;
    }

    private static Object condition(Condition condition) {
        if (condition instanceof Compare compare) {
            return Map.of("field", compare.field(), "op", compare.op().gqlName(), "value", compare.value().json());
        }
        if (condition instanceof Contains contains) {
            return Map.of("field", contains.field(), "op", "contains", "value", contains.value().json());
        }
        if (condition instanceof In in) {
            return Map.of("field", in.field(), "op", "in", "value", in.values().stream().map(v -> v.json()).toList());
        }
        if (condition instanceof And and) {
            return Map.of("op", "and", "filters", and.conditions().stream().map(GqlViews::condition).toList());
        }
        if (condition instanceof Or or) {
            return Map.of("op", "or", "filters", or.conditions().stream().map(GqlViews::condition).toList());
        }
        return Map.of("op", "not", "filters", List.of(condition(((Not) condition).condition())));
    }
}
