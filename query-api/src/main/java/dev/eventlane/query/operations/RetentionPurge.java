package dev.eventlane.query.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.query.config.ClickHouseWriter;
import dev.eventlane.query.control.model.Project;
import dev.eventlane.query.control.model.ProjectRepository;
import dev.eventlane.query.control.service.Plans;
import dev.eventlane.schemas.pipeline.Tables;

/**
 * Purges the raw data older than its project's plan keeps it, from every table of the catalogue that holds a raw
 * copy of what projects sent ({@link Tables#rawData()}: the events, the web events, the log entries). Sessions,
 * funnels (their events and levels), active days and purchases are the aggregates a plan keeps forever; the alerts
 * that fired stay until the project deletes its events.
 *
 * <p>Each raw table is partitioned by month of {@code ts} and has the event time in {@code ts_ms}. A month of a table
 * in which every project's rows are past its retention is dropped whole ({@code DROP PARTITION}: instant, no
 * rewrite). Expired rows in other months go in one {@code ALTER DELETE} per table, a background mutation; no new one
 * is started on a table while one on it is still running. Projects not in the control plane (configured keys) and
 * plans that keep events forever are never purged.
 *
 * <p>A month is read again right before it is dropped. ClickHouse cannot drop conditionally, so an old row of a
 * project that keeps it, loaded into that month in the milliseconds between that read and the drop, would go too;
 * {@code eventlane.retention.partition-drops=false} leaves every purge to {@code ALTER DELETE}, which has no such gap
 * (a mutation never touches rows inserted after it started).
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    private final ClickHouseClient clickhouse;
    /** Drops and deletions only: the reader may not write. */
    private final ClickHouseClient writer;
    private final ProjectRepository projects;
    private final Plans plans;
    private final Clock clock;

    private final boolean partitionDrops;

    public RetentionPurge(ClickHouseClient clickhouse, @ClickHouseWriter ClickHouseClient writer,
            ProjectRepository projects, Plans plans, Clock clock,
            @ConfigProperty(name = "eventlane.retention.partition-drops", defaultValue = "true")
            boolean partitionDrops) {
        this.clickhouse = clickhouse;
        this.writer = writer;
        this.projects = projects;
        this.plans = plans;
        this.clock = clock;
        this.partitionDrops = partitionDrops;
    }

    /**
     * What one run did.
     *
     * @param droppedMonths  per table, the months ({@code yyyyMM}) dropped whole; tables with none are absent
     * @param purgedProjects projects that had expired rows in any raw table, removed either way (in a dropped month
     *                       or by the delete), sorted
     */
    public record Result(Map<String, List<String>> droppedMonths, List<String> purgedProjects) {
    }

    @Scheduled(every = "${eventlane.retention.purge-interval:1h}", delayed = "${eventlane.retention.purge-delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            Result result = purge(clock.instant());
            if (!result.droppedMonths().isEmpty() || !result.purgedProjects().isEmpty()) {
                LOG.infof("Retention: dropped months %s, purging expired rows of %d project(s)",
                        result.droppedMonths(), result.purgedProjects().size());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Retention purge failed, retried at the next run: %s", e.getMessage());
        }
    }

    /** Purges everything expired at {@code now}. */
    public Result purge(Instant now) {
        Map<String, Long> cutoffs = cutoffs(now);
        Map<String, List<String>> dropped = new TreeMap<>();
        Set<String> purged = new TreeSet<>();
        if (!cutoffs.isEmpty()) {
            for (String table : Tables.rawData()) {
                List<String> months = purge(table, cutoffs, purged);
                if (!months.isEmpty()) {
                    dropped.put(table, months);
                }
            }
        }
        return new Result(dropped, List.copyOf(purged));
    }

    /**
     * Purges one raw table: drops its wholly expired months, returned, and deletes the other expired rows; adds the
     * projects that had expired rows to {@code purged}.
     */
    private List<String> purge(String table, Map<String, Long> cutoffs, Set<String> purged) {
        long latestCutoff = cutoffs.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        // Only rows older than the newest cutoff can be expired; the partition key keeps the read off recent months.
        Map<String, List<ProjectMonth>> months = projectMonths(table,
                "ts < toDateTime(" + latestCutoff / 1000 + ")");
        List<String> dropped = new ArrayList<>();
        Map<String, Long> toDelete = new HashMap<>();
        for (Map.Entry<String, List<ProjectMonth>> month : months.entrySet()) {
            if (partitionDrops && monthEndMs(month.getKey()) <= latestCutoff && allExpired(month.getValue(), cutoffs)
                    // Read again just before dropping: rows loaded into the month since the first read count too.
                    && allExpired(projectMonths(table, "toYYYYMM(ts) = " + Integer.parseInt(month.getKey()))
                            .getOrDefault(month.getKey(), List.of()), cutoffs)) {
                writer.execute("ALTER TABLE " + table + " DROP PARTITION " + Integer.parseInt(month.getKey()));
                dropped.add(month.getKey());
                month.getValue().forEach(p -> purged.add(p.projectId()));
                continue;
            }
            for (ProjectMonth p : month.getValue()) {
                Long cutoff = cutoffs.get(p.projectId());
                if (cutoff != null && p.minMs() < cutoff) {
                    toDelete.put(p.projectId(), cutoff);
                }
            }
        }
        if (!toDelete.isEmpty() && !mutationRunning(table)) {
            writer.execute("ALTER TABLE " + table + " DELETE WHERE " + toDelete.entrySet().stream()
                    .map(e -> "(project_id = " + Sql.quote(e.getKey()) + " AND ts_ms < " + e.getValue() + ")")
                    .collect(Collectors.joining(" OR ")));
            purged.addAll(toDelete.keySet());
        }
        return dropped;
    }

    /** Epoch millis before which each project's events are expired; projects kept forever are absent. */
    private Map<String, Long> cutoffs(Instant now) {
        List<Project> all = QuarkusTransaction.requiringNew().call(projects::listAll);
        Map<String, Long> cutoffs = new HashMap<>();
        for (Project project : all) {
            Optional<Duration> retention = plans.of(project.plan).retention();
            retention.ifPresent(r -> cutoffs.put(project.id.toString(), now.minus(r).toEpochMilli()));
        }
        return cutoffs;
    }

    /** Per month, each project's oldest and newest row time: the rows of {@code table} matching {@code condition}. */
    private Map<String, List<ProjectMonth>> projectMonths(String table, String condition) {
        Map<String, List<ProjectMonth>> months = new TreeMap<>();
        for (String[] row : clickhouse.select("SELECT toYYYYMM(ts) AS month, project_id, min(ts_ms), max(ts_ms)"
                + " FROM " + table + " WHERE " + condition + " GROUP BY month, project_id")) {
            months.computeIfAbsent(row[0], m -> new ArrayList<>())
                    .add(new ProjectMonth(row[1], Long.parseLong(row[2]), Long.parseLong(row[3])));
        }
        return months;
    }

    /** Whether every row of these projects is past its project's retention. */
    private static boolean allExpired(List<ProjectMonth> projects, Map<String, Long> cutoffs) {
        return projects.stream().allMatch(p -> {
            Long cutoff = cutoffs.get(p.projectId());
            return cutoff != null && p.maxMs() < cutoff;
        });
    }

    /** The first millisecond after the month {@code yyyymm}. */
    private static long monthEndMs(String yyyymm) {
        int value = Integer.parseInt(yyyymm);
        return YearMonth.of(value / 100, value % 100).plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant().toEpochMilli();
    }

    private boolean mutationRunning(String table) {
        return !"0".equals(clickhouse.selectOne("SELECT count() FROM system.mutations WHERE database = "
                + Sql.quote(clickhouse.database()) + " AND table = " + Sql.quote(table) + " AND is_done = 0"));
    }

    private record ProjectMonth(String projectId, long minMs, long maxMs) {
    }
}
