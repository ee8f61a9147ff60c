package dev.eventlane.platform.auth;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a project's plan allows: events per UTC day (enforced per minute at 1/1440 of it, as LogLogic does), how long
 * raw events are kept, whether webhooks are available, and GoodLogs' requests per second.
 *
 * @param dailyEvents       events a project may send per UTC day; 0 means no limit
 * @param retention         how long raw events are kept; empty means forever
 * @param requestsPerSecond GoodLogs ingest requests a project may make per second; 0 means no limit
 */
public record Plan(String name, long dailyEvents, Optional<Duration> retention, boolean webhooks,
        long requestsPerSecond) {

    public static final String FREE = "free";
    public static final String COMMUNITY = "community";
    public static final String SUPPORTER = "supporter";
    public static final String BROTHER = "brother";
    /** The plan of keys given by configuration: operators' own keys are not limited. */
    public static final String UNLIMITED = "unlimited";

    /** Minutes per day: the per-minute limit is the daily allowance divided by this (LogLogic's rule). */
    public static final long MINUTES_PER_DAY = 1440;

    /**
     * The default table. Retention and webhooks are LogLogic's; LogLogic does not publish daily allowances, so these
     * are ours: multiples of 1440, so the minute's share is whole, and even the free plan's (100) takes a full batch.
     * Requests per second are GoodLogs' (Free, Starter, Pro, Team: 10, 20, 50, 100), in the same order of plans.
     */
    private static final Map<String, Plan> DEFAULTS = table(
            new Plan(FREE, 144_000, Optional.of(Duration.ofHours(24)), false, 10),
            new Plan(COMMUNITY, 1_440_000, Optional.of(Duration.ofDays(7)), false, 20),
            new Plan(SUPPORTER, 14_400_000, Optional.of(Duration.ofDays(30)), true, 50),
            new Plan(BROTHER, 144_000_000, Optional.empty(), true, 100),
            new Plan(UNLIMITED, 0, Optional.empty(), true, 0));

    /** Events per minute: 1/1440 of the daily allowance, at least 1; 0 (no limit) when the day has no limit. */
    public long perMinute() {
        return dailyEvents == 0 ? 0 : Math.max(1, dailyEvents / MINUTES_PER_DAY);
    }

    public boolean limited() {
        return dailyEvents > 0;
    }

    /**
     * The plan table: the defaults, each field overridable by configuration ({@code eventlane.plans.<plan>.daily-events},
     * {@code .retention} as a duration or {@code forever}, {@code .webhooks}, {@code .requests-per-second}).
     *
     * @param config the value of a configuration property, if set
     */
    public static Map<String, Plan> table(Function<String, Optional<String>> config) {
        Map<String, Plan> plans = new LinkedHashMap<>();
        for (Plan plan : DEFAULTS.values()) {
            String prefix = "eventlane.plans." + plan.name() + ".";
            long daily = config.apply(prefix + "daily-events").map(Long::parseLong).orElse(plan.dailyEvents());
            Optional<Duration> retention = config.apply(prefix + "retention").map(Plan::retention)
                    .orElse(plan.retention());
            boolean webhooks = config.apply(prefix + "webhooks").map(Boolean::parseBoolean).orElse(plan.webhooks());
            long perSecond = config.apply(prefix + "requests-per-second").map(Long::parseLong)
                    .orElse(plan.requestsPerSecond());
            plans.put(plan.name(), new Plan(plan.name(), daily, retention, webhooks, perSecond));
        }
        return Collections.unmodifiableMap(plans);
    }

    /** A retention setting: {@code forever} or a duration ({@code 24h}, {@code 7d}, ISO-8601). */
    static Optional<Duration> retention(String value) {
        return "forever".equalsIgnoreCase(value.strip()) ? Optional.empty()
                : Optional.of(Duration.parse(isoDuration(value)));
    }

    /** The plans a project can be put on (the unlimited plan is for configured keys only). */
    public static boolean selectable(String name) {
        return DEFAULTS.containsKey(name) && !UNLIMITED.equals(name);
    }

    /** {@code 24h}, {@code 7d}, {@code 30m} or ISO-8601 ({@code PT24H}). */
    static String isoDuration(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) {
            return v.toUpperCase(Locale.ROOT);
        }
        char unit = v.charAt(v.length() - 1);
        String amount = v.substring(0, v.length() - 1);
        return switch (unit) {
            case 'd' -> "P" + amount + "D";
            case 'h' -> "PT" + amount + "H";
            case 'm' -> "PT" + amount + "M";
            case 's' -> "PT" + amount + "S";
            default -> throw new IllegalArgumentException("Not a duration: " + value + " (use 24h, 7d or forever)");
        };
    }

    private static Map<String, Plan> table(Plan... plans) {
        Map<String, Plan> byName = new LinkedHashMap<>();
        for (Plan plan : plans) {
            byName.put(plan.name(), plan);
        }
        return byName;
    }
}
