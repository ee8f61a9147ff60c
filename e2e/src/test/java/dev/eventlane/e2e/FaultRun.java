package dev.eventlane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.platform.time.ShiftedClock;

/**
 * One fault under load, and the verdict: the {@link FaultDataset} goes into a project of its own at a steady rate,
 * the fault strikes a third of the way in, and then every event answered 2xx must be in ClickHouse's
 * {@code events} exactly once and every derived answer must equal the {@link AnalyticsReference} of the load (what
 * the undisturbed pipeline gives). Freshness is measured throughout by a {@link FreshnessProbe}.
 */
final class FaultRun {

    /** The load and its bounds. */
    record Settings(int rate, Duration load, Duration outage, Duration freshnessBound, Duration convergence) {
    }

    /**
     * A way to break one component and the way back; {@code restart} null: it stays down and the survivors of its
     * kind take over.
     */
    record Fault(String component, Runnable kill, Runnable restart) {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** How long a run waits for the previous one's backlog to clear before its load starts. */
    private static final Duration SETTLE = Duration.ofMinutes(3);

    private final FaultDataset dataset;
    private final ClickHouseClient clickhouse;
    private final Settings settings;
    private final Map<String, JsonNode> expected;

    FaultRun(FaultDataset dataset, ClickHouseClient clickhouse, Settings settings) {
        this.dataset = dataset;
        this.clickhouse = clickhouse;
        this.settings = settings;
        this.expected = expectedAnswers(new AnalyticsReference(dataset.events));
    }

    /**
     * Sends the load into {@code project} through the ingest instances in turn (a retry goes to the next), with
     * markers into the probe's project, and strikes with {@code fault} (none if null).
     */
    FaultResult run(String project, List<String> ingestUrls, String queryUrl, String probeKey, Fault fault) {
        Http api = new Http(FaultInjectionEndToEndTest.keyOf(project));
        FaultResult result = new FaultResult(fault == null ? "none" : fault.component(), project);
        List<String> batchUrls = ingestUrls.stream().map(url -> url + "/ingest/batch").toList();
        try (LoadSender load = new LoadSender(api, batchUrls, dataset, settings.rate());
                FreshnessProbe probe = new FreshnessProbe(new Http(probeKey), ingestUrls, queryUrl,
                        "probe-" + project)) {
            probe.start();
            try {
                Awaitility.await("fresh before the load").atMost(SETTLE).pollInterval(FreshnessProbe.EVERY)
                        .until(() -> probe.fresh(settings.freshnessBound(), 3));
            } catch (ConditionTimeoutException e) {
                result.unsettled = true;
            }
            long loadStart = System.nanoTime();
            load.start();
            long killedAt = 0;
            if (fault != null) {
                Awaitility.await().atMost(settings.load()).until(() -> load.progress() >= 1.0 / 3);
                killedAt = System.nanoTime();
                fault.kill().run();
                if (fault.restart() != null) {
                    long killed = killedAt;
                    Awaitility.await().atMost(settings.outage().plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                            .until(() -> System.nanoTime() - killed >= settings.outage().toNanos());
                    fault.restart().run();
                    result.backAfter = Duration.ofNanos(System.nanoTime() - killedAt);
                }
            }
            Awaitility.await("every batch answered 2xx").atMost(settings.load().plus(Duration.ofMinutes(12)))
                    .pollInterval(Duration.ofMillis(200)).until(load::done);
            result.record(load);
            long lastAck = System.nanoTime();
            result.differences = awaitConvergence(project, queryUrl, api, load.ackedEvents());
            result.convergedAfter = result.differences.isEmpty() ? Duration.ofNanos(System.nanoTime() - lastAck)
                    : null;
            result.derivedChecks = expected.size();
            result.derivedMismatches = (int) result.differences.stream().filter(d -> d.startsWith("/")).count();
            result.record(probe.stop(Duration.ofSeconds(60)), loadStart, killedAt, settings.freshnessBound());
        }
        countRows(project, result);
        return result;
    }

    /** Fails on anything lost, doubled or different, and on freshness that never came back after a fault. */
    void assertHeld(FaultResult result) {
        assertThat(result.gaveUp).as("batches never answered 2xx").isZero();
        assertThat(result.partial).as("batches answered 2xx with fewer events taken").isZero();
        assertThat(result.missing).as("events answered 2xx but not in ClickHouse").isZero();
        assertThat(result.duplicates).as("events stored more than once").isZero();
        assertThat(result.foreign).as("rows of events never sent").isZero();
        assertThat(result.rows).isEqualTo(dataset.events.size());
        assertThat(result.differences).as("answers that differ from the undisturbed load's").isEmpty();
        assertThat(result.markersLost).as("markers answered 2xx never shown by /events").isZero();
        assertThat(result.notReady).as("services not ready after the fault").isEmpty();
        if (!result.fault.equals("none")) {
            assertThat(result.freshAgainAfter).as("freshness back within %s", settings.freshnessBound())
                    .isNotNull();
        }
    }

    /**
     * What differs now for a project whose run did not converge within the bound: tells "slow" (nothing left) from
     * "stuck" when the test is over.
     */
    List<String> differencesNow(FaultResult result, String queryUrl) {
        return differences(result.project, queryUrl, new Http(FaultInjectionEndToEndTest.keyOf(result.project)),
                dataset.events.size());
    }

    /** Waits until every row and answer is as expected; returns what still differs when the bound passed. */
    private List<String> awaitConvergence(String project, String queryUrl, Http api, long acked) {
        List<List<String>> last = new ArrayList<>(List.of(List.of("not checked")));
        try {
            Awaitility.await().atMost(settings.convergence()).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofSeconds(2)).pollInSameThread().until(() -> {
                        last.set(0, differences(project, queryUrl, api, acked));
                        return last.get(0).isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            System.out.println("faults: " + project + " still differs after " + settings.convergence() + ":\n  "
                    + String.join("\n  ", last.get(0)));
        }
        return last.get(0);
    }

    private List<String> differences(String project, String queryUrl, Http api, long acked) {
        List<String> differences = new ArrayList<>();
        try {
            String rows = clickhouse.selectOne("SELECT count() FROM events WHERE project_id = " + Sql.quote(project));
            if (Long.parseLong(rows) != acked) {
                differences.add("events: " + rows + " rows, " + acked + " events acked");
            }
        } catch (RuntimeException e) {
            differences.add("events: ClickHouse: " + e.getMessage());
        }
        expected.forEach((path, answer) -> {
            JsonNode actual = answerOf(api, queryUrl + path, path.startsWith("/sessions"));
            List<String> diff = JsonDiff.differences(JsonDiff.canonical(answer), JsonDiff.canonical(actual), 4);
            if (!diff.isEmpty()) {
                differences.add(path + ": " + String.join("; ", diff));
            }
        });
        return differences;
    }

    /** The answer without LogLogic's {@code ok}, or only its count; anything but 200 as status and body. */
    private static JsonNode answerOf(Http api, String url, boolean countOnly) {
        Http.Reply reply;
        try {
            reply = api.get(url);
        } catch (RuntimeException e) {
            return JSON.objectNode().put("http_status", "none").put("error", e.toString());
        }
        if (reply.status() != 200) {
            return JSON.objectNode().put("http_status", reply.status()).put("body", reply.body().toString());
        }
        ObjectNode body = reply.body().deepCopy();
        body.remove("ok");
        return countOnly ? JSON.objectNode().set("count", body.path("count")) : body;
    }

    /** Every event id in ClickHouse's events for the project, and how often, against what was sent. */
    private void countRows(String project, FaultResult result) {
        Set<String> sent = new HashSet<>();
        dataset.events.forEach(e -> sent.add(e.id()));
        Set<String> found = new HashSet<>();
        for (String[] row : clickhouse.select("SELECT event_id, count() FROM events WHERE project_id = "
                + Sql.quote(project) + " GROUP BY event_id")) {
            long times = Long.parseLong(row[1]);
            result.rows += times;
            result.duplicates += times - 1;
            found.add(row[0]);
            if (!sent.contains(row[0])) {
                result.foreign++;
            }
        }
        result.distinct = found.size();
        // Every batch was answered 2xx unless gaveUp says otherwise: then the missing count is an upper bound.
        result.missing = sent.stream().filter(id -> !found.contains(id)).count();
    }

    /** The questions and the reference's answers; the same for every project, since the load is the same. */
    private static Map<String, JsonNode> expectedAnswers(AnalyticsReference reference) {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        LocalDate first = FaultDataset.FIRST_DAY;
        LocalDate end = first.plusDays(FaultDataset.DAYS);
        // The services' calendar (the clock sweep moves it); the week's periods are all before it anyway.
        LocalDate today = LocalDate.now(ShiftedClock.fromSystemProperty().withZone(ZoneOffset.UTC));
        answers.put("/dau?from=" + first + "&to=" + end, reference.dau(first, end));
        answers.put("/revenue?from=" + first + "&to=" + end, reference.revenue(first, end));
        answers.put("/retention?interval=day&periods=" + FaultDataset.DAYS + "&from=" + first + "&to=" + end,
                reference.retention(false, FaultDataset.DAYS, first, end, today));
        answers.put("/retention?interval=week&periods=2&from=" + first + "&to=" + end,
                reference.retention(true, 2, first, end, today));
        Instant from = FaultDataset.dayStart(1);
        Instant to = FaultDataset.dayStart(5).plus(Duration.ofHours(12));
        for (String funnel : FaultDataset.FUNNELS.keySet()) {
            answers.put("/funnel?funnel=" + funnel + "&range=all",
                    reference.funnel(funnel, Instant.EPOCH, Instant.MAX, Duration.ofDays(7)));
            answers.put("/funnel?funnel=" + funnel + "&from=" + from + "&to=" + to + "&window=1h",
                    reference.funnel(funnel, from, to, Duration.ofHours(1)));
        }
        answers.put("/sessions?limit=1&from=" + first + "&to=" + end, JSON.objectNode().set("count",
                reference.sessions(FaultDataset.dayStart(0), FaultDataset.dayStart(FaultDataset.DAYS), null, 1)
                        .get("count")));
        answers.put("/sessions?limit=1&from=" + from + "&to=" + to,
                JSON.objectNode().set("count", reference.sessions(from, to, null, 1).get("count")));
        return answers;
    }
}
