package dev.eventlane.e2e;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The metric definitions of docs/analytics.md, computed by brute force over a plain list of (already de-duplicated)
 * events, written from those docs alone. Everything is recomputed from the list; nothing is incremental, nothing shared
 * with production code. Answers are JSON trees in the documented shapes.
 */
final class AnalyticsReference {

    /** What /sessions shows for a session the server inferred: its id is the server's choice. */
    static final String INFERRED = "(inferred)";
    static final Duration SESSION_GAP = Duration.ofMinutes(30);
    static final String REVENUE_ACTION = "purchase";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern NUMERIC = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Comparator<StoredEvent> BY_TIME_THEN_ID =
            Comparator.comparing(StoredEvent::time).thenComparing(StoredEvent::id);

    /** One stored event; {@code amount} is {@code data.amount} as sent, null when absent. */
    record StoredEvent(String id, String userId, String action, String funnel, String sessionId, Instant time,
            JsonNode amount) {

        LocalDate day() {
            return LocalDate.ofInstant(time, ZoneOffset.UTC);
        }
    }

    /** {@code clientSessionId} null: a session cut by time. Events in time order, ties by id. */
    record Session(String userId, String clientSessionId, List<StoredEvent> events) {

        Instant start() {
            return events.get(0).time();
        }

        Instant end() {
            return events.get(events.size() - 1).time();
        }
    }

    private final List<StoredEvent> events;
    private final List<Session> sessions;

    AnalyticsReference(List<StoredEvent> events) {
        this.events = List.copyOf(events);
        this.sessions = sessionsOf(this.events);
    }

    // ---------------------------------------------------------------- sessions

    private static List<Session> sessionsOf(List<StoredEvent> events) {
        Map<List<String>, List<StoredEvent>> byClientSession = new HashMap<>();
        Map<String, List<StoredEvent>> withoutSession = new HashMap<>();
        for (StoredEvent e : events) {
            if (e.sessionId() != null) {
                byClientSession.computeIfAbsent(List.of(e.userId(), e.sessionId()), k -> new ArrayList<>()).add(e);
            } else {
                withoutSession.computeIfAbsent(e.userId(), k -> new ArrayList<>()).add(e);
            }
        }
        List<Session> sessions = new ArrayList<>();
        byClientSession.forEach((key, list) -> sessions.add(new Session(key.get(0), key.get(1), sorted(list))));
        // All of a user's events are known here, late ones included: cutting the full list merges what they bridge.
        withoutSession.forEach((user, list) -> {
            List<StoredEvent> current = new ArrayList<>();
            for (StoredEvent e : sorted(list)) {
                if (!current.isEmpty()
                        && Duration.between(current.get(current.size() - 1).time(), e.time()).compareTo(SESSION_GAP)
                        >= 0) {
                    sessions.add(new Session(user, null, current));
                    current = new ArrayList<>();
                }
                current.add(e);
            }
            sessions.add(new Session(user, null, current));
        });
        return sessions;
    }

    /** GET /sessions: sessions starting in [from, to), newest first, at most {@code limit}, and their count. */
    ObjectNode sessions(Instant from, Instant to, String userId, int limit) {
        List<Session> inRange = sessions.stream()
                .filter(s -> !s.start().isBefore(from) && s.start().isBefore(to))
                .filter(s -> userId == null || s.userId().equals(userId))
                .sorted(Comparator.comparing(Session::start).reversed())
                .toList();
        ArrayNode list = JSON.arrayNode();
        inRange.stream().limit(limit).forEach(s -> list.add(sessionJson(s)));
        ObjectNode answer = JSON.objectNode();
        answer.set("sessions", list);
        answer.put("count", inRange.size());
        return answer;
    }

    private static ObjectNode sessionJson(Session s) {
        List<StoredEvent> ordered = s.events();
        return JSON.objectNode()
                .put("session_id", s.clientSessionId() == null ? INFERRED : s.clientSessionId())
                .put("user_id", s.userId())
                .put("start", s.start().toString())
                .put("end", s.end().toString())
                .put("duration_ms", Duration.between(s.start(), s.end()).toMillis())
                .put("event_count", ordered.size())
                // Sorted by time, then id: the first is the smallest id of the first millisecond, the last the
                // largest id of the last.
                .put("entry_action", ordered.get(0).action())
                .put("exit_action", ordered.get(ordered.size() - 1).action());
    }

    /**
     * Each event's session as /events should show it: {@code session_id <id>} for a client session, and for an
     * inferred one {@code inferred with <smallest event id of the session>}, so two events of one inferred session
     * carry the same label whatever id the server chose.
     */
    ObjectNode eventSessions() {
        Map<String, String> labels = new TreeMap<>();
        for (Session s : sessions) {
            String label = s.clientSessionId() != null ? "session_id " + s.clientSessionId()
                    : "inferred with " + s.events().stream().map(StoredEvent::id).min(String::compareTo).get();
            s.events().forEach(e -> labels.put(e.id(), label));
        }
        ObjectNode answer = JSON.objectNode();
        labels.forEach(answer::put);
        return answer;
    }

    // ---------------------------------------------------------------- funnels

    /** Each funnel's steps: its distinct actions by their earliest event time, ties by name. */
    Map<String, List<String>> funnelSteps() {
        Map<String, Map<String, Instant>> earliest = new TreeMap<>();
        for (StoredEvent e : events) {
            if (e.funnel() != null) {
                earliest.computeIfAbsent(e.funnel(), f -> new HashMap<>())
                        .merge(e.action(), e.time(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        Map<String, List<String>> steps = new TreeMap<>();
        earliest.forEach((funnel, firstSeen) -> steps.put(funnel, firstSeen.entrySet().stream()
                .sorted(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList()));
        return steps;
    }

    /** GET /funnels, funnels sorted by name (the README leaves their order open). */
    ObjectNode funnels() {
        ArrayNode list = JSON.arrayNode();
        funnelSteps().forEach((funnel, steps) -> {
            ObjectNode entry = list.addObject().put("funnel", funnel);
            steps.forEach(entry.putArray("steps")::add);
        });
        ObjectNode answer = JSON.objectNode();
        answer.set("funnels", list);
        return answer;
    }

    /** GET /funnel over the funnel's events in [from, to). */
    ObjectNode funnel(String funnel, Instant from, Instant to, Duration window) {
        List<String> steps = funnelSteps().get(funnel);
        Map<String, List<StoredEvent>> byUser = new HashMap<>();
        for (StoredEvent e : events) {
            if (funnel.equals(e.funnel()) && !e.time().isBefore(from) && e.time().isBefore(to)) {
                byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e);
            }
        }
        long[] usersAtLeast = new long[steps.size() + 1];
        for (List<StoredEvent> userEvents : byUser.values()) {
            int level = level(sorted(userEvents), steps, window);
            for (int i = 1; i <= level; i++) {
                usersAtLeast[i]++;
            }
        }
        ObjectNode answer = JSON.objectNode().put("funnel", funnel).put("window_seconds", window.toSeconds());
        ArrayNode stepList = answer.putArray("steps");
        for (int i = 1; i <= steps.size(); i++) {
            stepList.addObject()
                    .put("step", i)
                    .put("action", steps.get(i - 1))
                    .put("users", usersAtLeast[i])
                    .put("completion_pct", percent(usersAtLeast[i], usersAtLeast[1]))
                    .put("churn_pct", i == 1 ? BigDecimal.ZERO
                            : percent(usersAtLeast[i - 1] - usersAtLeast[i], usersAtLeast[i - 1]));
        }
        answer.put("conversion_pct", percent(usersAtLeast[steps.size()], usersAtLeast[1]));
        return answer;
    }

    /**
     * The largest L with events e1..eL of steps 1..L at non-decreasing times and time(eL) - time(e1) <= window.
     * Every step-1 event is tried as e1; after it, taking the earliest fitting event of each next step is never
     * worse than a later one (whatever follows a later one also follows the earlier), so it finds the best chain.
     */
    static int level(List<StoredEvent> userEvents, List<String> steps, Duration window) {
        int best = 0;
        for (StoredEvent first : userEvents) {
            if (!first.action().equals(steps.get(0))) {
                continue;
            }
            Instant deadline = first.time().plus(window);
            Instant previous = first.time();
            int level = 1;
            while (level < steps.size()) {
                String wanted = steps.get(level);
                Instant prior = previous;
                Instant next = userEvents.stream()
                        .filter(e -> e.action().equals(wanted))
                        .map(StoredEvent::time)
                        .filter(t -> !t.isBefore(prior) && !t.isAfter(deadline))
                        .min(Comparator.naturalOrder()).orElse(null);
                if (next == null) {
                    break;
                }
                previous = next;
                level++;
            }
            best = Math.max(best, level);
        }
        return best;
    }

    // ---------------------------------------------------------------- day-based

    /**
     * GET /retention over cohorts whose period starts in [from, to) (days; for weeks the tests use ranges that
     * start on a Monday, where "cohorts whose start is in range" has one reading).
     */
    ObjectNode retention(boolean weekly, int periods, LocalDate from, LocalDate to, LocalDate today) {
        Map<String, LocalDate> firstDay = new HashMap<>();
        Map<String, Set<LocalDate>> activePeriods = new HashMap<>();
        for (StoredEvent e : events) {
            firstDay.merge(e.userId(), e.day(), (a, b) -> a.isBefore(b) ? a : b);
            activePeriods.computeIfAbsent(e.userId(), u -> new HashSet<>()).add(periodOf(e.day(), weekly));
        }
        Map<LocalDate, List<String>> cohorts = new TreeMap<>();
        firstDay.forEach((user, day) -> {
            LocalDate cohort = periodOf(day, weekly);
            if (!cohort.isBefore(from) && cohort.isBefore(to)) {
                cohorts.computeIfAbsent(cohort, c -> new ArrayList<>()).add(user);
            }
        });
        ObjectNode answer = JSON.objectNode().put("interval", weekly ? "week" : "day");
        ArrayNode list = answer.putArray("cohorts");
        cohorts.forEach((cohort, users) -> {
            ObjectNode entry = list.addObject().put("cohort", cohort.toString()).put("size", users.size());
            ArrayNode retained = entry.putArray("retained");
            ArrayNode retainedPct = entry.putArray("retained_pct");
            for (int k = 0; k < periods; k++) {
                LocalDate period = weekly ? cohort.plusWeeks(k) : cohort.plusDays(k);
                if (period.isAfter(today)) {
                    break;
                }
                long count = users.stream().filter(u -> activePeriods.get(u).contains(period)).count();
                retained.add(count);
                retainedPct.add(percent(count, users.size()));
            }
        });
        return answer;
    }

    private static LocalDate periodOf(LocalDate day, boolean weekly) {
        return weekly ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : day;
    }

    /** GET /dau for the days [from, to). */
    ObjectNode dau(LocalDate from, LocalDate to) {
        ObjectNode answer = JSON.objectNode();
        ArrayNode days = answer.putArray("days");
        for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
            LocalDate d = day;
            long users = events.stream().filter(e -> e.day().equals(d)).map(StoredEvent::userId).distinct().count();
            days.addObject().put("day", day.toString()).put("users", users);
        }
        return answer;
    }

    /** GET /revenue for the days [from, to). */
    ObjectNode revenue(LocalDate from, LocalDate to) {
        ObjectNode answer = JSON.objectNode();
        ArrayNode days = answer.putArray("days");
        for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
            LocalDate d = day;
            List<StoredEvent> purchases = events.stream()
                    .filter(e -> e.action().equals(REVENUE_ACTION) && e.day().equals(d)).toList();
            BigDecimal revenue = purchases.stream().map(e -> amount(e.amount()))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            days.addObject().put("day", day.toString())
                    .put("revenue", revenue.setScale(2, RoundingMode.HALF_UP))
                    .put("purchases", purchases.size());
        }
        return answer;
    }

    /** A JSON number or numeric string as the exact decimal it spells; anything else (or nothing) 0. */
    static BigDecimal amount(JsonNode value) {
        if (value == null) {
            return BigDecimal.ZERO;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual() && NUMERIC.matcher(value.asText()).matches()) {
            return new BigDecimal(value.asText());
        }
        return BigDecimal.ZERO;
    }

    /** The project's first active day, where {@code range=all} starts. */
    LocalDate firstActiveDay() {
        return events.stream().map(StoredEvent::day).min(Comparator.naturalOrder()).orElseThrow();
    }

    int sessionCount() {
        return sessions.size();
    }

    /** 100 * part / whole, exactly, rounded half-up to one decimal; 0 when whole is 0. */
    static BigDecimal percent(long part, long whole) {
        if (whole == 0) {
            return BigDecimal.ZERO;
        }
        return BigDecimal.valueOf(100 * part).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    private static List<StoredEvent> sorted(List<StoredEvent> list) {
        List<StoredEvent> copy = new ArrayList<>(list);
        copy.sort(BY_TIME_THEN_ID);
        return copy;
    }
}
