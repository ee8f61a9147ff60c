package dev.eventlane.e2e;

import static dev.eventlane.e2e.Pipeline.INGEST;
import static dev.eventlane.e2e.Pipeline.QUERY;
import static dev.eventlane.e2e.Pipeline.STREAMS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.e2e.AnalyticsDataset.Event;
import dev.eventlane.e2e.AnalyticsReference.StoredEvent;
import dev.eventlane.platform.time.ShiftedClock;

/**
 * The metrics endpoints against a brute-force reference: a generated month and a half of product analytics for a few
 * thousand users goes in through {@code POST /ingest/batch} in the order unruly clients would send it (shuffled,
 * retried, late, history last), and every number of /sessions, /funnels, /funnel, /retention, /dau and /revenue must
 * equal what {@link AnalyticsReference} computes from the same de-duplicated events.
 */
class AnalyticsEndToEndTest {

    /** "Now" as the services see it: moved by the clock sweep (see ShiftedClock). */
    private static final Clock CLOCK = ShiftedClock.fromSystemProperty();

    static final String KEY = "ll_e2eAnalytics000000000000000000000000000000000000";
    static final String PROJECT = "analytics-e2e";
    /** How long the pipeline may take to settle after the last batch is accepted. */
    static final Duration CONVERGENCE = Duration.ofMinutes(4);
    static final List<String> WINDOWS = List.of("", "30m", "3600", "2w");

    private static Pipeline pipeline;
    private static Service ingest;
    private static Service query;
    private static final Http API = new Http(KEY);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Marks an answer other than 200, reported as one line. */
    private static final String HTTP_STATUS = "http_status";

    /** Every event /events lists, fetched once per round of checks. */
    private List<JsonNode> storedEventsThisRound;

    /** One question to the API and the reference's answer to it at a given moment. */
    record Check(String name, Function<Instant, JsonNode> expected, Supplier<JsonNode> actual) {
    }

    @BeforeAll
    static void startPipeline() {
        // stream-processors creates its topics; it starts first so ingest finds them.
        pipeline = Pipeline.logsIn("analytics").keys(KEY + "=" + PROJECT).start(STREAMS, INGEST, QUERY);
        ingest = pipeline.ingest();
        query = pipeline.query();
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyMetricEqualsABruteForceReferenceOverTheSameEvents() {
        AnalyticsDataset dataset = AnalyticsDataset.generate(AnalyticsDataset.SEED, CLOCK.instant());
        System.out.println("analytics e2e: dataset " + dataset.describe());
        long sending = System.nanoTime();
        List<StoredEvent> stored = send(dataset);
        System.out.printf("analytics e2e: sent in %d ms%n", (System.nanoTime() - sending) / 1_000_000);

        AnalyticsReference reference = new AnalyticsReference(stored);
        List<Check> checks = checks(dataset, reference, stored);
        System.out.printf("analytics e2e: %d sessions in the reference, %d checks%n", reference.sessionCount(),
                checks.size());
        long settling = System.nanoTime();
        Awaitility.await("metrics equal the reference").atMost(CONVERGENCE).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> assertAllMatch(checks));
        System.out.printf("analytics e2e: all %d checks match %d ms after the last batch%n", checks.size(),
                (System.nanoTime() - settling) / 1_000_000);
    }

    // ---------------------------------------------------------------- ingest

    /** Sends the plan batch by batch; returns every event once, with the id the server stored it under. */
    private List<StoredEvent> send(AnalyticsDataset dataset) {
        Map<Integer, String> ids = new HashMap<>();
        for (List<Event> batch : dataset.sendPlan) {
            ArrayNode events = JSON.arrayNode();
            batch.forEach(e -> events.add(e.toJson()));
            ObjectNode body = JSON.objectNode();
            body.set("events", events);
            Http.Reply reply = API.post(ingest.url() + "/ingest/batch", body.toString());
            assertThat(reply.status()).as("POST /ingest/batch: %s", reply.body()).isEqualTo(200);
            assertThat(reply.body().get("ok").asBoolean()).isTrue();
            assertThat(reply.body().get("ingested").asInt()).isEqualTo(batch.size());
            JsonNode eventIds = reply.body().get("event_ids");
            assertThat(eventIds.size()).isEqualTo(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Event event = batch.get(i);
                String id = eventIds.get(i).asText();
                if (event.eventId() != null) {
                    assertThat(id).isEqualTo(event.eventId());
                }
                String earlier = ids.putIfAbsent(event.seq(), id);
                assertThat(earlier == null || earlier.equals(id)).as("a retry keeps its id").isTrue();
            }
        }
        List<StoredEvent> stored = dataset.events.stream().map(e -> new StoredEvent(ids.get(e.seq()), e.userId(),
                e.action(), e.funnel(), e.sessionId(), e.time(), e.data() == null ? null : e.data().get("amount")))
                .toList();
        assertThat(stored.stream().map(StoredEvent::id).distinct().count()).isEqualTo(stored.size());
        return stored;
    }

    // ---------------------------------------------------------------- the checks

    private List<Check> checks(AnalyticsDataset dataset, AnalyticsReference reference, List<StoredEvent> stored) {
        List<Check> checks = new ArrayList<>();
        checks.addAll(sessionChecks(dataset, reference, stored));
        checks.addAll(funnelChecks(dataset.firstDay, reference));
        checks.addAll(retentionChecks(dataset.firstDay, reference));
        checks.addAll(dailyChecks(dataset.firstDay, reference));
        return checks;
    }

    /**
     * /sessions: the full list of every day (dates and date-times as bounds), the default range and limit, the last
     * 24 h, and some users over all time; /events: each event stored once, and in the session the reference says.
     */
    private List<Check> sessionChecks(AnalyticsDataset dataset, AnalyticsReference reference,
            List<StoredEvent> stored) {
        List<Check> checks = new ArrayList<>();
        Set<List<String>> clientSessions = stored.stream().filter(e -> e.sessionId() != null)
                .map(e -> List.of(e.userId(), e.sessionId())).collect(Collectors.toSet());
        for (LocalDate day = dataset.firstDay; !day.isAfter(today(CLOCK.instant())); day = day.plusDays(1)) {
            Instant from = startOf(day);
            Instant to = startOf(day.plusDays(1));
            String bounds = day.getDayOfMonth() % 2 == 0 ? "from=" + day + "&to=" + day.plusDays(1)
                    : "from=" + from + "&to=" + to;
            checks.add(sessions("/sessions?" + bounds + "&limit=1000", clientSessions,
                    now -> reference.sessions(from, to, null, 1000)));
        }
        checks.add(sessions("/sessions", clientSessions,
                now -> reference.sessions(now.minus(Duration.ofDays(30)), now, null, 100)));
        checks.add(sessions("/sessions?range=24h&limit=1000", clientSessions,
                now -> reference.sessions(now.minus(Duration.ofHours(24)), now, null, 1000)));
        for (String user : dataset.spotlightUsers) {
            checks.add(sessions("/sessions?range=all&limit=1000&user_id=" + user, clientSessions,
                    now -> reference.sessions(Instant.EPOCH, Instant.MAX, user, 1000)));
        }

        ObjectNode storedOnce = JSON.objectNode();
        stored.forEach(e -> storedOnce.put(e.id(), 1));
        checks.add(new Check("/events: times each event is stored", now -> storedOnce, this::timesStored));
        Set<String> inClientSessions = stored.stream().filter(e -> e.sessionId() != null).map(StoredEvent::id)
                .collect(Collectors.toSet());
        checks.add(new Check("/events: session_id of every event", now -> reference.eventSessions(),
                () -> eventSessionsThroughApi(inClientSessions)));
        return checks;
    }

    /** /funnels, and /funnel for every funnel in four windows over three ranges; an unknown funnel. */
    private List<Check> funnelChecks(LocalDate first, AnalyticsReference reference) {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("/funnels", now -> reference.funnels(), () -> funnelsByName(get("/funnels"))));
        Instant from = first.plusDays(12).atTime(LocalTime.of(6, 0)).toInstant(ZoneOffset.UTC);
        Instant to = first.plusDays(33).atTime(LocalTime.of(18, 30)).toInstant(ZoneOffset.UTC);
        for (String funnel : AnalyticsDataset.FUNNELS.keySet()) {
            for (String window : WINDOWS) {
                Duration length = window.isEmpty() ? Duration.ofDays(7) : windowLength(window);
                String path = "/funnel?funnel=" + funnel + (window.isEmpty() ? "" : "&window=" + window);
                checks.add(check(path, now -> reference.funnel(funnel, now.minus(Duration.ofDays(30)), now, length)));
                checks.add(check(path + "&from=" + from + "&to=" + to,
                        now -> reference.funnel(funnel, from, to, length)));
                checks.add(check(path + "&range=all",
                        now -> reference.funnel(funnel, Instant.EPOCH, Instant.MAX, length)));
            }
            // All events and the default window: the precomputed levels of the analytics stage must answer.
            String all = "/funnel?funnel=" + funnel + "&range=all";
            checks.add(new Check(all + " answered by", now -> TextNode.valueOf("levels"),
                    () -> TextNode.valueOf(API.get(query.url() + all).header("X-Eventlane-Funnel-Source"))));
        }
        checks.add(new Check("/funnel?funnel=no-such-funnel",
                now -> JSON.objectNode().put("status", 404).put("error", "funnel_not_found"),
                () -> statusAndError("/funnel?funnel=no-such-funnel")));
        return checks;
    }

    /** /retention: days over the default range and periods, days explicitly, weeks from Mondays. */
    private List<Check> retentionChecks(LocalDate first, AnalyticsReference reference) {
        LocalDate thisMonday = monday(today(CLOCK.instant()));
        LocalDate firstMonday = monday(first).plusWeeks(1);
        return List.of(
                check("/retention?interval=day", now -> reference.retention(false, 14, today(now).minusDays(29),
                        today(now).plusDays(1), today(now))),
                check("/retention?interval=day&periods=21&from=" + first.plusDays(3) + "&to=" + first.plusDays(20),
                        now -> reference.retention(false, 21, first.plusDays(3), first.plusDays(20), today(now))),
                check("/retention?interval=week&from=" + thisMonday.minusWeeks(5),
                        now -> reference.retention(true, 8, thisMonday.minusWeeks(5), today(now).plusDays(1),
                                today(now))),
                check("/retention?interval=week&periods=3&from=" + firstMonday + "&to=" + thisMonday.minusWeeks(2),
                        now -> reference.retention(true, 3, firstMonday, thisMonday.minusWeeks(2), today(now))));
    }

    /** /dau and /revenue: the default range, 7d, all, dates, and a date-time that truncates to its day. */
    private List<Check> dailyChecks(LocalDate first, AnalyticsReference reference) {
        List<Check> checks = new ArrayList<>();
        Instant midDay = first.plusDays(29).atTime(LocalTime.of(13, 45)).toInstant(ZoneOffset.UTC);
        for (String metric : List.of("/dau", "/revenue")) {
            BiFunction<LocalDate, LocalDate, JsonNode> days = metric.equals("/dau") ? reference::dau
                    : reference::revenue;
            checks.add(check(metric, now -> days.apply(today(now).minusDays(29), today(now).plusDays(1))));
            checks.add(check(metric + "?range=7d", now -> days.apply(today(now).minusDays(6), today(now).plusDays(1))));
            checks.add(check(metric + "?range=all",
                    now -> days.apply(reference.firstActiveDay(), today(now).plusDays(1))));
            checks.add(check(metric + "?from=" + first.plusDays(5) + "&to=" + first.plusDays(25),
                    now -> days.apply(first.plusDays(5), first.plusDays(25))));
            checks.add(check(metric + "?from=" + midDay + "&to=" + first.plusDays(31),
                    now -> days.apply(first.plusDays(29), first.plusDays(31))));
        }
        return checks;
    }

    /**
     * Asks every question once, the reference as of the moment just before the question, and fails listing each
     * answer that differs.
     */
    private void assertAllMatch(List<Check> checks) {
        storedEventsThisRound = null;
        List<String> failures = new ArrayList<>();
        Map<String, int[]> tally = new TreeMap<>();
        for (Check check : checks) {
            Instant now = CLOCK.instant();
            JsonNode actual = JsonDiff.canonical(check.actual().get());
            JsonNode expected = JsonDiff.canonical(check.expected().apply(now));
            List<String> differences = actual.has(HTTP_STATUS)
                    ? List.of("answered " + actual.get(HTTP_STATUS) + ": " + abbreviate(actual.get("body")))
                    : JsonDiff.differences(expected, actual, 8);
            int[] matchedOfAll = tally.computeIfAbsent(check.name().split("\\?")[0], k -> new int[2]);
            matchedOfAll[1]++;
            if (differences.isEmpty()) {
                matchedOfAll[0]++;
            } else {
                failures.add(check.name() + "\n      " + String.join("\n      ", differences));
            }
        }
        String summary = tally.entrySet().stream()
                .map(t -> t.getKey() + " " + t.getValue()[0] + "/" + t.getValue()[1])
                .collect(Collectors.joining(", "));
        System.out.printf("analytics e2e: %d of %d checks match (%s)%n", checks.size() - failures.size(),
                checks.size(), summary);
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + checks.size() + " answers differ from the "
                    + "reference (" + summary + "):\n  " + String.join("\n  ", failures));
        }
    }

    // ---------------------------------------------------------------- reading the API

    private Check check(String path, Function<Instant, JsonNode> expected) {
        return new Check(path, expected, () -> get(path));
    }

    /** The answer's body; anything but 200 as {@code {"http_status", "body"}}, reported as one line. */
    private JsonNode get(String path) {
        Http.Reply reply;
        try {
            reply = API.get(query.url() + path);
        } catch (RuntimeException e) {
            return JSON.objectNode().put(HTTP_STATUS, "none").put("body", e.toString());
        }
        if (reply.status() != 200) {
            ObjectNode failed = JSON.objectNode().put(HTTP_STATUS, reply.status());
            failed.set("body", reply.body());
            return failed;
        }
        JsonNode body = reply.body().deepCopy();
        // LogLogic answers carry "ok": true; the metric shapes in the README do not list it.
        if (body.isObject() && body.path("ok").asBoolean(false)) {
            ((ObjectNode) body).remove("ok");
        }
        return body;
    }

    private JsonNode statusAndError(String path) {
        try {
            Http.Reply reply = API.get(query.url() + path);
            return JSON.objectNode().put("status", reply.status()).put("error", reply.body().path("error").asText());
        } catch (RuntimeException e) {
            return JSON.objectNode().put(HTTP_STATUS, "none").put("body", e.toString());
        }
    }

    /**
     * /sessions with inferred session ids replaced by {@link AnalyticsReference#INFERRED} (client ids stay), times
     * as {@link Instant#toString()}, and ties in start time put in one order; whether the answer was newest first
     * is checked on the answer as given.
     */
    private Check sessions(String path, Set<List<String>> clientSessions, Function<Instant, JsonNode> expected) {
        return new Check(path, now -> sessionsInOneOrder(expected.apply(now)), () -> {
            JsonNode body = get(path);
            if (!body.path("sessions").isArray()) {
                return body;
            }
            Instant previous = Instant.MAX;
            for (JsonNode session : body.get("sessions")) {
                ObjectNode s = (ObjectNode) session;
                if (!clientSessions.contains(List.of(s.path("user_id").asText(), s.path("session_id").asText()))) {
                    s.put("session_id", AnalyticsReference.INFERRED);
                }
                s.put("start", instantText(s.path("start")));
                s.put("end", instantText(s.path("end")));
                if (start(s).isAfter(previous)) {
                    ((ObjectNode) body).put("order", "not newest first");
                }
                previous = start(s);
            }
            return sessionsInOneOrder(body);
        });
    }

    private static JsonNode sessionsInOneOrder(JsonNode answer) {
        List<JsonNode> sessions = new ArrayList<>();
        answer.get("sessions").forEach(s -> sessions.add(JsonDiff.canonical(s)));
        sessions.sort(Comparator.comparing(AnalyticsEndToEndTest::start).reversed()
                .thenComparing(JsonNode::toString));
        ObjectNode copy = answer.deepCopy();
        copy.putArray("sessions").addAll(sessions);
        return copy;
    }

    /** A session's start; {@link Instant#MIN} if it is not an ISO instant (the differences show it). */
    private static Instant start(JsonNode session) {
        try {
            return Instant.parse(session.path("start").asText());
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    private static String instantText(JsonNode value) {
        try {
            return Instant.parse(value.asText()).toString();
        } catch (DateTimeParseException e) {
            return value.toString();
        }
    }

    /** The README does not say in which order /funnels lists funnels: by name on both sides. */
    private static JsonNode funnelsByName(JsonNode body) {
        if (!body.path("funnels").isArray()) {
            return body;
        }
        List<JsonNode> funnels = new ArrayList<>();
        body.get("funnels").forEach(funnels::add);
        funnels.sort(Comparator.comparing(f -> f.path("funnel").asText()));
        ObjectNode copy = body.deepCopy();
        copy.putArray("funnels").addAll(funnels);
        return copy;
    }

    /** All pages of /events, once per round; null if a page could not be read. */
    private List<JsonNode> storedEvents() {
        if (storedEventsThisRound == null) {
            List<JsonNode> events = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = get("/events?limit=1000"
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
                if (!page.path("events").isArray()) {
                    return null;
                }
                page.get("events").forEach(events::add);
                cursor = page.path("next_cursor").isTextual() ? page.get("next_cursor").asText() : null;
            } while (cursor != null);
            storedEventsThisRound = events;
        }
        return storedEventsThisRound;
    }

    /** How often /events lists each event id. */
    private JsonNode timesStored() {
        List<JsonNode> events = storedEvents();
        if (events == null) {
            return get("/events?limit=1000");
        }
        Map<String, Integer> times = new TreeMap<>();
        events.forEach(e -> times.merge(e.path("event_id").asText(), 1, Integer::sum));
        ObjectNode answer = JSON.objectNode();
        times.forEach(answer::put);
        return answer;
    }

    /**
     * Every stored event labelled with its session as {@link AnalyticsReference#eventSessions()} labels it; for
     * events sent without a session_id the label names the smallest event id shown with the same user and id.
     */
    private JsonNode eventSessionsThroughApi(Set<String> inClientSessions) {
        List<JsonNode> events = storedEvents();
        if (events == null) {
            return get("/events?limit=1000");
        }
        Map<List<String>, String> smallestIdOfGroup = new HashMap<>();
        for (JsonNode e : events) {
            String id = e.path("event_id").asText();
            if (!inClientSessions.contains(id)) {
                smallestIdOfGroup.merge(List.of(e.path("user_id").asText(), e.path("session_id").toString()), id,
                        (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        Map<String, String> labels = new TreeMap<>();
        for (JsonNode e : events) {
            String id = e.path("event_id").asText();
            JsonNode sessionId = e.path("session_id");
            labels.put(id, !sessionId.isTextual() || sessionId.asText().isEmpty() ? "no session_id shown"
                    : inClientSessions.contains(id) ? "session_id " + sessionId.asText()
                    : "inferred with " + smallestIdOfGroup.get(List.of(e.path("user_id").asText(),
                            sessionId.toString())));
        }
        ObjectNode answer = JSON.objectNode();
        labels.forEach(answer::put);
        return answer;
    }

    private static String abbreviate(JsonNode body) {
        String text = body == null ? "" : body.isTextual() ? body.asText() : body.toString();
        text = text.replaceAll("\\s+", " ");
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    // ---------------------------------------------------------------- time

    private static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static LocalDate monday(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** {@code 30m}, {@code 2w} or seconds, as the README writes windows. */
    private static Duration windowLength(String window) {
        char unit = window.charAt(window.length() - 1);
        if (Character.isDigit(unit)) {
            return Duration.ofSeconds(Long.parseLong(window));
        }
        long amount = Long.parseLong(window.substring(0, window.length() - 1));
        return switch (unit) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            case 'w' -> Duration.ofDays(7 * amount);
            default -> throw new IllegalArgumentException(window);
        };
    }
}
