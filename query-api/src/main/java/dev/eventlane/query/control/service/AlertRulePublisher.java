package dev.eventlane.query.control.service;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

import dev.eventlane.query.control.model.AlertRule;
import dev.eventlane.query.control.model.AlertRuleRepository;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * Publishes alert rules to the compacted topic the stream-processors evaluate them from, keyed by project and rule;
 * a deleted rule is a tombstone. A change is answered only after the broker acknowledged it. Changes are published
 * after their transaction committed, and every rule (deleted ones as tombstones) is published again at start-up and
 * then periodically, which repairs a publish that failed, or two changes of one rule published out of order.
 */
@ApplicationScoped
public class AlertRulePublisher {

    /** Read by the stream-processors as a global store ({@code Topics.ALERT_RULES} there). */
    public static final String TOPIC = "alert-rules";
    private static final Logger LOG = Logger.getLogger(AlertRulePublisher.class);

    private final CompactedTopic<dev.eventlane.schemas.AlertRule> topic;
    private final AlertRuleRepository rules;

    public AlertRulePublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            AlertRuleRepository rules) {
        this.topic = new CompactedTopic<>(bootstrap, TOPIC, "query-api-alert-rules",
                EventlaneSerdes.alertRule().serializer());
        this.rules = rules;
    }

    /** Creates the topic if missing, then publishes every rule: the topic may be new, or a publish may have failed. */
    void start(@Observes StartupEvent startup, @ConfigProperty(name = "eventlane.control.rule-topic-partitions",
            defaultValue = "1") int partitions) {
        topic.ensure(partitions);
        republishAll();
    }

    /** Publishes the rule as stored (a tombstone once deleted); waits for the broker. */
    public void publish(AlertRule rule) {
        topic.publish(List.of(topic.record(key(rule), value(rule))), "alert rule " + rule.id);
    }

    @Scheduled(every = "${eventlane.control.rule-republish-interval:60s}", delayed = "${eventlane.control"
            + ".rule-republish-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void republishAll() {
        try {
            QuarkusTransaction.requiringNew().run(() -> rules.listAll()
                    .forEach(rule -> topic.send(key(rule), value(rule))));
            topic.flush();
        } catch (RuntimeException e) {
            LOG.warnf("Republishing alert rules failed: %s", e.getMessage());
        }
    }

    static String key(AlertRule rule) {
        return RecordKeys.owned(rule.projectId, rule.id.toString());
    }

    /** The rule as the stream-processors read it; null (a tombstone) once it is deleted. */
    static dev.eventlane.schemas.AlertRule value(AlertRule rule) {
        if (rule.deletedAt != null) {
            return null;
        }
        return dev.eventlane.schemas.AlertRule.newBuilder().setRuleId(rule.id.toString())
                .setProjectId(rule.projectId).setName(rule.name).setSource(rule.source).setMatch(rule.match)
                .setWindowMs(TimeUnit.SECONDS.toMillis(rule.windowSeconds)).setCondition(rule.condition)
                .setThreshold(rule.threshold).setEnabled(rule.enabled).build();
    }

    @PreDestroy
    void close() {
        topic.close();
    }
}
