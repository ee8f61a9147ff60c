package dev.eventlane.streams.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.eventlane.schemas.pipeline.StreamsApplications;

/** Alert detection (churn spikes, revenue drops, alert rules, Logsh notifications) and webhook delivery. */
@ConfigMapping(prefix = "eventlane.alerts")
public interface AlertsConfig {

    /**
     * Whether alerting runs at all: churn spikes, revenue drops and the dispatcher, and in the analytics stage
     * Logsh notifications and alert-rule counting. Off, nothing is detected or delivered.
     */
    @WithDefault("true")
    boolean enabled();

    /** The alerting Kafka Streams application id: its consumer group and the prefix of its own topics. */
    @WithDefault(StreamsApplications.ALERTS)
    String applicationId();

    /**
     * How often the alerting application commits (under exactly-once, when alerts and deliveries become visible).
     * Alerts are judged every {@link #checkInterval()} and retried over seconds to hours: a second is soon enough, and
     * each commit is a transaction over every partition it wrote.
     */
    @WithDefault("1s")
    Duration commitInterval();

    /** Churn spikes: the sliding window of recent users a step's churn is computed over. */
    @WithDefault("1h")
    Duration churnWindow();

    /** Churn spikes: a step's churn is judged only once this many recent users reached the step before it. */
    @WithDefault("20")
    int churnMinUsers();

    /**
     * Hysteresis, in percentage points: after firing, an alert re-arms once its measure falls back below the
     * threshold minus this margin, so a measure hovering at the threshold does not fire again and again.
     */
    @WithDefault("5")
    double rearmMargin();

    /** Revenue drops: how long after an hour ends it is judged, so that late purchases still count in it. */
    @WithDefault("5m")
    Duration revenueGrace();

    /** How often wall-clock checks run (churn windows sliding, hours closing, due deliveries). */
    @WithDefault("1s")
    Duration checkInterval();

    Webhooks webhooks();

    /** Delivery of alerts to webhook endpoints. */
    interface Webhooks {

        /** The longest an endpoint may take to answer one attempt. */
        @WithDefault("5s")
        Duration timeout();

        /** The delay before the second attempt; it doubles with every failed attempt up to {@link #maxBackoff}. */
        @WithDefault("10s")
        Duration initialBackoff();

        @WithDefault("2h")
        Duration maxBackoff();

        /** How long after the first attempt a failing delivery is given up (to the dead-letter topic). */
        @WithDefault("24h")
        Duration giveUpAfter();

        /** Attempts in flight to one endpoint at most; one slow endpoint holds no more than these. */
        @WithDefault("4")
        int maxInFlightPerEndpoint();

        /**
         * Attempts in flight to the endpoints of one project at most, so that one project's slow endpoints cannot
         * take the dispatcher's slots (256 per task) from the other projects' deliveries.
         */
        @WithDefault("16")
        int maxInFlightPerProject();

        /** How often due deliveries are looked for. */
        @WithDefault("250ms")
        Duration scanInterval();

        /**
         * Whether endpoints may resolve to loopback, private, link-local or unique-local addresses. Off by default:
         * a project member could otherwise make the dispatcher probe the internal network.
         */
        @WithDefault("false")
        boolean allowPrivateNetworks();
    }
}
