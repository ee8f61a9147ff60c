package dev.eventlane.streams.alerts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.Purchase;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.streams.shared.Amounts;
import dev.eventlane.streams.shared.Endpoints;
import dev.eventlane.streams.shared.GlobalStore;

/**
 * Sums each project's purchases per UTC hour of event time, and on a wall-clock punctuator judges every project's
 * most recent closed hour once against its baseline (see {@link RevenueDrops} for the rules). Input is keyed by
 * project, so each project is summed in one task.
 */
final class RevenueDropProcessor implements Processor<String, Purchase, String, Alert> {

    /** Revenue is summed by the hour. */
    static final Duration HOUR = Duration.ofHours(1);
    /** The baseline hours are the same hour on each of this many days before. */
    static final int BASELINE_DAYS = 7;
    /** Hours kept: the judged hour's day and its seven baseline days. */
    static final Duration HISTORY = Duration.ofDays(BASELINE_DAYS + 1L);
    private static final long HOUR_MS = HOUR.toMillis();
    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final HexFormat HEX = HexFormat.of();

    private final Stores stores;
    private final long graceMs;
    private final BigDecimal rearmMargin;
    private final Duration checkInterval;
    /** The hour judged last in this task; the judged store says it per project, across restarts. */
    private long lastJudged = Long.MIN_VALUE;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, String> hours;
    private KeyValueStore<String, Long> firstHours;
    private KeyValueStore<String, Long> judged;
    private KeyValueStore<String, Long> disarmed;
    private GlobalStore.ByProject<WebhookEndpoint> endpoints;

    /**
     * The names of the stores this processor uses.
     *
     * @param hours      project and hour (sortable hex) to the hour's revenue, a plain decimal string
     * @param firstHours project to its first hour with a purchase (epoch millis)
     * @param judged     project to the last hour judged
     * @param disarmed   project and endpoint to the hour that fired, while not re-armed
     * @param endpoints  the global store of webhook endpoints
     */
    record Stores(String hours, String firstHours, String judged, String disarmed,
            GlobalStore<WebhookEndpoint> endpoints) {
    }

    RevenueDropProcessor(Stores stores, RevenueDrops.Settings settings) {
        this.stores = stores;
        this.graceMs = settings.grace().toMillis();
        this.rearmMargin = BigDecimal.valueOf(settings.rearmMargin());
        this.checkInterval = settings.checkInterval();
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.hours = context.getStateStore(stores.hours());
        this.firstHours = context.getStateStore(stores.firstHours());
        this.judged = context.getStateStore(stores.judged());
        this.disarmed = context.getStateStore(stores.disarmed());
        this.endpoints = stores.endpoints().byProject(context.getStateStore(stores.endpoints().name()));
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, Purchase> record) {
        Purchase purchase = record.value();
        BigDecimal amount = purchase == null ? null : amount(purchase.getAmount());
        if (amount == null) {
            return;
        }
        String projectId = purchase.getProjectId();
        long hour = hourOf(purchase.getTimestamp().toEpochMilli());
        Long first = firstHours.get(projectId);
        if (first == null || hour < first) {
            firstHours.put(projectId, hour);
        }
        if (hour < oldestKept(context.currentSystemTimeMs())) {
            return;
        }
        String key = hourKey(projectId, hour);
        String sum = hours.get(key);
        hours.put(key, (sum == null ? amount : new BigDecimal(sum).add(amount)).toPlainString());
    }

    /** The wall-clock check: once an hour has closed (its grace included), every project's revenue in it is judged. */
    private void check(long now) {
        long hour = hourOf(now - graceMs - HOUR_MS);
        if (hour <= lastJudged) {
            return;
        }
        lastJudged = hour;
        List<KeyValue<String, Long>> projects = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = firstHours.all()) {
            it.forEachRemaining(projects::add);
        }
        for (KeyValue<String, Long> project : projects) {
            Long done = judged.get(project.key);
            if (done != null && done >= hour) {
                continue;
            }
            judged.put(project.key, hour);
            Map<Long, BigDecimal> revenue = history(project.key, oldestKept(now));
            if (!revenue.isEmpty()) {
                judge(project.key, hour, project.value, revenue, now);
            }
        }
    }

    /** The project's revenue by hour, after pruning the hours older than {@code oldest}. */
    private Map<Long, BigDecimal> history(String projectId, long oldest) {
        String prefix = projectId + RecordKeys.SEPARATOR;
        Map<Long, BigDecimal> revenue = new HashMap<>();
        List<String> pruned = new ArrayList<>();
        try (KeyValueIterator<String, String> it = hours.prefixScan(prefix, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> {
                long hour = HEX.fromHexDigitsToLong(kv.key.substring(prefix.length())) ^ Long.MIN_VALUE;
                if (hour < oldest) {
                    pruned.add(kv.key);
                } else {
                    revenue.put(hour, new BigDecimal(kv.value));
                }
            });
        }
        pruned.forEach(hours::delete);
        return revenue;
    }

    /** Judges the hour's revenue against its baseline for each of the project's revenue-drop subscribers. */
    private void judge(String projectId, long hour, long firstHour, Map<Long, BigDecimal> revenue, long now) {
        BigDecimal actual = revenue.getOrDefault(hour, BigDecimal.ZERO);
        BigDecimal sum = BigDecimal.ZERO;
        int days = 0;
        for (int k = 1; k <= BASELINE_DAYS; k++) {
            long before = hour - k * DAY_MS;
            if (before >= firstHour) {
                sum = sum.add(revenue.getOrDefault(before, BigDecimal.ZERO));
                days++;
            }
        }
        if (days == 0 || sum.signum() <= 0) {
            return;
        }
        BigDecimal count = BigDecimal.valueOf(days);
        BigDecimal baseline = sum.divide(count, MathContext.DECIMAL128);
        // 100 * (sum / days - actual) / (sum / days), with the days multiplied in: only the last step rounds.
        BigDecimal drop = sum.subtract(actual.multiply(count)).multiply(HUNDRED).divide(sum, MathContext.DECIMAL128);
        Measure measure = new Measure(projectId, hour, actual, baseline, drop);
        for (WebhookEndpoint endpoint : Endpoints.subscribers(endpoints.of(projectId), projectId,
                Alerts.REVENUE_DROP)) {
            judge(endpoint, measure, now);
        }
    }

    /** Fires when armed and above the endpoint's threshold; re-arms when far enough below it. */
    private void judge(WebhookEndpoint endpoint, Measure measure, long now) {
        String key = RecordKeys.owned(measure.projectId(), endpoint.getEndpointId());
        BigDecimal threshold = BigDecimal.valueOf(endpoint.getRevenueDropPct());
        boolean armed = disarmed.get(key) == null;
        if (armed && measure.drop().compareTo(threshold) > 0) {
            disarmed.put(key, measure.hour());
            context.forward(new Record<>(measure.projectId(), alert(endpoint, measure, now), now));
        } else if (!armed && measure.drop().compareTo(threshold.subtract(rearmMargin)) < 0) {
            disarmed.delete(key);
        }
    }

    private static Alert alert(WebhookEndpoint endpoint, Measure measure, long now) {
        Instant at = Instant.ofEpochMilli(now);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", Alerts.REVENUE_DROP);
        fields.put("triggered_at", Alerts.time(at));
        fields.put("revenue", measure.revenue().setScale(2, RoundingMode.HALF_UP));
        fields.put("baseline", measure.baseline().setScale(2, RoundingMode.HALF_UP));
        fields.put("drop_pct", Alerts.percent(measure.drop().doubleValue()));
        fields.put("threshold", endpoint.getRevenueDropPct());
        String id = AlertIds.of(Alerts.REVENUE_DROP, endpoint.getEndpointId(), measure.projectId(), measure.hour());
        return Alerts.of(id, measure.projectId(), Alerts.REVENUE_DROP, endpoint.getEndpointId(), at, fields);
    }

    /** One judged hour of a project: its revenue, the baseline and the drop in percent, unrounded. */
    private record Measure(String projectId, long hour, BigDecimal revenue, BigDecimal baseline, BigDecimal drop) {
    }

    /** The amount of a purchase, or null when it is not an amount (then the purchase is skipped). */
    static BigDecimal amount(String text) {
        return text == null ? null : Amounts.parse(text.strip()).orElse(null);
    }

    private static long hourOf(long millis) {
        return Math.floorDiv(millis, HOUR_MS) * HOUR_MS;
    }

    /** The first hour still kept: {@link #HISTORY} before the current hour. */
    private static long oldestKept(long now) {
        return hourOf(now) - HISTORY.toMillis();
    }

    /** Orders a project's hours by time: the bits with the sign flipped, as fixed-width hex. */
    private static String hourKey(String projectId, long hour) {
        return projectId + RecordKeys.SEPARATOR + HEX.toHexDigits(hour ^ Long.MIN_VALUE);
    }
}
