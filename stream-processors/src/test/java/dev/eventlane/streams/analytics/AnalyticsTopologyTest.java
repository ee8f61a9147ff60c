package dev.eventlane.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.analytics.StepOrder;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.FunnelProgress;
import dev.eventlane.schemas.FunnelStep;
import dev.eventlane.schemas.FunnelUserLevel;
import dev.eventlane.schemas.Purchase;
import dev.eventlane.schemas.Session;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.UserDay;
import dev.eventlane.schemas.kafka.EventHeaders;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.app.DedupApplication;

/** Both Kafka Streams applications of stream-processors (dedup, then analytics) on the TopologyTestDriver. */
class AnalyticsTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");
    private static final Duration PUBLISH = Duration.ofSeconds(1);
    private static final Duration FUNNEL_WINDOW = Duration.ofHours(1);

    private TopologyTestDriver driver;
    private TestInputTopic<String, Event> events;
    private TestOutputTopic<String, Session> sessions;
    private TestOutputTopic<String, FunnelStep> steps;
    private TestOutputTopic<String, FunnelUserLevel> funnelLevels;
    private TestOutputTopic<String, UserDay> userDays;
    private TestOutputTopic<String, Purchase> purchases;
    private Instant arrival = T0;
    private int sequence;

    @BeforeEach
    void setUp() {
        startDriver(PUBLISH);
    }

    private void startDriver(Duration publishInterval) {
        startDriver(publishInterval, FunnelHistory.MAX_PAIRS);
    }

    private void startDriver(Duration publishInterval, int maxHistory) {
        if (driver != null) {
            driver.close();
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // A directory of its own: state left by a run that was killed must not leak into this one.
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-test-state/" + UUID.randomUUID());
        // Both applications of stream-processors in one driver: de-duplication feeds the analytics.
        StreamsBuilder builder = new StreamsBuilder();
        DedupApplication.addTo(builder);
        new AnalyticsTopology(publishInterval, FUNNEL_WINDOW, Set.of("purchase", "renewal"), maxHistory)
                .addTo(builder);
        driver = new TopologyTestDriver(builder.build(), props, T0);
        events = driver.createInputTopic(Topics.EVENTS, Serdes.String().serializer(),
                EventlaneSerdes.event().serializer());
        sessions = driver.createOutputTopic(Topics.SESSIONS, Serdes.String().deserializer(),
                EventlaneSerdes.session().deserializer());
        steps = driver.createOutputTopic(Topics.FUNNEL_STEPS, Serdes.String().deserializer(),
                EventlaneSerdes.funnelStep().deserializer());
        funnelLevels = driver.createOutputTopic(Topics.FUNNEL_LEVELS, Serdes.String().deserializer(),
                EventlaneSerdes.funnelUserLevel().deserializer());
        userDays = driver.createOutputTopic(Topics.USER_DAYS, Serdes.String().deserializer(),
                EventlaneSerdes.userDay().deserializer());
        purchases = driver.createOutputTopic(Topics.PURCHASES, Serdes.String().deserializer(),
                EventlaneSerdes.purchase().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    // ---- sessions

    @Test
    void gapOfThirtyMinutesStartsANewSessionJustUnderDoesNot() {
        send(event("u1", "open", at(0)));
        send(event("u1", "view", at(30 * 60_000 - 1)));
        send(event("u1", "buy", at(60 * 60_000 - 2)));
        send(event("u1", "open", at(90 * 60_000 - 2)));

        List<Session> current = publishedSessions();
        assertThat(current).extracting(s -> s.getStart(), s -> s.getEnd(), s -> s.getEventCount(),
                s -> s.getEntryAction(), s -> s.getExitAction())
                .containsExactly(
                        tuple(at(0), at(60 * 60_000 - 2), 3L, "open", "buy"),
                        tuple(at(90 * 60_000 - 2), at(90 * 60_000 - 2), 1L, "open", "open"));
        assertThat(current).allMatch(Session::getInferred);
        assertThat(current.get(0).getSessionId()).startsWith("ses_").isNotEqualTo(current.get(1).getSessionId());
    }

    @Test
    void lateEventExtendsASessionBackwardsAndChangesItsEntry() {
        send(event("u1", "view", at(10 * 60_000)));
        send(event("u1", "buy", at(20 * 60_000)));
        List<Session> before = publishedSessions();
        send(event("u1", "open", at(0)));

        List<Session> after = publishedSessions();
        assertThat(after).hasSize(1);
        Session session = after.get(0);
        assertThat(session.getSessionId()).isEqualTo(before.get(0).getSessionId());
        assertThat(session.getStart()).isEqualTo(at(0));
        assertThat(session.getEntryAction()).isEqualTo("open");
        assertThat(session.getExitAction()).isEqualTo("buy");
        assertThat(session.getEventCount()).isEqualTo(3);
    }

    @Test
    void lateEventBridgingTwoSessionsMergesThemUnderTheEarlierId() {
        send(event("u1", "open", at(0)));
        send(event("u1", "view", at(10 * 60_000)));
        send(event("u1", "open", at(50 * 60_000)));
        send(event("u1", "buy", at(55 * 60_000)));
        Map<String, Session> split = latestById();
        assertThat(split.values()).filteredOn(s -> !s.getDeleted()).hasSize(2);
        String earlierId = split.values().stream().min(Comparator.comparing(Session::getStart)).orElseThrow()
                .getSessionId();

        send(event("u1", "search", at(30 * 60_000)));

        Map<String, Session> merged = latestById();
        List<Session> live = merged.values().stream().filter(s -> !s.getDeleted()).toList();
        assertThat(live).hasSize(1);
        assertThat(live.get(0).getSessionId()).isEqualTo(earlierId);
        assertThat(live.get(0).getStart()).isEqualTo(at(0));
        assertThat(live.get(0).getEnd()).isEqualTo(at(55 * 60_000));
        assertThat(live.get(0).getEventCount()).isEqualTo(5);
        assertThat(live.get(0).getExitAction()).isEqualTo("buy");
        assertThat(merged.values()).filteredOn(Session::getDeleted).hasSize(1);
    }

    @Test
    void clientSessionIdsGroupEventsWhateverTheGapAndApartFromInferredOnes() {
        send(event("u1", "open", at(0)).setSessionId("s-1"));
        send(event("u1", "view", at(5 * 60 * 60_000)).setSessionId("s-1"));
        send(event("u1", "other", at(60_000)));
        send(event("u2", "open", at(0)).setSessionId("s-1"));

        List<Session> current = publishedSessions();
        assertThat(current).extracting(Session::getUserId, Session::getSessionId, Session::getInferred,
                Session::getEventCount)
                .containsExactlyInAnyOrder(
                        tuple("u1", "s-1", false, 2L),
                        tuple("u2", "s-1", false, 1L),
                        tuple("u1", current.stream().filter(Session::getInferred)
                                .findFirst().orElseThrow().getSessionId(), true, 1L));
    }

    @Test
    void retriedEventCountsOnceAndTiesAtTheSameMillisecondBreakByEventId() {
        Event b = event("u1", "second", at(0)).setEventId("evt_b").build();
        send(b);
        send(event("u1", "first", at(0)).setEventId("evt_a"));
        send(b);

        Session session = publishedSessions().get(0);
        assertThat(session.getEventCount()).isEqualTo(2);
        assertThat(session.getEntryAction()).isEqualTo("first");
        assertThat(session.getExitAction()).isEqualTo("second");
    }

    @Test
    void eachPublicationCarriesTheStartOfThePreviousOne() {
        send(event("u1", "view", at(10 * 60_000)));
        send(event("u1", "open", at(5 * 60_000)));
        driver.advanceWallClockTime(PUBLISH);
        assertThat(sessions.readValuesToList()).extracting(Session::getStart, Session::getPublishedStart)
                .containsExactly(tuple(at(5 * 60_000), null));

        send(event("u1", "open", at(2 * 60_000)));
        send(event("u1", "open", at(60_000)));
        send(event("u1", "buy", at(20 * 60_000)));
        driver.advanceWallClockTime(PUBLISH);
        assertThat(sessions.readValuesToList()).extracting(Session::getStart, Session::getPublishedStart)
                .containsExactly(tuple(at(60_000), at(5 * 60_000)));

        send(event("u1", "buy", at(25 * 60_000)));
        driver.advanceWallClockTime(PUBLISH);
        assertThat(sessions.readValuesToList()).extracting(Session::getStart, Session::getPublishedStart)
                .containsExactly(tuple(at(60_000), at(60_000)));
    }

    @Test
    void sessionsByStartLoseTheRowsOfMovedAndMergedSessions() {
        send(event("u1", "open", at(60 * 60_000)));
        send(event("u1", "view", at(80 * 60_000)));
        send(event("u1", "open", at(110 * 60_000)).setSessionId("s-1"));
        send(event("u1", "view", at(120 * 60_000)));
        send(event("u1", "buy", at(130 * 60_000)));
        assertThat(sessionsByStart()).hasSize(3);

        send(event("u1", "search", at(100 * 60_000)));
        send(event("u1", "open", at(45 * 60_000)));
        send(event("u1", "open", at(100 * 60_000)).setSessionId("s-1"));

        assertThat(sessionsByStart()).containsExactlyElementsOf(publishedSessions()).hasSize(2)
                .extracting(Session::getStart).containsExactly(at(45 * 60_000), at(100 * 60_000));
    }

    @Test
    void changesArePublishedOncePerIntervalNotPerEvent() {
        for (int i = 0; i < 20; i++) {
            send(event("u1", "tick", at(i * 1000L)));
        }
        assertThat(sessions.isEmpty()).isTrue();
        driver.advanceWallClockTime(PUBLISH);
        assertThat(sessions.readValuesToList()).hasSize(1).allMatch(s -> s.getEventCount() == 20);
        driver.advanceWallClockTime(PUBLISH);
        assertThat(sessions.isEmpty()).isTrue();
    }

    @Test
    void sessionsMatchAStraightforwardSessionizationWhateverTheArrivalOrder() {
        Random random = new Random(42);
        List<Event> all = new ArrayList<>();
        for (int user = 0; user < 20; user++) {
            long time = 0;
            for (int i = 0; i < 40; i++) {
                // Gaps around the 30-minute boundary, some at exactly the same millisecond.
                long gap = switch (random.nextInt(5)) {
                    case 0 -> 0;
                    case 1 -> 30 * 60_000 - 1;
                    case 2 -> 30 * 60_000;
                    default -> random.nextInt(40 * 60_000);
                };
                time += gap;
                all.add(event("u" + user, "a" + random.nextInt(4), at(time)).setEventId("evt_" + user + "_" + i)
                        .build());
            }
        }
        List<Event> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, random);
        shuffled.forEach(this::send);
        // Retries of a few, late.
        shuffled.subList(0, 50).forEach(this::send);

        Map<String, List<String>> expected = referenceSessions(all);
        Map<String, List<String>> actual = publishedSessions().stream().collect(Collectors.groupingBy(
                Session::getUserId, Collectors.mapping(AnalyticsTopologyTest::describe,
                        Collectors.collectingAndThen(Collectors.toList(), list -> list.stream().sorted().toList()))));
        assertThat(actual).isEqualTo(expected);
        assertThat(sessionsByStart()).containsExactlyInAnyOrderElementsOf(publishedSessions());
    }

    /** Sorts a user's events by (time, id) and cuts at gaps of 30 minutes or more. */
    private static Map<String, List<String>> referenceSessions(List<Event> all) {
        Map<String, List<Event>> byUser = all.stream().collect(Collectors.groupingBy(Event::getUserId));
        Map<String, List<String>> sessions = new HashMap<>();
        byUser.forEach((user, list) -> {
            List<Event> sorted = list.stream().sorted(Comparator.comparing(Event::getTimestamp)
                    .thenComparing(Event::getEventId)).toList();
            List<String> described = new ArrayList<>();
            int first = 0;
            for (int i = 1; i <= sorted.size(); i++) {
                if (i == sorted.size() || Duration.between(sorted.get(i - 1).getTimestamp(),
                        sorted.get(i).getTimestamp()).compareTo(SessionProcessor.GAP) >= 0) {
                    Event entry = sorted.get(first);
                    Event exit = sorted.get(i - 1);
                    described.add(entry.getTimestamp() + ".." + exit.getTimestamp() + " n=" + (i - first) + " "
                            + entry.getName() + ">" + exit.getName());
                    first = i;
                }
            }
            described.sort(null);
            sessions.put(user, described);
        });
        return sessions;
    }

    private static String describe(Session s) {
        return s.getStart() + ".." + s.getEnd() + " n=" + s.getEventCount() + " " + s.getEntryAction() + ">"
                + s.getExitAction();
    }

    // ---- funnel steps

    @Test
    void stepCatalogPublishesAnActionOnlyWhenItsEarliestTimeMovesEarlier() {
        send(event("u1", "open", at(1000)).setFunnel("checkout"));
        send(event("u2", "pay", at(5000)).setFunnel("checkout"));
        send(event("u3", "open", at(2000)).setFunnel("checkout"));
        send(event("u3", "pay", at(3000)).setFunnel("checkout"));
        send(event("u4", "open", at(500)).setFunnel("checkout"));
        send(event("u4", "open", at(100)).setFunnel("onboarding"));
        send(event("u4", "open", at(100)));

        List<String> published = steps.readRecordsToList().stream()
                .map(r -> r.key().replace('\u0000', '/') + " " + r.value().getAction() + "@"
                        + r.value().getFirstSeen().toEpochMilli() % 100_000)
                .toList();
        assertThat(published).containsExactly("p1/checkout open@1000", "p1/checkout pay@5000",
                "p1/checkout pay@3000", "p1/checkout open@500", "p1/onboarding open@100");
    }

    // ---- funnel progress

    @Test
    void progressIsPublishedWhenAUsersLevelChanges() {
        TestOutputTopic<String, FunnelProgress> progress = driver.createOutputTopic(Topics.FUNNEL_PROGRESS,
                Serdes.String().deserializer(), EventlaneSerdes.funnelProgress().deserializer());
        send(event("u1", "open", at(0)).setFunnel("checkout"));
        send(event("u1", "view", at(10 * 60_000)).setFunnel("checkout"));
        send(event("u1", "view", at(11 * 60_000)).setFunnel("checkout"));
        send(event("u1", "pay", at(20 * 60_000)).setFunnel("checkout"));
        // Once the processor re-reads the catalog it orders open < view < pay: a view before any open is no progress.
        driver.advanceWallClockTime(Duration.ofMillis(FunnelProgressProcessor.CATALOG_REFRESH_MS));
        send(event("u2", "view", at(0)).setFunnel("checkout"));
        send(event("u2", "open", at(60_000)).setFunnel("checkout"));
        // Beyond the one-hour window: the chain restarts.
        send(event("u3", "open", at(0)).setFunnel("checkout"));
        send(event("u3", "view", at(2 * 60 * 60_000)).setFunnel("checkout"));
        send(event("u3", "open", at(2 * 60 * 60_000 + 1)).setFunnel("checkout"));
        send(event("u3", "view", at(2 * 60 * 60_000 + 2)).setFunnel("checkout"));

        assertThat(progress.readValuesToList()).extracting(p -> p.getUserId() + " " + p.getPreviousLevel() + ">"
                + p.getLevel() + "/" + p.getStepCount())
                .containsExactly("u1 0>1/1", "u1 1>2/2", "u1 2>3/3", "u2 0>1/3", "u3 0>1/3", "u3 1>0/3",
                        "u3 0>1/3", "u3 1>2/3");
    }

    // ---- overall funnel levels

    @Test
    void aUserWhoseHistoryIsFullIsPublishedInexactAndCostsNoMoreWork() {
        int bound = 50;
        startDriver(PUBLISH, bound);
        for (int i = 0; i < bound - 1; i++) {
            send(event("bot", "view", at(i)).setFunnel("checkout"));
        }
        send(event("bot", "open", at(bound)).setFunnel("checkout"));
        send(event("bot", "pay", at(bound + 1)).setFunnel("checkout")); // past the bound
        send(event("u1", "open", at(0)).setFunnel("checkout"));

        driver.advanceWallClockTime(PUBLISH);

        List<FunnelUserLevel> levels = funnelLevels.readValuesToList();
        assertThat(levels).extracting(FunnelUserLevel::getUserId, FunnelUserLevel::getLastEvent)
                .containsExactly(tuple("bot", at(bound)), tuple("u1", at(0)));
        assertThat(levels.get(0).getSteps()).isEqualTo(FunnelProgressProcessor.INEXACT);
        assertThat(levels.get(1).getSteps()).isNotEqualTo(FunnelProgressProcessor.INEXACT);
    }


    @Test
    void overallLevelsArePublishedOncePerIntervalWithTheirStepOrderAndSpan() {
        send(event("u1", "open", at(0)).setFunnel("checkout"));
        send(event("u1", "view", at(10 * 60_000)).setFunnel("checkout"));
        send(event("u1", "open", at(0)).setFunnel("checkout")); // same action and time, another event id
        send(event("u1", "pay", at(20 * 60_000)).setFunnel("checkout"));
        send(event("u2", "view", at(0)).setFunnel("checkout"));

        driver.advanceWallClockTime(PUBLISH);
        List<FunnelUserLevel> first = funnelLevels.readValuesToList();
        // Far later than the window: the user's progress starts over, the overall level stays.
        send(event("u1", "open", at(5 * 60 * 60_000)).setFunnel("checkout"));
        driver.advanceWallClockTime(PUBLISH);
        List<FunnelUserLevel> second = funnelLevels.readValuesToList();
        driver.advanceWallClockTime(PUBLISH);

        String order = StepOrder.fingerprint(List.of("open", "view", "pay"));
        assertThat(first).extracting(FunnelUserLevel::getUserId, FunnelUserLevel::getLevel, FunnelUserLevel::getSteps,
                        FunnelUserLevel::getWindowMs, FunnelUserLevel::getFirstEvent, FunnelUserLevel::getLastEvent)
                .containsExactly(
                        tuple("u1", 3, order, FUNNEL_WINDOW.toMillis(), at(0), at(20 * 60_000)),
                        tuple("u2", 0, order, FUNNEL_WINDOW.toMillis(), at(0), at(0)));
        assertThat(second).extracting(FunnelUserLevel::getUserId, FunnelUserLevel::getLevel,
                        FunnelUserLevel::getLastEvent)
                .containsExactly(tuple("u1", 3, at(5 * 60 * 60_000)));
        assertThat(funnelLevels.isEmpty()).isTrue();
    }

    @Test
    void lateEventsRaiseTheOverallLevelWhereverTheyFall() {
        send(event("u1", "open", at(0)).setFunnel("checkout"));
        send(event("u1", "view", at(2 * 60 * 60_000)).setFunnel("checkout"));
        send(event("u2", "open", at(0)).setFunnel("checkout"));
        send(event("u2", "view", at(1)).setFunnel("checkout"));
        driver.advanceWallClockTime(PUBLISH);
        Map<String, Integer> before = overallLevels();
        // Within the window of u1's first open, though two hours before u1's latest event.
        send(event("u1", "view", at(30 * 60_000)).setFunnel("checkout"));

        assertThat(before).containsEntry("u1", 1).containsEntry("u2", 2);
        assertThat(overallLevels()).containsEntry("u1", 2).containsEntry("u2", 2);
    }

    @Test
    void aNewStepOrderRecomputesTheFunnelsUsers() {
        TestOutputTopic<String, FunnelProgress> progress = driver.createOutputTopic(Topics.FUNNEL_PROGRESS,
                Serdes.String().deserializer(), EventlaneSerdes.funnelProgress().deserializer());
        send(event("u1", "view", at(10 * 60_000)).setFunnel("signup"));
        send(event("u1", "open", at(20 * 60_000)).setFunnel("signup"));
        driver.advanceWallClockTime(PUBLISH);
        List<FunnelUserLevel> before = funnelLevels.readValuesToList();
        // An earlier open: the order becomes open, view, and u1's view no longer follows an open.
        send(event("u2", "open", at(0)).setFunnel("signup"));
        driver.advanceWallClockTime(Duration.ofMillis(FunnelProgressProcessor.CATALOG_REFRESH_MS));
        driver.advanceWallClockTime(PUBLISH);

        assertThat(before).extracting(FunnelUserLevel::getUserId, FunnelUserLevel::getLevel,
                FunnelUserLevel::getSteps).containsExactly(tuple("u1", 2, StepOrder.fingerprint(List.of("view",
                "open"))));
        String reordered = StepOrder.fingerprint(List.of("open", "view"));
        assertThat(funnelLevels.readValuesToList()).extracting(FunnelUserLevel::getUserId, FunnelUserLevel::getLevel,
                FunnelUserLevel::getSteps).containsExactlyInAnyOrder(tuple("u1", 1, reordered),
                tuple("u2", 1, reordered));
        assertThat(progress.readValuesToList()).extracting(p -> p.getUserId() + " " + p.getPreviousLevel() + ">"
                + p.getLevel()).containsExactly("u1 0>1", "u1 1>2", "u2 0>1", "u1 2>1");
    }

    @Test
    void aLevelWhoseOrderTheCatalogDoesNotShowYetIsPublishedAgainUntilItDoes() {
        // Publishing more often than the catalog is re-read: a user's own events can be ahead of the catalog.
        startDriver(Duration.ofMillis(200));
        send(event("u0", "a", at(10)).setFunnel("f"));
        send(event("u0", "b", at(20)).setFunnel("f"));
        advance(Duration.ofMillis(FunnelProgressProcessor.CATALOG_REFRESH_MS)); // the catalog says a, b
        // u1's b comes before every a the catalog knows, so u1's own order is b, a; then u2's even earlier a brings
        // the catalog back to a, b: the order already checked, so no recomputation of the funnel's users.
        send(event("u1", "b", at(0)).setFunnel("f"));
        send(event("u2", "a", at(-5)).setFunnel("f"));
        advance(Duration.ofMillis(200));
        Map<String, String> ahead = new HashMap<>();
        funnelLevels.readValuesToList().forEach(l -> ahead.put(l.getUserId(), l.getSteps()));
        advance(Duration.ofMillis(FunnelProgressProcessor.CATALOG_REFRESH_MS));
        List<FunnelUserLevel> untilTheCatalogAgrees = funnelLevels.readValuesToList();
        advance(Duration.ofMillis(FunnelProgressProcessor.CATALOG_REFRESH_MS));

        String ab = StepOrder.fingerprint(List.of("a", "b"));
        assertThat(ahead).containsEntry("u1", StepOrder.fingerprint(List.of("b", "a"))).containsEntry("u2", ab);
        assertThat(untilTheCatalogAgrees).extracting(FunnelUserLevel::getUserId).containsOnly("u1");
        assertThat(untilTheCatalogAgrees.get(untilTheCatalogAgrees.size() - 1)).extracting(FunnelUserLevel::getLevel,
                FunnelUserLevel::getSteps).containsExactly(0, ab);
        assertThat(funnelLevels.isEmpty()).isTrue();
    }

    // ---- user days

    @Test
    void eachUserDayIsPublishedOnceWhenItsFirstEventArrivesLateOrNot() {
        Instant day1 = Instant.parse("2026-11-01T23:59:59.999Z");
        send(event("u1", "a", day1));
        send(event("u1", "b", day1.plusMillis(1)));
        send(event("u1", "c", day1.minus(Duration.ofHours(23))));
        send(event("u1", "d", day1.minus(Duration.ofDays(20))));
        send(event("u2", "a", day1));
        Event retry = event("u1", "e", day1.minus(Duration.ofDays(40))).build();
        send(retry);
        send(retry);

        assertThat(userDays.readValuesToList()).extracting(d -> d.getUserId() + " " + d.getDay())
                .containsExactly("u1 2026-11-01", "u1 2026-11-02", "u1 2026-10-12", "u2 2026-11-01",
                        "u1 2026-09-22");
    }

    // ---- purchases

    @Test
    void revenueEventsBecomePurchasesWithExactAmountsOnce() {
        Event paid = event("u1", "purchase", at(0)).setProperties(Map.of("amount", "19.99")).build();
        send(paid);
        send(paid);
        send(event("u1", "renewal", at(1)).setProperties(Map.of("amount", "\"0.10\"")));
        send(event("u1", "purchase", at(2)).setProperties(Map.of("amount", "1e2")));
        send(event("u1", "purchase", at(3)).setProperties(Map.of("amount", "\"free\"")));
        send(event("u1", "purchase", at(4)));
        send(event("u1", "purchase", at(5)).setProperties(Map.of("amount", "0.1234567891")));
        send(event("u1", "purchase", at(6)).setProperties(Map.of("amount", "1e10000000")));
        send(event("u1", "view", at(7)).setProperties(Map.of("amount", "5")));

        assertThat(purchases.readValuesToList()).extracting(Purchase::getAmount)
                .containsExactly("19.99", "0.1", "100", "0", "0", "0.1234567891", "0");
    }

    @Test
    void amountsOutsideTheRangeCountZero() {
        assertThat(Purchases.amount("999999999999999.9999999999")).isEqualByComparingTo(
                new BigDecimal("999999999999999.9999999999"));
        assertThat(Purchases.amount("1000000000000000")).isZero();
        assertThat(Purchases.amount("0.12345678901")).isZero();
        assertThat(Purchases.amount("1e400")).isZero();
        assertThat(Purchases.amount("true")).isZero();
        assertThat(Purchases.amount("{\"v\":1}")).isZero();
    }

    // ---- erasure

    @Test
    void anErasureForgetsTheUserSoTheirNextEventsStartFromNothing() {
        send(event("u1", "open", at(0)).setFunnel("checkout"));
        send(event("u1", "view", at(10 * 60_000)).setFunnel("checkout"));
        send(event("u1", "pay", at(12 * 60_000)).setSessionId("s1"));
        send(event("u2", "open", at(0)).setFunnel("checkout"));
        send(event("u2", "view", at(1)).setFunnel("checkout"));
        assertThat(overallLevels()).containsEntry("u1", 2).containsEntry("u2", 2);
        send(event("u1", "open", at(11 * 60_000)));  // pending, not yet published, when the erasure comes
        userDays.readValuesToList();
        sessions.readValuesToList();

        erase("u1");
        send(event("u1", "view", at(15 * 60_000)).setFunnel("checkout"));
        send(event("u1", "pay", at(16 * 60_000)).setSessionId("s1"));

        assertThat(publishedSessions()).extracting(s -> s.getUserId() + " " + s.getEventCount() + " "
                + s.getStart() + " " + s.getEntryAction()).containsExactlyInAnyOrder(
                        "u1 1 " + at(15 * 60_000) + " view", "u1 1 " + at(16 * 60_000) + " pay");
        assertThat(overallLevels()).containsEntry("u1", 0).containsEntry("u2", 2);
        assertThat(userDays.readValuesToList()).extracting(d -> d.getUserId() + " " + d.getDay())
                .containsExactly("u1 2026-11-01");
    }

    @Test
    void aUserErasedBeforeThePublicationHasNoLevelPublished() {
        send(event("u1", "open", at(0)).setFunnel("checkout"));
        send(event("u1", "view", at(1)).setFunnel("checkout"));
        send(event("u2", "open", at(0)).setFunnel("checkout"));

        erase("u1");
        driver.advanceWallClockTime(PUBLISH);

        assertThat(funnelLevels.readValuesToList()).extracting(l -> l.getUserId() + " " + l.getLevel())
                .containsExactly("u2 1");
    }

    // ---- helpers

    private static Instant at(long millisAfterT0) {
        return T0.plusMillis(millisAfterT0);
    }

    private Event.Builder event(String user, String action, Instant time) {
        return Event.newBuilder().setEventId("evt_" + (++sequence)).setProjectId("p1").setSource(Source.LOGLOGIC)
                .setName(action).setUserId(user).setTimestamp(time).setReceivedAt(arrival)
                .setContext(EventContext.newBuilder().build());
    }

    /** Advances the wall clock in steps of 100 ms, so that every punctuation due runs. */
    private void advance(Duration duration) {
        for (long ms = 0; ms < duration.toMillis(); ms += 100) {
            driver.advanceWallClockTime(Duration.ofMillis(Math.min(100, duration.toMillis() - ms)));
        }
    }

    private void send(Event.Builder event) {
        send(event.build());
    }

    /** As ingest publishes: keyed by project and user, with the dedup header, in arrival order. */
    private void send(Event event) {
        arrival = arrival.plusMillis(1);
        events.pipeInput(new TestRecord<>(event.getProjectId() + '\u0000' + event.getUserId(), event,
                EventHeaders.of(event), arrival));
    }

    /** As query-api publishes an erasure: no value, the erasure header, the user's key. */
    private void erase(String user) {
        arrival = arrival.plusMillis(1);
        events.pipeInput(new TestRecord<>("p1" + '\u0000' + user, null, EventHeaders.erasure(), arrival));
    }

    private final Map<String, Session> latest = new LinkedHashMap<>();
    /** What ClickHouse's sessions_by_start keeps: rows by start and session, a moved start's row made deleted. */
    private final Map<String, Session> byStart = new HashMap<>();
    private final Map<String, Integer> levels = new HashMap<>();

    /** Publishes pending levels and folds everything published so far: each user's newest overall level. */
    private Map<String, Integer> overallLevels() {
        driver.advanceWallClockTime(PUBLISH);
        funnelLevels.readValuesToList().forEach(l -> levels.put(l.getUserId(), l.getLevel()));
        return Map.copyOf(levels);
    }

    /** Publishes pending sessions and folds everything published so far: the newest record per session wins. */
    private Map<String, Session> latestById() {
        driver.advanceWallClockTime(PUBLISH);
        for (Session s : sessions.readValuesToList()) {
            String id = s.getUserId() + "/" + (s.getInferred() ? "i/" : "c/") + s.getSessionId();
            latest.put(id, s);
            if (s.getPublishedStart() != null && !s.getPublishedStart().equals(s.getStart())) {
                byStart.put(s.getPublishedStart() + id, Session.newBuilder(s).setDeleted(true).build());
            }
            byStart.put(s.getStart() + id, s);
        }
        return latest;
    }

    /** The current sessions as sessions_by_start holds them, oldest first. */
    private List<Session> sessionsByStart() {
        latestById();
        return byStart.values().stream().filter(s -> !s.getDeleted())
                .sorted(Comparator.comparing(Session::getStart)).toList();
    }

    /** The current sessions, oldest first. */
    private List<Session> publishedSessions() {
        return latestById().values().stream().filter(s -> !s.getDeleted())
                .sorted(Comparator.comparing(Session::getStart)).toList();
    }
}
