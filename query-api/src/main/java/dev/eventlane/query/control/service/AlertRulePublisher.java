package dev.eventlane.query.control.service;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import org.apache.kafka.common.serialization.Serializer;
import org.jboss.logging.Logger;

import dev.eventlane.query.control.model.AlertRule;
import dev.eventlane.query.control.model.AlertRuleRepository;
import dev.eventlane.query.gql.GqlAlertCondition;
import dev.eventlane.query.gql.GqlException;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Publishes alert rules, through the control outbox, on the compacted topic the stream-processors evaluate them
 * from, keyed by project and rule; a deleted rule is a tombstone. A change's records commit with the change; every
 * rule (deleted ones as tombstones) is published again at start-up and then periodically.
 */
@ApplicationScoped
public class AlertRulePublisher {

    /** Read by the stream-processors as a global store ({@code Topics.ALERT_RULES} there). */
    private static final Logger LOG = Logger.getLogger(AlertRulePublisher.class);

    private final Serializer<dev.eventlane.schemas.AlertRule> values = EventlaneSerdes.alertRule().serializer();
    private final ControlOutbox outbox;
    private final AlertRuleRepository rules;

    public AlertRulePublisher(ControlOutbox outbox, AlertRuleRepository rules) {
        this.outbox = outbox;
        this.rules = rules;
    }

    void start(@Observes StartupEvent startup) {
        republish(true);
    }

    /** Publishes the rule as stored (a tombstone once deleted) when the caller's transaction commits. */
    public void publish(AlertRule rule) {
        dev.eventlane.schemas.AlertRule value = value(rule);
        outbox.add(Topics.ALERT_RULES, key(rule), value == null ? null : values.serialize(Topics.ALERT_RULES, value));
    }

    @Scheduled(every = "${eventlane.control.rule-republish-interval:60s}", delayed = "${eventlane.control"
            + ".rule-republish-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void republishAll() {
        republish(false);
    }

    private void republish(boolean always) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                outbox.lock();
                if (always || !outbox.pending(Topics.ALERT_RULES)) {
                    rules.listAll().forEach(this::republish);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Republishing alert rules failed: %s", e.getMessage());
        }
    }

    /** Publishes one rule again; one whose GQL condition no longer compiles is left as it is on the topic. */
    private void republish(AlertRule rule) {
        try {
            publish(rule);
        } catch (GqlException e) {
            LOG.warnf("Alert rule %s not republished: its condition no longer compiles: %s", rule.id,
                    e.getMessage());
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
        dev.eventlane.schemas.AlertRule.Builder value = dev.eventlane.schemas.AlertRule.newBuilder()
                .setRuleId(rule.id.toString()).setProjectId(rule.projectId).setName(rule.name).setSource(rule.source)
                .setMatch(rule.match).setWindowMs(TimeUnit.SECONDS.toMillis(rule.windowSeconds))
                .setCondition(rule.condition).setThreshold(rule.threshold).setEnabled(rule.enabled);
        if (rule.query != null) {
            GqlAlertCondition condition = AlertRuleInput.compile(rule.query);
            value.setQuery(rule.query).setFilter(condition.filter()).setAggregation(condition.aggregation());
        }
        return value.build();
    }
}
