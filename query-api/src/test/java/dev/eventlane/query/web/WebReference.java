package dev.eventlane.query.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The web analytics answers computed by brute force in plain Java from the list of every event of a project,
 * straight from the definitions in docs/web.md, for comparison with what the API computes in ClickHouse.
 */
final class WebReference {

    private final List<WebEvent> all;

    WebReference(List<WebEvent> all) {
        this.all = List.copyOf(all);
    }

    /** A range {@code [from, to)} with its bucket size. */
    record Window(long from, long to, long bucket) {
        long length() {
            return to - from;
        }

        Window previous() {
            return new Window(from - length(), from, bucket);
        }

        boolean holds(long ts) {
            return ts >= from && ts < to;
        }

        List<Long> bucketStarts() {
            List<Long> starts = new ArrayList<>();
            for (long b = Math.floorDiv(from, bucket) * bucket; b < to; b += bucket) {
                starts.add(b);
            }
            return starts;
        }
    }

    /** A session: its events in time order. */
    record Session(String id, List<WebEvent> events) {
        long start() {
            return events.get(0).ts();
        }

        long end() {
            return events.get(events.size() - 1).ts();
        }

        List<String> pagePaths() {
            return events.stream().filter(WebEvent::pageview).map(WebEvent::path).toList();
        }
    }

    List<WebEvent> matching(Window w, Predicate<WebEvent> filter) {
        return all.stream().filter(e -> w.holds(e.ts()) && filter.test(e)).toList();
    }

    List<Session> sessions(Window w, Predicate<WebEvent> filter) {
        Map<String, List<WebEvent>> bySession = new HashMap<>();
        all.stream().filter(e -> !e.session().isEmpty())
                .forEach(e -> bySession.computeIfAbsent(e.session(), s -> new ArrayList<>()).add(e));
        List<Session> sessions = new ArrayList<>();
        bySession.forEach((id, events) -> {
            events.sort(Comparator.comparingLong(WebEvent::ts));
            Session s = new Session(id, events);
            if (w.holds(s.start()) && events.stream().anyMatch(filter)) {
                sessions.add(s);
            }
        });
        return sessions;
    }

    long count(Window w, Predicate<WebEvent> filter) {
        return matching(w, filter).size();
    }

    List<String> listIds(Window w, Predicate<WebEvent> filter, int limit) {
        return matching(w, filter).stream().sorted(Comparator.comparingLong(WebEvent::ts)
                .thenComparing(WebEvent::id).reversed()).limit(limit).map(WebEvent::id).toList();
    }

    /** visitors, pageviews, sessions, bounceRate, avgDurationSec. */
    List<Number> kpis(Window w, Predicate<WebEvent> filter) {
        List<WebEvent> events = matching(w, filter);
        List<Session> sessions = sessions(w, filter);
        long bounces = sessions.stream().filter(s -> s.pagePaths().size() == 1).count();
        long duration = sessions.stream().mapToLong(s -> s.end() - s.start()).sum();
        int n = sessions.size();
        return List.of(events.stream().map(WebEvent::visitor).distinct().count(),
                events.stream().filter(WebEvent::pageview).count(), (long) n,
                n == 0 ? 0.0 : Math.round(bounces * 10_000.0 / n) / 10_000.0,
                n == 0 ? 0.0 : Math.round(duration / 1000.0 / n * 10) / 10.0);
    }

    /** Per bucket start: pageviews, visitors, sessions; of the previous period too (shifted) when asked. */
    Map<Long, long[]> timeseries(Window w, Predicate<WebEvent> filter, boolean previous) {
        Window of = previous ? w.previous() : w;
        long shift = previous ? w.length() : 0;
        Map<Long, long[]> points = new LinkedHashMap<>();
        w.bucketStarts().forEach(b -> points.put(b, new long[3]));
        Map<Long, Set<String>> visitors = new HashMap<>();
        for (WebEvent e : matching(of, filter)) {
            long b = Math.floorDiv(e.ts() + shift, w.bucket()) * w.bucket();
            if (e.pageview()) {
                points.get(b)[0]++;
            }
            visitors.computeIfAbsent(b, x -> new HashSet<>()).add(e.visitor());
        }
        visitors.forEach((b, v) -> points.get(b)[1] = v.size());
        for (Session s : sessions(of, filter)) {
            points.get(Math.floorDiv(s.start() + shift, w.bucket()) * w.bucket())[2]++;
        }
        return points;
    }

    /** A top list: key → [count, visitors, prev_count], ordered by count, then key; keys of the current period. */
    Map<String, long[]> top(Window w, Predicate<WebEvent> filter, Function<WebEvent, String> key,
            boolean pageviewsOnly) {
        Predicate<WebEvent> counted = pageviewsOnly ? filter.and(WebEvent::pageview) : filter;
        Map<String, long[]> rows = ranked(matching(w, counted).stream()
                .collect(Collectors.groupingBy(key, Collectors.toList())), events -> new long[] {events.size(),
                    events.stream().map(WebEvent::visitor).distinct().count(), 0});
        Map<String, Long> previous = matching(w.previous(), counted).stream()
                .collect(Collectors.groupingBy(key, Collectors.counting()));
        rows.forEach((k, v) -> v[2] = previous.getOrDefault(k, 0L));
        return rows;
    }

    /** Entry (or exit) pages: path → [sessions, prev sessions]. */
    Map<String, long[]> sessionPages(Window w, Predicate<WebEvent> filter, boolean entry) {
        Function<Session, String> page = s -> {
            List<String> paths = s.pagePaths();
            return entry ? paths.get(0) : paths.get(paths.size() - 1);
        };
        Map<String, long[]> rows = ranked(sessions(w, filter).stream().filter(s -> !s.pagePaths().isEmpty())
                .collect(Collectors.groupingBy(page, Collectors.toList())), s -> new long[] {s.size(), 0});
        Map<String, Long> previous = sessions(w.previous(), filter).stream().filter(s -> !s.pagePaths().isEmpty())
                .collect(Collectors.groupingBy(page, Collectors.counting()));
        rows.forEach((k, v) -> v[1] = previous.getOrDefault(k, 0L));
        return rows;
    }

    /** Flows: first {@code depth} pageview paths of sessions with two pageviews or more → sessions. */
    Map<List<String>, Long> flows(Window w, Predicate<WebEvent> filter, int depth) {
        return sessions(w, filter).stream().map(Session::pagePaths).filter(p -> p.size() >= 2)
                .map(p -> List.copyOf(p.subList(0, Math.min(depth, p.size()))))
                .collect(Collectors.groupingBy(p -> p, Collectors.counting()));
    }

    /** Custom events: name → [count, prev_count, spark...]. */
    Map<String, long[]> customEvents(Window w, Predicate<WebEvent> filter) {
        List<Long> buckets = w.bucketStarts();
        Predicate<WebEvent> custom = filter.and(e -> e.type().equals("custom"));
        Map<String, long[]> rows = ranked(matching(w, custom).stream()
                .collect(Collectors.groupingBy(WebEvent::name, Collectors.toList())), events -> {
                    long[] v = new long[2 + buckets.size()];
                    v[0] = events.size();
                    events.forEach(e -> v[2 + buckets.indexOf(Math.floorDiv(e.ts(), w.bucket()) * w.bucket())]++);
                    return v;
                });
        Map<String, Long> previous = matching(w.previous(), custom).stream()
                .collect(Collectors.groupingBy(WebEvent::name, Collectors.counting()));
        rows.forEach((k, v) -> v[1] = previous.getOrDefault(k, 0L));
        return rows;
    }

    /** Per visitor of matching events in range: [country, browser, os, device, events, last ts]. */
    Map<String, List<Object>> locations(Window w, Predicate<WebEvent> filter) {
        Map<String, List<Object>> rows = new TreeMap<>();
        matching(w, filter).stream().collect(Collectors.groupingBy(WebEvent::visitor)).forEach((v, events) -> {
            WebEvent last = events.stream().max(Comparator.comparingLong(WebEvent::ts)).orElseThrow();
            rows.put(v, List.of(last.country(), last.browser(), last.os(), last.device(), (long) events.size(),
                    last.ts()));
        });
        return rows;
    }

    /** A visitor's sessions over all time, newest first. */
    List<Session> visitorSessions(String visitor) {
        Map<String, List<WebEvent>> bySession = new HashMap<>();
        all.stream().filter(e -> e.visitor().equals(visitor))
                .forEach(e -> bySession.computeIfAbsent(e.session(), s -> new ArrayList<>()).add(e));
        List<Session> sessions = new ArrayList<>();
        bySession.forEach((id, events) -> {
            events.sort(Comparator.comparingLong(WebEvent::ts));
            sessions.add(new Session(id, events));
        });
        sessions.sort(Comparator.comparingLong(Session::start).reversed().thenComparing(Session::id));
        return sessions;
    }

    List<WebEvent> ofVisitor(String visitor) {
        return all.stream().filter(e -> e.visitor().equals(visitor)).toList();
    }

    /** Groups ranked by their first figure, descending, then by key. */
    private static <T> Map<String, long[]> ranked(Map<String, List<T>> groups, Function<List<T>, long[]> figures) {
        Map<String, long[]> unordered = new HashMap<>();
        groups.forEach((k, v) -> unordered.put(k, figures.apply(v)));
        Map<String, long[]> rows = new LinkedHashMap<>();
        unordered.entrySet().stream().sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                .thenComparing(Map.Entry::getKey)).forEach(e -> rows.put(e.getKey(), e.getValue()));
        return rows;
    }
}
