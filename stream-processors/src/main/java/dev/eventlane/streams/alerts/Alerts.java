package dev.eventlane.streams.alerts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.eventlane.schemas.Alert;

/** Alert kinds, and alerts with their JSON payloads. */
public final class Alerts {

    public static final String CHURN_SPIKE = "churn_spike";
    public static final String REVENUE_DROP = "revenue_drop";
    public static final String RULE = "alert";
    public static final String NOTIFY = "notify";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Alerts() {
    }

    /**
     * An alert whose payload is {@code fields} as a JSON object, in their iteration order (pass a
     * {@link java.util.LinkedHashMap}).
     *
     * @param endpointId the one endpoint to deliver to, or null for every endpoint of the project receiving the kind
     */
    public static Alert of(String alertId, String projectId, String kind, String endpointId, Instant triggeredAt,
            Map<String, Object> fields) {
        try {
            return new Alert(alertId, projectId, kind, endpointId, triggeredAt, JSON.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Alert payload is not serializable: " + e.getMessage(), e);
        }
    }

    /** A time as payloads show it: ISO-8601 UTC to the second, as in {@code "2025-06-01T13:41:02Z"}. */
    public static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A percentage rounded to one decimal, half up. */
    public static double percent(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }
}
