package dev.eventlane.streams.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.WebhookDelivery;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.streams.shared.GlobalStores;

/**
 * One project's backlog to slow endpoints that never answer holds at most its own in-flight allowance; another
 * project's delivery, due after the whole backlog, still goes out in the same scan. On the TopologyTestDriver with
 * a sender that only records what it is handed.
 */
class DispatchFairnessTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration SCAN = Duration.ofMillis(250);
    private static final int PER_ENDPOINT = 4;
    private static final int PER_PROJECT = 8;
    private static final String ENDPOINTS = "test-webhook-endpoints";
    private static final WebhookDispatch.Names NAMES = new WebhookDispatch.Names("test-alerts", "test-attempts",
            "test-dead-letter");

    private final List<WebhookDelivery> sent = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, WebhookEndpoint> endpoints;
    private TestInputTopic<String, Alert> alerts;

    @BeforeEach
    void setUp() {
        StreamsBuilder builder = new StreamsBuilder();
        WebhookDispatch.addDispatcher(builder, GlobalStores.addEndpointsStore(builder, ENDPOINTS), NAMES, SCAN,
                PER_ENDPOINT, PER_PROJECT, Duration.ofSeconds(5), (delivery, endpoint) -> sent.add(delivery));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dispatch-fairness-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-test-state");
        driver = new TopologyTestDriver(builder.build(), props, T0);
        endpoints = driver.createInputTopic(ENDPOINTS, Serdes.String().serializer(),
                EventlaneSerdes.webhookEndpoint().serializer());
        alerts = driver.createInputTopic(NAMES.alerts(), Serdes.String().serializer(),
                EventlaneSerdes.alert().serializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void aProjectsBacklogToSlowEndpointsDoesNotStarveAnotherProject() {
        for (int i = 0; i < 20; i++) {
            endpoint("busy", "busy-" + i);
        }
        endpoint("quiet", "quiet-0");
        // 20 alerts to 20 endpoints: 400 deliveries, all due before the quiet project's one.
        for (int i = 0; i < 20; i++) {
            alert("busy", "a-" + i);
        }
        driver.advanceWallClockTime(Duration.ofMillis(1));
        alert("quiet", "q-0");

        driver.advanceWallClockTime(SCAN);

        Map<String, Long> byProject = sent.stream()
                .collect(Collectors.groupingBy(WebhookDelivery::getProjectId, Collectors.counting()));
        assertThat(byProject).containsEntry("quiet", 1L).containsEntry("busy", (long) PER_PROJECT);
        Map<String, Long> byEndpoint = sent.stream()
                .collect(Collectors.groupingBy(WebhookDelivery::getEndpointId, Collectors.counting()));
        assertThat(byEndpoint.values()).allMatch(count -> count <= PER_ENDPOINT);

        // Nothing came back from the busy project's endpoints: the next scans send none of its deliveries more.
        driver.advanceWallClockTime(SCAN.multipliedBy(4));
        assertThat(sent.stream().filter(delivery -> delivery.getProjectId().equals("busy")).count())
                .isEqualTo(PER_PROJECT);
        assertThat(sent.stream().map(WebhookDelivery::getDeliveryId).collect(Collectors.toMap(Function.identity(),
                id -> 1, Integer::sum)).values()).allMatch(times -> times == 1);
    }

    private void endpoint(String project, String id) {
        endpoints.pipeInput(RecordKeys.owned(project, id), new WebhookEndpoint(id, project, "https://" + id
                + ".example.com/hook", List.of("alert"), "whsec_test", 40.0, 30.0), T0);
    }

    private void alert(String project, String id) {
        alerts.pipeInput(project, new Alert(id, project, "alert", null, T0, "{\"alert\":\"" + id + "\"}"), T0);
    }
}
