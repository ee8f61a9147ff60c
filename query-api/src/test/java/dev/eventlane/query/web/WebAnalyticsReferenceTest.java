package dev.eventlane.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.query.web.WebReference.Session;
import dev.eventlane.query.web.WebReference.Window;
import dev.eventlane.testkit.StackResource;

/**
 * Every web analytics endpoint against a brute-force reference ({@link WebReference}): a few thousand seeded web
 * events of one project in ClickHouse, their sessions as the stream computes them ({@link WebSessionFold}), the same
 * answers computed in plain Java, compared field by field for several filters and windows (daily, hourly with an
 * unaligned start, empty), with compare=1.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class WebAnalyticsReferenceTest {

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    /** The data spans twelve days from here; nothing depends on today's date. */
    private static final long T0 = Instant.parse("2001-05-01T00:00:00Z").toEpochMilli();
    private static final List<String> PATHS = List.of("/", "/pricing", "/docs", "/docs/start", "/blog/a b",
            "/checkout", "/about");
    private static final List<String> REFERRERS = List.of("", "", "google.com", "news.ycombinator.com", "t.co");
    private static final List<String> CUSTOM = List.of("signup", "checkout_started", "add to cart");
    private static final List<String> COUNTRIES = List.of("RO", "US", "DE", "");
    private static final List<String> BROWSERS = List.of("Chrome", "Firefox", "Safari");
    private static final List<String> OSES = List.of("macOS", "Windows", "iOS");
    private static final List<String> DEVICES = List.of("desktop", "mobile", "tablet");

    /** Seven days, daily buckets; sessions cross its start. */
    private static final Window DAILY = new Window(T0 + 3 * DAY, T0 + 10 * DAY, DAY);
    /** 24 hours from an unaligned minute, hourly buckets (a partial first and last bucket). */
    private static final Window HOURLY = new Window(T0 + 6 * DAY + 5 * HOUR + 17 * 60_000, T0 + 7 * DAY + 5 * HOUR
            + 17 * 60_000, HOUR);
    private static final Window EMPTY = new Window(T0 + 200 * DAY, T0 + 201 * DAY, HOUR);

    private static WebTenant tenant;
    private static WebReference reference;
    private static List<WebEvent> events;

    /** A filter as the API takes it and the same as a predicate. */
    private record Filter(String text, Predicate<WebEvent> test) {
    }

    private static final List<Filter> FILTERS = List.of(
            new Filter("", e -> true),
            new Filter("path:/pricing", e -> e.path().equals("/pricing")),
            new Filter("country:ro|US !device:mobile", e -> (e.country().equals("RO") || e.country().equals("US"))
                    && !e.device().equals("mobile")),
            new Filter("event_type:custom custom_event_name:signup|\"add to cart\"", e -> e.type().equals("custom")
                    && (e.name().equals("signup") || e.name().equals("add to cart"))),
            new Filter("search:CHECK", e -> e.path().contains("check") || e.referrerHost().contains("check")
                    || e.type().equals("custom") && e.name().toLowerCase(Locale.ROOT).contains("check")),
            new Filter("!browser:chrome|FIREFOX os:macos", e -> !e.browser().equals("Chrome")
                    && !e.browser().equals("Firefox") && e.os().equals("macOS")),
            new Filter("path:\"/blog/a b\" event_type:pageview", e -> e.path().equals("/blog/a b") && e.pageview()),
            // Answered from the streamed sessions (every term is on the session, its visitor or the event type).
            new Filter("!event_type:pageview !visitor_id:01HVX0|01HV0007", e -> !e.pageview()
                    && !e.visitor().equals("01HVX0") && !e.visitor().equals("01HV0007")));

    @BeforeEach
    void storeOnce() {
        if (tenant == null) {
            tenant = WebTenant.create();
            events = generate(new Random(2207));
            WebEvent.insert(tenant.projectId, events);
            WebSessionFold.insert(tenant.projectId, events);
            reference = new WebReference(events);
        }
    }

    /** Sessions of 1 to 7 events a second to 20 minutes apart, plus sessions that cross the windows' starts. */
    private static List<WebEvent> generate(Random random) {
        List<WebEvent> out = new ArrayList<>();
        int visitors = 150;
        for (int s = 0; s < 1300; s++) {
            long start = T0 + (long) (random.nextDouble() * 12 * DAY);
            session(out, random, "01HV" + String.format("%04d", random.nextInt(visitors)), start,
                    1 + (int) Math.floor(Math.pow(random.nextDouble(), 2) * 7), 20 * 60_000);
        }
        for (Window w : List.of(DAILY, HOURLY)) {
            for (int s = 0; s < 5; s++) {
                session(out, random, "01HVX" + s, w.from() - 10 * 60_000 + s * 1000, 4, 5 * 60_000);
            }
        }
        return out;
    }

    private static void session(List<WebEvent> out, Random random, String visitor, long start, int count,
            int maxGap) {
        String session = "01HS" + String.format("%06d", out.size());
        int v = Math.abs(visitor.hashCode());
        long ts = start;
        for (int i = 0; i < count; i++) {
            boolean pageview = i == 0 || random.nextDouble() < 0.75;
            String path = PATHS.get(random.nextInt(PATHS.size()));
            // A visitor's client and place stay mostly the same; sometimes they move.
            int drift = random.nextDouble() < 0.1 ? random.nextInt(3) : 0;
            out.add(new WebEvent("01HE" + String.format("%07d", out.size()), pageview ? "pageview" : "custom",
                    pageview ? "pageview" : CUSTOM.get(random.nextInt(CUSTOM.size())), path,
                    "https://example.com" + path, REFERRERS.get(random.nextInt(REFERRERS.size())), visitor, session,
                    COUNTRIES.get((v + drift) % COUNTRIES.size()), BROWSERS.get((v / 4 + drift) % BROWSERS.size()),
                    OSES.get((v / 16) % OSES.size()), DEVICES.get((v / 64 + drift) % DEVICES.size()), ts));
            ts += 1000 + random.nextInt(maxGap);
        }
    }

    private static Map<String, Object> params(Window w, Filter f, Object... more) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("from", Instant.ofEpochMilli(w.from()).toString());
        params.put("to", Instant.ofEpochMilli(w.to()).toString());
        if (!f.text().isEmpty()) {
            params.put("filter", f.text());
        }
        for (int i = 0; i < more.length; i += 2) {
            params.put((String) more[i], more[i + 1]);
        }
        return params;
    }

    private static String iso(long ms) {
        return dev.eventlane.query.web.service.WebViews.iso(ms);
    }

    @Test
    void countListAndKpisMatchTheReference() {
        assertThat(events.size()).isBetween(2000, 6000);
        for (Window w : List.of(DAILY, HOURLY, EMPTY)) {
            for (Filter f : FILTERS) {
                String what = f.text() + " in " + w;
                assertThat(tenant.get("/count", params(w, f)).getLong("count")).as(what)
                        .isEqualTo(reference.count(w, f.test()));
                JsonPath list = tenant.get("", params(w, f, "limit", 1000));
                assertThat(list.getList("items.id", String.class)).as(what)
                        .isEqualTo(reference.listIds(w, f.test(), 1000));
                assertThat(list.getLong("count")).isEqualTo(list.getList("items").size());
                JsonPath kpis = tenant.get("/kpis", params(w, f));
                assertKpis(kpis, "current", reference.kpis(w, f.test()), what);
                assertKpis(kpis, "previous", reference.kpis(w.previous(), f.test()), what);
                assertThat(kpis.getString("range.from")).isEqualTo(iso(w.from()));
                assertThat(kpis.getString("range.to")).isEqualTo(iso(w.to()));
                assertThat(kpis.getString("range.bucket")).isEqualTo(w.bucket() == DAY ? "day" : "hour");
                // The project's first event is on T0: DAILY's previous period starts before it, HOURLY's after.
                assertThat(kpis.getBoolean("range.hasPrevious")).as(what).isEqualTo(w != DAILY);
            }
        }
    }

    private static void assertKpis(JsonPath kpis, String period, List<Number> expected, String what) {
        assertThat(kpis.getLong(period + ".visitors")).as(what).isEqualTo(expected.get(0));
        assertThat(kpis.getLong(period + ".pageviews")).as(what).isEqualTo(expected.get(1));
        assertThat(kpis.getLong(period + ".sessions")).as(what).isEqualTo(expected.get(2));
        assertThat(kpis.getDouble(period + ".bounceRate")).as(what)
                .isCloseTo(expected.get(3).doubleValue(), within(1e-6));
        assertThat(kpis.getDouble(period + ".avgDurationSec")).as(what)
                .isCloseTo(expected.get(4).doubleValue(), within(1e-3));
    }

    @Test
    void timeseriesWithThePreviousPeriodMatchesTheReference() {
        for (Window w : List.of(DAILY, HOURLY, EMPTY)) {
            for (Filter f : FILTERS) {
                String what = f.text() + " in " + w;
                JsonPath answer = tenant.get("/timeseries", params(w, f, "compare", 1));
                Map<Long, long[]> current = reference.timeseries(w, f.test(), false);
                Map<Long, long[]> previous = reference.timeseries(w, f.test(), true);
                List<Map<String, Object>> items = answer.getList("items");
                assertThat(items).as(what).hasSize(current.size());
                int i = 0;
                for (Map.Entry<Long, long[]> point : current.entrySet()) {
                    Map<String, Object> item = items.get(i++);
                    long[] c = point.getValue();
                    long[] p = previous.get(point.getKey());
                    assertThat(item.get("bucket")).as(what).isEqualTo(iso(point.getKey()));
                    assertThat(List.of(number(item, "pageviews"), number(item, "visitors"), number(item, "sessions"),
                            number(item, "previousPageviews"), number(item, "previousVisitors"),
                            number(item, "previousSessions"))).as(what + " at " + item.get("bucket"))
                            .containsExactly(c[0], c[1], c[2], p[0], p[1], p[2]);
                }
                assertThat(answer.getString("bucket")).isEqualTo(w.bucket() == DAY ? "day" : "hour");
            }
        }
        Map<String, Object> plain = tenant.get("/timeseries", params(DAILY, FILTERS.get(0))).getMap("items[0]");
        assertThat(plain).containsOnlyKeys("bucket", "pageviews", "visitors", "sessions");
    }

    private static long number(Map<String, Object> item, String key) {
        return ((Number) item.get(key)).longValue();
    }

    @Test
    void topListsWithPreviousCountsMatchTheReference() {
        record Top(String path, String key, Function<WebEvent, String> of, boolean pageviews) {
        }
        List<Top> tops = List.of(new Top("/top-pages", "path", WebEvent::path, true),
                new Top("/top-referrers", "referrer", e -> e.referrerHost().isEmpty() ? "(direct)"
                        : e.referrerHost(), true),
                new Top("/top-countries", "country", WebEvent::country, false),
                new Top("/top-browsers", "browser", WebEvent::browser, false),
                new Top("/top-os", "os", WebEvent::os, false),
                new Top("/top-devices", "device", WebEvent::device, false));
        for (Window w : List.of(DAILY, HOURLY, EMPTY)) {
            for (Filter f : FILTERS) {
                for (Top top : tops) {
                    String what = top.path + " " + f.text() + " in " + w;
                    List<Map<String, Object>> items = tenant.get(top.path, params(w, f, "limit", 100, "compare", 1))
                            .getList("items");
                    Map<String, long[]> expected = reference.top(w, f.test(), top.of, top.pageviews);
                    assertThat(items.stream().map(i -> (String) i.get(top.key)).toList()).as(what)
                            .containsExactlyElementsOf(expected.keySet());
                    for (Map<String, Object> item : items) {
                        long[] e = expected.get((String) item.get(top.key));
                        assertThat(List.of(number(item, "count"), number(item, "visitors"),
                                number(item, "prev_count"))).as(what).containsExactly(e[0], e[1], e[2]);
                        assertThat(item.get("delta_pct") == null ? null : number(item, "delta_pct"))
                                .isEqualTo(e[2] == 0 ? null : Math.round((e[0] - e[2]) * 100.0 / e[2]));
                    }
                }
            }
        }
    }

    @Test
    void entryExitPagesAndFlowsMatchTheReference() {
        for (Window w : List.of(DAILY, HOURLY, EMPTY)) {
            for (Filter f : FILTERS) {
                for (boolean entry : List.of(true, false)) {
                    String path = entry ? "/top-entry-pages" : "/top-exit-pages";
                    String what = path + " " + f.text() + " in " + w;
                    List<Map<String, Object>> items = tenant.get(path, params(w, f, "limit", 100, "compare", 1))
                            .getList("items");
                    Map<String, long[]> expected = reference.sessionPages(w, f.test(), entry);
                    assertThat(items.stream().map(i -> (String) i.get("path")).toList()).as(what)
                            .containsExactlyElementsOf(expected.keySet());
                    for (Map<String, Object> item : items) {
                        long[] e = expected.get((String) item.get("path"));
                        assertThat(List.of(number(item, "count"), number(item, "prev_count"))).as(what)
                                .containsExactly(e[0], e[1]);
                    }
                }
                for (int depth : List.of(2, 3, 5)) {
                    String what = "flows " + depth + " " + f.text() + " in " + w;
                    List<Map<String, Object>> items = tenant.get("/top-flows", params(w, f, "limit", 300, "depth",
                            depth)).getList("items");
                    Map<List<String>, Long> expected = reference.flows(w, f.test(), depth);
                    Map<List<String>, Long> actual = new HashMap<>();
                    long previousCount = Long.MAX_VALUE;
                    for (Map<String, Object> item : items) {
                        @SuppressWarnings("unchecked")
                        List<String> steps = (List<String>) item.get("steps");
                        actual.put(steps, number(item, "count"));
                        assertThat(number(item, "count")).as(what).isLessThanOrEqualTo(previousCount);
                        previousCount = number(item, "count");
                    }
                    // Capped at 300 rows: the most frequent flows, any of those tied at the cut.
                    assertThat(actual).as(what).hasSize(Math.min(300, expected.size()));
                    actual.forEach((steps, count) -> assertThat(expected.get(steps)).as(what + " " + steps)
                            .isEqualTo(count));
                    long cut = previousCount;
                    expected.forEach((steps, count) -> assertThat(actual.containsKey(steps) || count <= cut)
                            .as(what + " left out " + steps).isTrue());
                }
            }
        }
    }

    @Test
    void customEventsAndLocationsMatchTheReference() {
        for (Window w : List.of(DAILY, HOURLY, EMPTY)) {
            for (Filter f : FILTERS) {
                String what = f.text() + " in " + w;
                JsonPath answer = tenant.get("/custom-events", params(w, f, "limit", 100));
                Map<String, long[]> expected = reference.customEvents(w, f.test());
                List<Map<String, Object>> items = answer.getList("items");
                assertThat(items.stream().map(i -> (String) i.get("name")).toList()).as(what)
                        .containsExactlyElementsOf(expected.keySet());
                for (Map<String, Object> item : items) {
                    long[] e = expected.get((String) item.get("name"));
                    List<Long> spark = new ArrayList<>();
                    ((List<?>) item.get("spark")).forEach(n -> spark.add(((Number) n).longValue()));
                    List<Long> expectedSpark = new ArrayList<>();
                    for (int i = 2; i < e.length; i++) {
                        expectedSpark.add(e[i]);
                    }
                    assertThat(List.of(number(item, "count"), number(item, "prev_count"))).as(what)
                            .containsExactly(e[0], e[1]);
                    assertThat(spark).as(what).isEqualTo(expectedSpark);
                }
                assertThat(answer.getList("buckets", String.class)).isEqualTo(w.bucketStarts().stream()
                        .map(WebAnalyticsReferenceTest::iso).toList());

                Map<String, List<Object>> locations = reference.locations(w, f.test());
                List<Map<String, Object>> rows = tenant.get("/top-locations", params(w, f, "limit", 1000))
                        .getList("items");
                Map<String, List<Object>> actual = new java.util.TreeMap<>();
                rows.forEach(r -> actual.put((String) r.get("visitor_id"), List.of(r.get("country_code"),
                        r.get("browser_family"), r.get("os_family"), r.get("device_type"), number(r, "events"),
                        Instant.parse((String) r.get("last_seen")).toEpochMilli())));
                assertThat(actual).as(what).isEqualTo(locations);
            }
        }
    }

    @Test
    void visitorDetailAndSessionsMatchTheReference() {
        for (String visitor : List.of("01HV0007", "01HV0042", "01HVX1")) {
            List<WebEvent> of = reference.ofVisitor(visitor);
            JsonPath detail = tenant.get("/visitor/" + visitor, Map.of());
            assertThat(detail.getLong("events")).isEqualTo(of.size());
            assertThat(detail.getLong("pageviews")).isEqualTo(of.stream().filter(WebEvent::pageview).count());
            WebEvent last = of.stream().max(java.util.Comparator.comparingLong(WebEvent::ts)).orElseThrow();
            assertThat(detail.getString("last_seen")).isEqualTo(iso(last.ts()));
            assertThat(detail.getString("country_code")).isEqualTo(last.country());

            List<Session> sessions = reference.visitorSessions(visitor);
            List<Map<String, Object>> answer = tenant.get("/visitor/" + visitor + "/sessions", Map.of("limit", 200))
                    .getList("sessions");
            assertThat(answer.stream().map(s -> (String) s.get("session_id")).toList())
                    .isEqualTo(sessions.stream().limit(200).map(Session::id).toList());
            for (int i = 0; i < answer.size(); i++) {
                Map<String, Object> s = answer.get(i);
                Session e = sessions.get(i);
                List<String> pages = e.pagePaths();
                assertThat(s.get("start")).isEqualTo(iso(e.start()));
                assertThat(number(s, "duration_ms")).isEqualTo(e.end() - e.start());
                assertThat(number(s, "page_count")).isEqualTo(pages.size());
                assertThat(s.get("entry_page")).isEqualTo(pages.isEmpty() ? null : pages.get(0));
                assertThat(s.get("exit_page")).isEqualTo(pages.isEmpty() ? null : pages.get(pages.size() - 1));
                assertThat(((List<?>) s.get("events"))).hasSize(e.events().size());
            }
        }
        tenant.request().get("/api/web-events/" + tenant.slug + "/visitor/01HVNOBODY").then().statusCode(404)
                .body("error", org.hamcrest.Matchers.equalTo("visitor_not_found"));
    }

    @Test
    void rangeAllCoversEveryEventAndHasNoPreviousPeriod() {
        JsonPath kpis = tenant.get("/kpis", Map.of("range", "all"));
        Window all = new Window(T0, Long.MAX_VALUE / 2, DAY);
        List<Number> expected = reference.kpis(all, e -> true);
        assertThat(kpis.getLong("current.pageviews")).isEqualTo(expected.get(1));
        assertThat(kpis.getLong("current.sessions")).isEqualTo(expected.get(2));
        assertThat(kpis.getString("range.from")).isEqualTo(iso(T0));
        assertThat(kpis.getBoolean("range.hasPrevious")).isFalse();
        assertThat(tenant.get("/count", Map.of("range", "all")).getLong("count")).isEqualTo(events.size());
        // The data is years old: the default 24 h range holds none of it.
        assertThat(tenant.get("/count", Map.of()).getLong("count")).isZero();
    }

    @Test
    void sessionFiguresWithoutAFilterOnSingleEventsComeFromTheStreamedSessions() {
        WebTenant other = WebTenant.create();
        long start = T0 + 3 * DAY;
        List<WebEvent> seen = List.of(new WebEvent("01HEZ0000001", "pageview", "pageview", "/a", "https://x/a", "",
                "01HVZ1", "01HSZ1", "RO", "Chrome", "macOS", "desktop", start));
        WebEvent.insert(other.projectId, seen);
        // A session the stream has computed but whose events are not in web_events (yet): counted only when the
        // sessions are read from web_sessions.
        WebSessionFold.insert(other.projectId, List.of(seen.get(0), new WebEvent("01HEZ0000002", "pageview",
                "pageview", "/b", "https://x/b", "", "01HVZ2", "01HSZ2", "RO", "Chrome", "macOS", "desktop",
                start + 1000)));
        Window day = new Window(start, start + DAY, HOUR);
        assertThat(other.get("/kpis", params(day, FILTERS.get(0))).getLong("current.sessions")).isEqualTo(2);
        assertThat(other.get("/kpis", params(day, new Filter("visitor_id:01HVZ2", e -> true)))
                .getLong("current.sessions")).isEqualTo(1);
        assertThat(other.get("/kpis", params(day, new Filter("country:ro", e -> true)))
                .getLong("current.sessions")).isEqualTo(1);
        assertThat(other.get("/top-entry-pages", params(day, FILTERS.get(0))).getList("items.path"))
                .containsExactly("/a", "/b");
    }
}
