package dev.eventlane.e2e;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A deterministic product-analytics dataset: a fixed seed, anchored to whole UTC days before {@code today}, so the
 * same seed gives the same events relative to the day the test runs. Random users browse, run through funnels
 * (dropping off, repeating steps, sometimes two steps in the same millisecond or out of order) and buy things;
 * {@code edge-*} users carry the exact cases the metric definitions turn on (30-minute gaps, late events that
 * bridge two sessions, ties at one millisecond, funnel windows to the millisecond, day boundaries, odd amounts).
 *
 * <p>{@link #sendPlan} is the order an unruly set of clients would deliver them in: time slices in shuffled
 * order, then a few hundred retries of already sent events (same {@code event_id}), then late events, and last the
 * oldest {@value #HISTORICAL_DAYS} days as a bulk load of history.
 */
final class AnalyticsDataset {

    static final long SEED = 0x5EED_2026_1122L;
    static final int USERS = 3000;
    /** Day 0 is {@code today - DAYS}; day {@code DAYS} is today. */
    static final int DAYS = 40;
    /** Events of days 0 .. HISTORICAL_DAYS-1 are sent last, as a historical bulk load. */
    static final int HISTORICAL_DAYS = 10;
    /** Nothing happens in the last two hours: the data ends a little before the test starts. */
    static final Duration QUIET_BEFORE_NOW = Duration.ofHours(2);
    static final int BATCH = 100;
    static final int RETRIED_ONCE = 250;
    static final int RETRIED_TWICE = 50;

    /** Funnels with their steps in the order users go through them. */
    static final Map<String, List<String>> FUNNELS = new LinkedHashMap<>();

    static {
        FUNNELS.put("checkout", List.of("app_open", "view_product", "add_to_cart", "enter_payment", "purchase"));
        // accept_terms and signup first happen in the same millisecond: /funnels orders that tie by name.
        FUNNELS.put("onboarding", List.of("accept_terms", "signup", "verify_email", "create_profile",
                "invite_friend", "tutorial_done"));
        FUNNELS.put("support", List.of("open_help", "search_faq", "contact_agent"));
        FUNNELS.put("upgrade", List.of("view_plans", "select_plan", "enter_payment", "purchase"));
    }

    private static final List<String> BROWSE = List.of("screen_view", "screen_view", "screen_view", "search",
            "scroll", "share", "logout", "purchase");
    static final Duration THIRTY_MINUTES = Duration.ofMinutes(30);
    private static final List<ZoneOffset> OFFSETS = List.of(ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(-7),
            ZoneOffset.ofHours(14), ZoneOffset.ofHours(-12), ZoneOffset.ofHours(1));

    enum TimestampStyle { ISO_UTC, EPOCH_MILLIS, ISO_OFFSET, ISO_NO_ZONE }

    /**
     * One event as a client sends it. {@code eventId} null: the server assigns one. {@code seq} identifies the event
     * within the dataset (a retry is the same event sent again).
     */
    record Event(int seq, String eventId, String action, String userId, String funnel, String sessionId,
            String platform, Instant time, TimestampStyle style, ZoneOffset offset, ObjectNode data) {

        ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("action", action).put("user_id", userId);
            putIfPresent(json, "funnel", funnel);
            putIfPresent(json, "session_id", sessionId);
            putIfPresent(json, "platform", platform);
            switch (style) {
                case ISO_UTC -> json.put("timestamp", time.toString());
                case EPOCH_MILLIS -> json.put("timestamp", time.toEpochMilli());
                case ISO_OFFSET -> json.put("timestamp",
                        OffsetDateTime.ofInstant(time, offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                case ISO_NO_ZONE -> json.put("timestamp",
                        LocalDateTime.ofInstant(time, ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
            }
            if (data != null) {
                json.set("data", data);
            }
            putIfPresent(json, "event_id", eventId);
            return json;
        }

        private static void putIfPresent(ObjectNode json, String field, String value) {
            if (value != null) {
                json.put(field, value);
            }
        }
    }

    final LocalDate firstDay;
    final Instant cutoff;
    /** Every event once, in generation order. */
    final List<Event> events = new ArrayList<>();
    /** Batches in sending order; retries are the same {@link Event} again. */
    final List<List<Event>> sendPlan = new ArrayList<>();
    /** The users whose sessions are checked one by one. */
    final List<String> spotlightUsers = new ArrayList<>();
    /** Late events between two sessions of their user, sent after the rest. */
    final List<Event> bridges = new ArrayList<>();
    private final SplittableRandom random;
    private int sessionCounter;
    private int clientIds;

    private AnalyticsDataset(long seed, LocalDate today, Instant now) {
        this.random = new SplittableRandom(seed);
        this.firstDay = today.minusDays(DAYS);
        this.cutoff = now.minus(QUIET_BEFORE_NOW);
    }

    static AnalyticsDataset generate(long seed, Instant now) {
        AnalyticsDataset dataset = new AnalyticsDataset(seed, LocalDate.ofInstant(now, ZoneOffset.UTC), now);
        for (int u = 1; u <= USERS; u++) {
            dataset.randomUser(String.format("u%04d", u));
        }
        AnalyticsEdgeCases.addTo(dataset);
        dataset.spotlightUsers.addAll(List.of("u0001", "u0002", "u0003", "u0004", "u0005"));
        dataset.events.stream().map(Event::userId).filter(u -> u.startsWith("edge-")).distinct()
                .forEach(dataset.spotlightUsers::add);
        dataset.planSending();
        return dataset;
    }

    String describe() {
        long historical = events.stream().filter(e -> isHistorical(e.time())).count();
        long withClientSession = events.stream().filter(e -> e.sessionId() != null).count();
        long purchases = events.stream().filter(e -> e.action().equals("purchase")).count();
        long users = events.stream().map(Event::userId).distinct().count();
        long retries = sendPlan.stream().mapToLong(List::size).sum() - events.size();
        return String.format("%d users, %d events (%d in client sessions, %d purchases, %d historical sent last), "
                        + "%d retries, %d batches, from %s to %s", users, events.size(), withClientSession,
                purchases, historical, retries, sendPlan.size(), firstDay, cutoff);
    }

    // ---------------------------------------------------------------- random users

    private void randomUser(String user) {
        int signupDay = random.nextInt(DAYS + 1);
        boolean engaged = random.nextInt(2) == 0;
        // Mostly web (no session_id), some mobile apps (session_id from the SDK), some both.
        int profile = random.nextInt(100);
        double mobileShare = profile < 60 ? 0 : profile < 85 ? 1 : 0.5;
        String mobilePlatform = random.nextBoolean() ? "iOS" : "Android";
        Map<String, Integer> progress = new HashMap<>();
        for (int day = signupDay; day <= DAYS; day++) {
            int age = day - signupDay;
            double activity = engaged ? 0.45 * Math.pow(0.93, age) : 0.15 * Math.pow(0.85, age);
            if (age > 0 && random.nextDouble() >= activity) {
                continue;
            }
            // Up to three sessions a day, one per 8-hour slot.
            int firstSlot = random.nextInt(3);
            int sessions = random.nextInt(10) < 3 ? 2 : 1;
            for (int s = 0; s < sessions && firstSlot + s < 3; s++) {
                boolean mobile = random.nextDouble() < mobileShare;
                Instant start = dayStart(day).plus(Duration.ofHours(8L * (firstSlot + s)))
                        .plusMillis(random.nextLong(Duration.ofHours(6).toMillis()));
                randomSession(user, start, mobile ? mobilePlatform : "Web",
                        mobile ? "s-" + user + "-" + ++sessionCounter : null, signupDay == day, progress);
            }
        }
    }

    private void randomSession(String user, Instant start, String platform, String sessionId, boolean signupDay,
            Map<String, Integer> progress) {
        Instant[] clock = {start};
        browse(user, platform, sessionId, clock, random.nextInt(3));
        if (signupDay) {
            funnelRun(user, platform, sessionId, clock, "onboarding", progress);
        } else if (random.nextInt(100) < 55) {
            int pick = random.nextInt(100);
            String funnel = pick < 50 ? "checkout" : pick < 65 ? "onboarding" : pick < 82 ? "support" : "upgrade";
            funnelRun(user, platform, sessionId, clock, funnel, progress);
        }
        browse(user, platform, sessionId, clock, random.nextInt(3));
    }

    private void browse(String user, String platform, String sessionId, Instant[] clock, int count) {
        for (int i = 0; i < count; i++) {
            String action = BROWSE.get(random.nextInt(BROWSE.size()));
            add(clientId(), action, user, null, sessionId, platform, clock[0], dataFor(action));
            clock[0] = clock[0].plus(nextGap());
        }
    }

    /**
     * Continues the user's progress in the funnel (or starts over): each step is followed by the next with some
     * probability; steps get repeated, sometimes two steps share a millisecond, sometimes the next step comes first.
     */
    private void funnelRun(String user, String platform, String sessionId, Instant[] clock, String funnel,
            Map<String, Integer> progress) {
        List<String> steps = FUNNELS.get(funnel);
        int step = progress.getOrDefault(funnel, 0);
        if (step >= steps.size() || random.nextInt(5) == 0) {
            step = 0;
        }
        double carryOn = funnel.equals("onboarding") ? 0.8 : 0.7;
        while (step < steps.size()) {
            int roll = random.nextInt(100);
            if (roll < 6 && step + 1 < steps.size()) {
                // The next step lands first: this run stalls here unless the step comes again later.
                funnelStep(user, platform, sessionId, clock, funnel, steps.get(step + 1));
                clock[0] = clock[0].plus(nextGap());
            }
            funnelStep(user, platform, sessionId, clock, funnel, steps.get(step));
            if (roll >= 6 && roll < 16) {
                clock[0] = clock[0].plus(nextGap());
                funnelStep(user, platform, sessionId, clock, funnel, steps.get(step));
            }
            boolean sameMillisecond = (funnel.equals("onboarding") && step == 0 && random.nextBoolean())
                    || random.nextInt(100) < 5;
            if (!sameMillisecond) {
                clock[0] = clock[0].plus(nextGap());
            }
            step++;
            if (random.nextDouble() >= carryOn) {
                break;
            }
            if (random.nextInt(100) < 8) {
                browse(user, platform, sessionId, clock, 1);
            }
        }
        progress.put(funnel, step);
    }

    private void funnelStep(String user, String platform, String sessionId, Instant[] clock, String funnel,
            String action) {
        add(clientId(), action, user, funnel, sessionId, platform, clock[0], dataFor(action));
    }

    /** Mostly seconds to minutes; now and then exactly 30 minutes, just under, or nothing at all. */
    private Duration nextGap() {
        int roll = random.nextInt(100);
        if (roll < 4) {
            return THIRTY_MINUTES.minusMillis(1);
        }
        if (roll < 7) {
            return THIRTY_MINUTES;
        }
        if (roll < 9) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(1000 + random.nextLong(Duration.ofMinutes(8).toMillis()));
    }

    private ObjectNode dataFor(String action) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        switch (action) {
            case "purchase" -> {
                JsonNode amount = amount();
                if (amount != null) {
                    data.set("amount", amount);
                }
                data.put("currency", "USD");
            }
            case "view_product", "add_to_cart" -> data.put("sku", "SKU-" + random.nextInt(500));
            case "search", "search_faq" -> data.put("query", "q" + random.nextInt(1000));
            default -> {
                return random.nextBoolean() ? null : data;
            }
        }
        return data;
    }

    /** Mostly prices like 19.99; also 1 and 3 decimals, integers, numeric strings, junk and nothing. */
    private JsonNode amount() {
        int kind = random.nextInt(100);
        BigDecimal cents = BigDecimal.valueOf(random.nextInt(100, 20_000), 2);
        if (kind < 45) {
            return DecimalNode.valueOf(BigDecimal.valueOf(random.nextInt(1, 200)).add(new BigDecimal("0.99")));
        }
        if (kind < 60) {
            return DecimalNode.valueOf(cents);
        }
        if (kind < 70) {
            return DecimalNode.valueOf(BigDecimal.valueOf(random.nextInt(10, 2_000), 1));
        }
        if (kind < 80) {
            // Three decimals ending in 5: days whose sum ends in a half cent test half-up rounding.
            return DecimalNode.valueOf(BigDecimal.valueOf(random.nextInt(100, 20_000) * 10L + 5, 3));
        }
        if (kind < 90) {
            return TextNode.valueOf(cents.toPlainString());
        }
        if (kind < 93) {
            return IntNode.valueOf(random.nextInt(1, 500));
        }
        if (kind < 95) {
            return TextNode.valueOf("free");
        }
        if (kind < 96) {
            return NullNode.instance;
        }
        return null;
    }

    private String clientId() {
        // A quarter of the events come without an event_id: the server assigns one.
        clientIds++;
        return random.nextInt(4) == 0 ? null : String.format("e-%06d", clientIds);
    }

    // ---------------------------------------------------------------- building blocks

    /** {@code time} (ISO local time) on day {@code day}. */
    Instant at(int day, String time) {
        return firstDay.plusDays(day).atTime(LocalTime.parse(time)).toInstant(ZoneOffset.UTC);
    }

    Instant dayStart(int day) {
        return firstDay.plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private boolean isHistorical(Instant time) {
        return time.isBefore(dayStart(HISTORICAL_DAYS));
    }

    /** Adds an event unless it would be after the cut-off; returns it, or null. */
    Event add(String eventId, String action, String user, String funnel, String sessionId, String platform,
            Instant time, ObjectNode data) {
        // Drawn before the cut-off test: the events the cut-off drops do not shift the random stream.
        int roll = random.nextInt(100);
        ZoneOffset offset = OFFSETS.get(random.nextInt(OFFSETS.size()));
        if (!time.isBefore(cutoff)) {
            return null;
        }
        TimestampStyle style = roll < 70 ? TimestampStyle.ISO_UTC : roll < 82 ? TimestampStyle.EPOCH_MILLIS
                : roll < 92 ? TimestampStyle.ISO_OFFSET : TimestampStyle.ISO_NO_ZONE;
        Event event = new Event(events.size(), eventId, action, user, funnel, sessionId, platform, time, style,
                offset, data);
        events.add(event);
        return event;
    }

    // ---------------------------------------------------------------- sending order

    private void planSending() {
        List<Event> main = new ArrayList<>();
        List<Event> historical = new ArrayList<>();
        List<Event> late = new ArrayList<>(bridges);
        for (Event event : events) {
            if (isHistorical(event.time())) {
                historical.add(event);
            } else if (!bridges.contains(event)) {
                // 2% of the recent events arrive late too, after everything else of their time.
                if (random.nextInt(50) == 0) {
                    late.add(event);
                } else {
                    main.add(event);
                }
            }
        }
        List<List<Event>> mainBatches = timeSlices(main);
        shuffle(mainBatches);
        sendPlan.addAll(mainBatches);

        List<Event> retried = new ArrayList<>(main.stream().filter(e -> e.eventId() != null).toList());
        shuffle(retried);
        List<Event> retries = new ArrayList<>(retried.subList(0, RETRIED_ONCE + RETRIED_TWICE));
        retries.addAll(retried.subList(0, RETRIED_TWICE));
        shuffle(retries);
        sendPlan.addAll(chunks(retries));

        shuffle(late);
        sendPlan.addAll(chunks(late));

        List<List<Event>> historicalBatches = timeSlices(historical);
        shuffle(historicalBatches);
        sendPlan.addAll(historicalBatches);
    }

    /** Consecutive slices of the events in time order, each slice shuffled. */
    private List<List<Event>> timeSlices(List<Event> slice) {
        List<Event> ordered = new ArrayList<>(slice);
        ordered.sort(Comparator.comparing(Event::time));
        List<List<Event>> batches = chunks(ordered);
        batches.forEach(this::shuffle);
        return batches;
    }

    private static List<List<Event>> chunks(List<Event> events) {
        List<List<Event>> batches = new ArrayList<>();
        for (int i = 0; i < events.size(); i += BATCH) {
            batches.add(new ArrayList<>(events.subList(i, Math.min(events.size(), i + BATCH))));
        }
        return batches;
    }

    private <T> void shuffle(List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T swap = list.get(i);
            list.set(i, list.get(j));
            list.set(j, swap);
        }
    }
}
