package dev.eventlane.query.control.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.eventlane.query.control.model.AlertRule;
import dev.eventlane.query.control.model.AlertRuleRepository;

/**
 * A project's alert rules, for its API keys. Every write stores the rule and its record for the rules topic
 * ({@link AlertRulePublisher}) in one transaction; a deleted rule keeps its row, marked, for the republish of its
 * tombstone. A rule that does not exist, is deleted or is another project's is a 404.
 */
@ApplicationScoped
public class AlertRules {

    private final AlertRuleRepository rules;
    private final ControlOutbox outbox;
    private final AlertRulePublisher publisher;

    public AlertRules(AlertRuleRepository rules, ControlOutbox outbox, AlertRulePublisher publisher) {
        this.rules = rules;
        this.outbox = outbox;
        this.publisher = publisher;
    }

    /** The project's rules, oldest first. */
    public List<AlertRule> list(String projectId) {
        return rules.liveOfProject(projectId);
    }

    @Transactional
    public AlertRule create(String projectId, AlertRuleInput input) {
        outbox.lock();
        AlertRule rule = new AlertRule();
        rule.id = UUID.randomUUID();
        rule.projectId = projectId;
        rule.createdAt = now();
        apply(rule, input, rule.createdAt);
        rules.persistAndFlush(rule);
        publisher.publish(rule);
        return rule;
    }

    /** Replaces every setting of the rule with {@code input}. */
    @Transactional
    public AlertRule replace(String projectId, String ruleId, AlertRuleInput input) {
        outbox.lock();
        AlertRule rule = live(projectId, ruleId);
        apply(rule, input, now());
        rules.flush();
        publisher.publish(rule);
        return rule;
    }

    @Transactional
    public AlertRule delete(String projectId, String ruleId) {
        outbox.lock();
        AlertRule rule = live(projectId, ruleId);
        rule.deletedAt = now();
        rules.flush();
        publisher.publish(rule);
        return rule;
    }

    private AlertRule live(String projectId, String ruleId) {
        return rules.liveOfProject(projectId, Validate.id("alert rule", ruleId))
                .orElseThrow(() -> ControlException.notFound("alert rule"));
    }

    private static void apply(AlertRule rule, AlertRuleInput input, Instant at) {
        rule.name = input.name();
        rule.source = input.source();
        rule.match = input.match();
        rule.windowSeconds = input.windowSeconds();
        rule.condition = input.condition();
        rule.threshold = input.threshold();
        rule.enabled = input.enabled();
        rule.query = input.query();
        rule.updatedAt = at;
    }

    /** To the millisecond, as the rule reads back from PostgreSQL and as JSON shows it. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
