package dev.eventlane.streams.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.FunnelProgress;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.streams.shared.Endpoints;
import dev.eventlane.streams.shared.FunnelCatalogUpdater;
import dev.eventlane.streams.shared.GlobalStore;

/**
 * Counts a funnel's recent users by level as their progress arrives, and on a wall-clock punctuator expires the ones
 * that left the window and judges the churn of the funnels that changed (see {@link ChurnSpikes} for the rules).
 * Input is keyed by project and funnel, so each funnel is counted in one task.
 */
final class ChurnSpikeProcessor implements Processor<String, FunnelProgress, String, Alert> {

    private static final HexFormat HEX = HexFormat.of();

    private final Stores stores;
    private final long windowMs;
    private final int minUsers;
    private final double rearmMargin;
    private final ChurnSpikes.Settings settings;
    /** Funnels whose counts changed since the last check, by project and funnel, in the order they changed. */
    private final Set<String> changed = new LinkedHashSet<>();
    /** Until the first check: which funnels changed before a restart is not known, so the first check judges all. */
    private boolean judgeAll = true;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, FunnelProgress> users;
    private KeyValueStore<String, String> times;
    private KeyValueStore<String, List<Integer>> levels;
    private KeyValueStore<String, Long> disarmed;
    private ReadOnlyKeyValueStore<String, Long> catalog;
    private GlobalStore.ByProject<WebhookEndpoint> endpoints;

    /**
     * The names of the stores this processor uses.
     *
     * @param users     project, funnel and user to the user's latest progress, for recent users at level 1 or more
     * @param times     the event time of that progress and the users key, to the users key
     * @param levels    project and funnel to the number of recent users at each level (index = level)
     * @param disarmed  project, funnel, step action and endpoint to when it fired, while not re-armed
     * @param catalog   the global step catalog ({@link FunnelCatalogUpdater})
     * @param endpoints the global store of webhook endpoints
     */
    record Stores(String users, String times, String levels, String disarmed, String catalog,
            GlobalStore<WebhookEndpoint> endpoints) {
    }

    ChurnSpikeProcessor(Stores stores, ChurnSpikes.Settings settings) {
        this.stores = stores;
        this.settings = settings;
        this.windowMs = settings.window().toMillis();
        this.minUsers = settings.minUsers();
        this.rearmMargin = settings.rearmMargin();
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.users = context.getStateStore(stores.users());
        this.times = context.getStateStore(stores.times());
        this.levels = context.getStateStore(stores.levels());
        this.disarmed = context.getStateStore(stores.disarmed());
        this.catalog = context.getStateStore(stores.catalog());
        this.endpoints = stores.endpoints().byProject(context.getStateStore(stores.endpoints().name()));
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, FunnelProgress> record) {
        FunnelProgress progress = record.value();
        if (!ChurnSpikes.countable(progress)) {
            return;
        }
        String funnel = RecordKeys.funnel(progress.getProjectId(), progress.getFunnel());
        String key = funnel + RecordKeys.SEPARATOR + progress.getUserId();
        FunnelProgress known = users.get(key);
        if (known != null && known.getTimestamp().isAfter(progress.getTimestamp())) {
            return; // a user's progress only moves forward in event time: this one was overtaken
        }
        if (known != null) {
            forget(key, known);
        }
        boolean recent = progress.getTimestamp().toEpochMilli() > context.currentSystemTimeMs() - windowMs;
        // A user at level 0 reached no step: counting them would change no users(i).
        if (recent && progress.getLevel() > 0) {
            remember(key, progress);
        }
        if (known != null || recent && progress.getLevel() > 0) {
            changed.add(funnel);
        }
    }

    /** The wall-clock check: the window slides, then the funnels whose counts changed are judged. */
    private void check(long now) {
        expire(now);
        if (judgeAll) {
            try (KeyValueIterator<String, List<Integer>> it = levels.all()) {
                it.forEachRemaining(kv -> changed.add(kv.key));
            }
            judgeAll = false;
        }
        for (String funnel : changed) {
            judge(funnel, now);
        }
        changed.clear();
    }

    /** Takes out the users whose latest progress is no longer within the window ending now. */
    private void expire(long now) {
        long cutoff = now - windowMs;
        List<KeyValue<String, String>> expired = new ArrayList<>();
        try (KeyValueIterator<String, String> it = times.range(timeKey(Long.MIN_VALUE, ""), timeKey(cutoff + 1, ""))) {
            it.forEachRemaining(expired::add);
        }
        for (KeyValue<String, String> entry : expired) {
            FunnelProgress user = users.get(entry.value);
            if (user != null && entry.key.equals(timeKey(user.getTimestamp().toEpochMilli(), entry.value))) {
                forget(entry.value, user);
                changed.add(RecordKeys.funnel(user.getProjectId(), user.getFunnel()));
            } else {
                times.delete(entry.key);
            }
        }
    }

    private void remember(String key, FunnelProgress progress) {
        users.put(key, progress);
        times.put(timeKey(progress.getTimestamp().toEpochMilli(), key), key);
        count(RecordKeys.funnel(progress.getProjectId(), progress.getFunnel()), progress.getLevel(), 1);
    }

    private void forget(String key, FunnelProgress known) {
        users.delete(key);
        times.delete(timeKey(known.getTimestamp().toEpochMilli(), key));
        count(RecordKeys.funnel(known.getProjectId(), known.getFunnel()), known.getLevel(), -1);
    }

    /** Adds {@code delta} users at {@code level} to the funnel's counts. */
    private void count(String funnel, int level, int delta) {
        List<Integer> stored = levels.get(funnel);
        List<Integer> counts = stored == null ? new ArrayList<>() : new ArrayList<>(stored);
        while (counts.size() <= level) {
            counts.add(0);
        }
        counts.set(level, counts.get(level) + delta);
        while (!counts.isEmpty() && counts.get(counts.size() - 1) == 0) {
            counts.remove(counts.size() - 1);
        }
        if (counts.isEmpty()) {
            levels.delete(funnel);
        } else {
            levels.put(funnel, counts);
        }
    }

    /** Judges each step of the funnel for each of the project's churn-spike subscribers. */
    private void judge(String funnel, long now) {
        String projectId = RecordKeys.projectOf(funnel);
        String name = funnel.substring(projectId.length() + 1);
        List<WebhookEndpoint> subscribers = Endpoints.subscribers(endpoints.of(projectId), projectId,
                Alerts.CHURN_SPIKE);
        List<Integer> counts = levels.get(funnel);
        if (subscribers.isEmpty() || counts == null) {
            return;
        }
        long[] atLeast = atLeast(counts);
        List<String> steps = FunnelCatalogUpdater.steps(catalog, projectId, name);
        for (int step = 2; step <= steps.size(); step++) {
            long before = step - 1 < atLeast.length ? atLeast[step - 1] : 0;
            if (before < minUsers) {
                break; // users(i) only falls with i: no later step has enough users either
            }
            long reached = step < atLeast.length ? atLeast[step] : 0;
            // Integers first: 100 * 8 / 20 is exactly 40, where 100 * (1 - 12 / 20.0) is not.
            double churn = 100.0 * (before - reached) / before;
            for (WebhookEndpoint endpoint : subscribers) {
                judge(endpoint, projectId, name, steps.get(step - 1), churn, now);
            }
        }
    }

    /** Fires when armed and above the endpoint's threshold; re-arms when far enough below it. */
    private void judge(WebhookEndpoint endpoint, String projectId, String funnel, String step, double churn,
            long now) {
        String key = RecordKeys.funnel(projectId, funnel) + RecordKeys.SEPARATOR + step + RecordKeys.SEPARATOR
                + endpoint.getEndpointId();
        double threshold = endpoint.getChurnThresholdPct();
        boolean armed = disarmed.get(key) == null;
        if (armed && churn > threshold) {
            disarmed.put(key, now);
            context.forward(new Record<>(projectId, alert(endpoint, projectId, funnel, step, churn, now), now));
        } else if (!armed && churn < threshold - rearmMargin) {
            disarmed.delete(key);
        }
    }

    private static Alert alert(WebhookEndpoint endpoint, String projectId, String funnel, String step, double churn,
            long now) {
        Instant at = Instant.ofEpochMilli(now);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", Alerts.CHURN_SPIKE);
        fields.put("triggered_at", Alerts.time(at));
        fields.put("funnel", funnel);
        fields.put("step", step);
        fields.put("churn_pct", Alerts.percent(churn));
        fields.put("threshold", endpoint.getChurnThresholdPct());
        String id = AlertIds.of(Alerts.CHURN_SPIKE, endpoint.getEndpointId(), projectId, funnel, step, now);
        return Alerts.of(id, projectId, Alerts.CHURN_SPIKE, endpoint.getEndpointId(), at, fields);
    }

    /** users(i) for each level i: the recent users at level i or above. */
    private static long[] atLeast(List<Integer> counts) {
        long[] atLeast = new long[counts.size()];
        long sum = 0;
        for (int level = counts.size() - 1; level >= 0; level--) {
            sum += counts.get(level);
            atLeast[level] = sum;
        }
        return atLeast;
    }

    /** Orders by time: the bits with the sign flipped, as fixed-width hex, sort like the signed number. */
    private static String timeKey(long time, String usersKey) {
        return HEX.toHexDigits(time ^ Long.MIN_VALUE) + usersKey;
    }
}
