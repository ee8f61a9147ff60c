package dev.eventlane.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What one fault under load did, as the test prints it and RELIABILITY.md reports it. */
final class FaultResult {

    final String fault;
    final String project;
    long acked;
    long attempts;
    int gaveUp;
    int partial;
    Map<String, Long> refusals = Map.of();
    Duration sendingTime;
    long rows;
    long distinct;
    long duplicates;
    long missing;
    long foreign;
    /** What still differed from the expected rows and answers when the test stopped waiting. */
    List<String> differences = List.of();
    int derivedChecks;
    int derivedMismatches;
    /** From the kill until the restarted component was ready again. */
    Duration backAfter;
    /** From the kill until the first marker showed of those from which on every marker showed within the bound. */
    Duration freshAgainAfter;
    /** From the last 2xx until every row and answer was as expected; null if never within the bound. */
    Duration convergedAfter;
    /** The previous run's backlog had not cleared when this run's load started (after a bound). */
    boolean unsettled;
    /** The services whose readiness check failed once the phase was over. */
    List<String> notReady = List.of();
    int markers;
    int markersLost;
    Duration markerP50;
    Duration markerP99;
    Duration markerMax;

    FaultResult(String fault, String project) {
        this.fault = fault;
        this.project = project;
    }

    void record(LoadSender load) {
        acked = load.ackedEvents();
        attempts = load.attempts();
        gaveUp = load.gaveUp();
        partial = load.partial();
        refusals = load.refusals();
        sendingTime = load.sendingTime();
    }

    /** The latencies of the markers meant from the load's start on; {@code killedAt} 0 when nothing was killed. */
    void record(List<FreshnessProbe.Marker> probed, long loadStart, long killedAt, Duration bound) {
        List<FreshnessProbe.Marker> all = probed.stream().filter(m -> m.intendedNanos >= loadStart).toList();
        markers = all.size();
        List<Duration> latencies = all.stream().map(FreshnessProbe.Marker::latency).filter(Objects::nonNull)
                .sorted().toList();
        markersLost = markers - latencies.size();
        if (!latencies.isEmpty()) {
            markerP50 = latencies.get(latencies.size() / 2);
            markerP99 = latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.99) - 1));
            markerMax = latencies.get(latencies.size() - 1);
        }
        freshAgainAfter = killedAt == 0 ? null : FreshnessProbe.recovery(all, killedAt, bound);
    }

    /** For each result that did not converge in time: what still differs now, at the end of the test class. */
    static String lateConvergence(List<FaultResult> results, FaultRun run, String queryUrl) {
        StringBuilder report = new StringBuilder();
        for (FaultResult r : results) {
            if (!r.differences.isEmpty()) {
                List<String> now = run.differencesNow(r, queryUrl);
                report.append(r.fault).append(": ").append(now.isEmpty() ? "converged since"
                        : "still differs: " + String.join("; ", now)).append('\n');
            }
        }
        return report.toString();
    }

    static String table(List<FaultResult> results) {
        StringBuilder table = new StringBuilder("| fault (kill -9) | back after | fresh again after | marker latency "
                + "p50 / p99 / max | events acked | rows found | duplicates | missing | derived numbers equal | "
                + "converged after last 2xx | refused attempts |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (FaultResult r : results) {
            table.append(String.format("| %s | %s | %s | %s / %s / %s | %,d | %,d | %d | %d | %d of %d | %s | %s |%n",
                    r.fault, seconds(r.backAfter), seconds(r.freshAgainAfter), seconds(r.markerP50),
                    seconds(r.markerP99), seconds(r.markerMax), r.acked, r.rows, r.duplicates, r.missing,
                    r.derivedChecks - r.derivedMismatches, r.derivedChecks, seconds(r.convergedAfter),
                    r.refusals.isEmpty() ? "none" : r.refusals.toString()));
        }
        return table.toString();
    }

    private static String seconds(Duration duration) {
        return duration == null ? "-" : String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    @Override
    public String toString() {
        return String.format("%s: back after %s, fresh again (markers within the bound) after %s, marker latency "
                        + "p50 %s p99 %s max %s (%d markers, %d never shown); %,d events acked in %s (%,d attempts, "
                        + "refused %s, %d batches given up, %d partial); %,d rows, %,d distinct, %d duplicates, "
                        + "%d missing, %d foreign; %d of %d derived answers equal, converged %s after the last 2xx; "
                        + "not ready after: %s%s",
                fault, seconds(backAfter), seconds(freshAgainAfter), seconds(markerP50), seconds(markerP99),
                seconds(markerMax), markers, markersLost, acked, seconds(sendingTime), attempts, refusals, gaveUp,
                partial, rows, distinct, duplicates, missing, foreign, derivedChecks - derivedMismatches,
                derivedChecks, seconds(convergedAfter), notReady.isEmpty() ? "none" : notReady,
                unsettled ? "; the previous fault's backlog had not cleared when the load started" : "");
    }
}
