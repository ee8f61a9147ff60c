package dev.eventlane.query.control.model;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class AlertRuleRepository implements PanacheRepositoryBase<AlertRule, UUID> {

    /** The project's rules that are not deleted, oldest first. */
    public List<AlertRule> liveOfProject(String projectId) {
        return list("projectId = ?1 and deletedAt is null order by createdAt, id", projectId);
    }

    /** A rule of the project that is not deleted. */
    public Optional<AlertRule> liveOfProject(String projectId, UUID ruleId) {
        return find("projectId = ?1 and id = ?2 and deletedAt is null", projectId, ruleId).firstResultOptional();
    }
}
