package dev.eventlane.query.control.service;

import java.util.Map;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import dev.eventlane.platform.auth.Plan;

/** The plan table as configured ({@link Plan#table}). */
@Singleton
public class Plans {

    private final Map<String, Plan> table;

    public Plans(Config config) {
        this.table = Plan.table(name -> config.getOptionalValue(name, String.class));
    }

    /** The named plan; an unknown name (a plan since removed from configuration) gets the free plan. */
    public Plan of(String name) {
        Plan plan = table.get(name);
        return plan != null ? plan : table.get(Plan.FREE);
    }
}
