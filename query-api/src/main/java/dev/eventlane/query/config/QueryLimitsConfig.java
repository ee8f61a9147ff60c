package dev.eventlane.query.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What ClickHouse lets one query of query-api do, enforced by the server on every SELECT (sent as settings of the
 * request, which ClickHouse 18.16 and current releases both take), whatever a request asks for.
 */
@ConfigMapping(prefix = "eventlane.query.limits")
public interface QueryLimitsConfig {

    /**
     * ClickHouse stops a query running longer ({@code max_execution_time}, whole seconds). The client gives up at
     * {@code eventlane.query.timeout} and kills the query then, whichever comes first.
     */
    @WithDefault("30s")
    Duration maxExecutionTime();

    /** Memory one query may take on the ClickHouse server ({@code max_memory_usage}, bytes). */
    @WithDefault("2000000000")
    long maxMemoryUsage();

    /**
     * Rows a query may return ({@code max_result_rows}); 0 is no limit. Off by default: ClickHouse applies it to
     * subqueries too, and the funnel and retention queries aggregate per-user subqueries that grow with the users.
     * Every endpoint pages or aggregates its own answer already.
     */
    @WithDefault("0")
    long maxResultRows();

    /** The settings sent with every SELECT: these limits, and {@code readonly=2} (no writes, settings allowed). */
    default Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("readonly", "2");
        settings.put("max_execution_time", Long.toString(Math.max(1, maxExecutionTime().toSeconds())));
        settings.put("max_memory_usage", Long.toString(maxMemoryUsage()));
        if (maxResultRows() > 0) {
            settings.put("max_result_rows", Long.toString(maxResultRows()));
            settings.put("result_overflow_mode", "throw");
        }
        return settings;
    }
}
