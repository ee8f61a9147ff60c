/**
 * Alerting's detectors: they raise alerts on {@code alerts} (churn spikes from funnel progress, revenue drops from
 * purchases, alert rules over events and logs, Logsh notifications); the dispatcher ({@code webhooks}) delivers each
 * alert to the project's webhook endpoints that receive its kind.
 *
 * <p>Every alerting store is in memory, with a changelog (so restarts and moves lose nothing): its state is small
 * (recent users of watched funnels, eight days of hours, pending deliveries, a few keys per rule), and as RocksDB
 * it added some sixty store instances under the one memtable budget the analytics stage's stores live on
 * ({@code BoundedRocksDb}).
 */
package dev.eventlane.streams.alerts;
