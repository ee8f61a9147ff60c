package dev.eventlane.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.analytics.WebSessions;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Session;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.WebFlowStep;
import dev.eventlane.schemas.WebSession;
import dev.eventlane.schemas.kafka.EventHeaders;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;

/** The web sessions of the analytics stage on the TopologyTestDriver. */
class WebSessionTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");
    private static final Duration PUBLISH = Duration.ofSeconds(1);

    private TopologyTestDriver driver;
    private TestInputTopic<String, Event> events;
    private TestOutputTopic<String, WebSession> published;
    private TestOutputTopic<String, Session> sessions;
    private int sequence;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "web-sessions-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-test-state/" + UUID.randomUUID());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class);
        StreamsBuilder builder = new StreamsBuilder();
        new AnalyticsTopology(PUBLISH, Duration.ofHours(1), Set.of()).addTo(builder);
        driver = new TopologyTestDriver(builder.build(), props, T0);
        events = driver.createInputTopic(Topics.EVENTS_UNIQUE, Serdes.String().serializer(),
                EventlaneSerdes.event().serializer());
        published = driver.createOutputTopic(Topics.WEB_SESSIONS, Serdes.String().deserializer(),
                EventlaneSerdes.webSession().deserializer());
        sessions = driver.createOutputTopic(Topics.SESSIONS, Serdes.String().deserializer(),
                EventlaneSerdes.session().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void aSessionHasItsFirstAndLastEventEntryExitCountsAndFirstEventsClient() {
        send(pageview("v1", "s1", at(1_000), "/home").setContext(client("RO", "Chrome")));
        send(custom("v1", "s1", at(2_000), "signup"));
        send(pageview("v1", "s1", at(3_000), "/pricing").setContext(client("US", "Firefox")));
        send(pageview("v2", "s2", at(1_500), "/blog"));

        Map<String, WebSession> latest = publish();
        assertThat(latest).containsOnlyKeys("s1", "s2");
        WebSession s1 = latest.get("s1");
        assertThat(List.of(s1.getVisitorId(), s1.getFirstEvent(), s1.getLastEvent(), s1.getEventCount(),
                s1.getPageviewCount(), s1.getEntryPath(), s1.getExitPath(), s1.getCountry(), s1.getBrowser(),
                paths(s1))).containsExactly("v1", at(1_000), at(3_000), 3L, 2L, "/home", "/pricing", "RO",
                        "Chrome", List.of("/home", "/pricing"));
        WebSession s2 = latest.get("s2");
        assertThat(List.of(s2.getEventCount(), s2.getPageviewCount(), s2.getEntryPath(), s2.getExitPath()))
                .containsExactly(1L, 1L, "/blog", "/blog");
        assertThat(published.getQueueSize()).isZero();
    }

    @Test
    void aLateEventTakesItsPlaceAsFirstEventEntryAndFlowStep() {
        send(pageview("v1", "s1", at(10_000), "/b").setContext(client("US", "Firefox")));
        send(pageview("v1", "s1", at(20_000), "/c"));
        publish();
        send(pageview("v1", "s1", at(5_000), "/a").setContext(client("RO", "Chrome")));

        WebSession s1 = publish().get("s1");
        assertThat(List.of(s1.getFirstEvent(), s1.getEntryPath(), s1.getExitPath(), s1.getCountry(), paths(s1)))
                .containsExactly(at(5_000), "/a", "/c", "RO", List.of("/a", "/b", "/c"));
    }

    @Test
    void aBusySessionIsPublishedOncePerIntervalWithBoundedState() {
        for (int i = 0; i < 2_000; i++) {
            send(pageview("v1", "s1", at(i), "/p" + i));
        }
        driver.advanceWallClockTime(PUBLISH);
        List<WebSession> records = published.readValuesToList();
        assertThat(records).hasSize(1);
        WebSession s1 = records.get(0);
        assertThat(List.of(s1.getEventCount(), s1.getPageviewCount(), s1.getEntryPath(), s1.getExitPath(),
                paths(s1))).containsExactly(2_000L, 2_000L, "/p0", "/p1999", List.of("/p0", "/p1", "/p2", "/p3",
                        "/p4"));
        // The stored state does not grow with the events: a 2000-event session is as small as a 5-event one.
        byte[] stored = EventlaneSerdes.webSession().serializer().serialize("t", store().get(key("v1", "s1")));
        assertThat(stored.length).isLessThan(400);
    }

    @Test
    void aSessionIdleForHalfAnHourInStreamTimeLeavesTheStoreButKeepsItsPublishedState() {
        send(pageview("v1", "s1", at(0), "/a"));
        publish();
        send(pageview("v2", "s2", at(WebSessionProcessor.IDLE.toMillis() - 1), "/b"));
        assertThat(store().get(key("v1", "s1"))).isNotNull();

        send(pageview("v2", "s2", at(WebSessionProcessor.IDLE.plus(WebSessionProcessor.EXPIRY_INTERVAL)
                .toMillis()), "/c"));
        assertThat(store().get(key("v1", "s1"))).isNull();
        assertThat(store().get(key("v2", "s2"))).isNotNull();
    }

    @Test
    void replayedOldEventsKeepTheirSessionWhileTheStreamTimeIsAhead() {
        long hours = 10 * 3_600_000L;
        send(pageview("v2", "s2", at(hours), "/now"));
        send(pageview("v1", "s1", at(0), "/a"));
        // Stream time passes an expiry check well after s1's own events; s1 was changed just before it.
        send(pageview("v2", "s2", at(hours + WebSessionProcessor.EXPIRY_INTERVAL.toMillis()), "/later"));
        send(pageview("v1", "s1", at(60_000), "/b"));

        WebSession s1 = publish().get("s1");
        assertThat(List.of(s1.getEventCount(), s1.getEntryPath(), s1.getExitPath())).containsExactly(2L, "/a", "/b");
    }

    @Test
    void anErasureForgetsTheVisitorsSessionsPublishedOrNot() {
        send(pageview("v1", "s1", at(0), "/a"));
        publish();
        send(pageview("v1", "s1", at(1_000), "/b"));  // pending when the erasure comes
        events.pipeInput(new TestRecord<>(RecordKeys.user("p1", "v1"), null, EventHeaders.erasure(), at(2_000)));
        driver.advanceWallClockTime(PUBLISH);
        assertThat(published.readValuesToList()).isEmpty();

        send(pageview("v1", "s1", at(3_000), "/c"));
        WebSession after = publish().get("s1");
        assertThat(List.of(after.getEventCount(), after.getEntryPath())).containsExactly(1L, "/c");
    }

    @Test
    void eventsOfOtherSourcesOrWithoutSessionHaveNoWebSession() {
        send(pageview("v1", "s1", at(0), "/a").setSource(Source.LOGLOGIC));
        send(pageview("v1", "s1", at(0), "/a").setSessionId(null));
        assertThat(publish()).isEmpty();
    }

    @Test
    void aWebEventBeyondTheBoundsIsRefusedAndTheOtherStagesStillSeeIt() {
        Event tooLong = pageview("v1", "x".repeat(WebSessions.MAX_SESSION_ID + 1), at(0), "/a").build();
        assertThatThrownBy(() -> WebSessions.check(tooLong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("session id");
        Event longPath = pageview("v1", "s1", at(0), "/" + "a".repeat(WebSessions.MAX_PATH)).build();
        assertThatThrownBy(() -> WebSessions.check(longPath)).hasMessageContaining("path");

        send(tooLong);
        send(pageview("v1", "s2", at(1), "/b"));
        assertThat(publish()).containsOnlyKeys("s2");
        driver.advanceWallClockTime(PUBLISH);
        assertThat(sessions.readValuesToList()).extracting(Session::getSessionId).contains(tooLong.getSessionId());
    }

    // ---- helpers

    private static Instant at(long millisAfterT0) {
        return T0.plusMillis(millisAfterT0);
    }

    private Event.Builder pageview(String visitor, String session, Instant time, String path) {
        return web(visitor, session, time, "pageview").setProperties(Map.of("$event_type", "\"pageview\"",
                "$path", "\"" + path + "\""));
    }

    private Event.Builder custom(String visitor, String session, Instant time, String name) {
        return web(visitor, session, time, name).setProperties(Map.of("$event_type", "\"custom\"",
                "$path", "\"/x\""));
    }

    private Event.Builder web(String visitor, String session, Instant time, String name) {
        return Event.newBuilder().setEventId(String.format("evt_%06d", ++sequence)).setProjectId("p1")
                .setSource(Source.WEB).setName(name).setUserId(visitor).setSessionId(session).setTimestamp(time)
                .setReceivedAt(time).setContext(client("", ""));
    }

    private static EventContext client(String country, String browser) {
        return EventContext.newBuilder().setCountry(country).setBrowser(browser).setOs("Linux").setDevice("desktop")
                .build();
    }

    private void send(Event.Builder event) {
        send(event.build());
    }

    private void send(Event event) {
        events.pipeInput(new TestRecord<>(RecordKeys.user(event.getProjectId(), event.getUserId()), event,
                EventHeaders.of(event), event.getTimestamp()));
    }

    private final Map<String, WebSession> latest = new HashMap<>();

    /** Publishes the pending sessions and folds everything published: the newest record per session wins. */
    private Map<String, WebSession> publish() {
        driver.advanceWallClockTime(PUBLISH);
        published.readValuesToList().forEach(s -> latest.put(s.getSessionId(), s));
        return latest;
    }

    private KeyValueStore<String, WebSession> store() {
        return driver.getKeyValueStore(AnalyticsTopology.WEB_SESSIONS_STORE);
    }

    private static String key(String visitor, String session) {
        return RecordKeys.user("p1", visitor) + RecordKeys.SEPARATOR + session;
    }

    private static List<String> paths(WebSession session) {
        return session.getFlow().stream().map(WebFlowStep::getPath).toList();
    }
}
