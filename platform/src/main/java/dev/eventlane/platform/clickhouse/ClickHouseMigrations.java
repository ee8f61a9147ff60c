package dev.eventlane.platform.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.eventlane.schemas.pipeline.Tables;

/**
 * Applies the versioned DDL files under {@code clickhouse/migrations/} in order, once each, recording them in
 * {@code schema_migrations}. Every statement can run twice, so two services starting at once cannot break each
 * other: tables and views are created {@code IF NOT EXISTS}; ClickHouse 18.16 has no {@code ADD COLUMN IF NOT
 * EXISTS}, so a column that already exists counts as added; a backfill into a replacing table only writes versions
 * that its merges keep once. A file holds one statement, or several each ending with {@code ;} at the end of a line
 * (a file is recorded once all of them ran, so all of them must be safe to run again); every statement must run on
 * ClickHouse 18.16 and current releases.
 */
public final class ClickHouseMigrations {

    /** In order; append only, never edit an applied file. */
    static final List<String> FILES = List.of("V001__events.sql", "V002__sessions.sql", "V003__funnel_steps.sql",
            "V004__funnel_events.sql", "V005__funnel_events_mv.sql", "V006__user_days.sql", "V007__purchases.sql",
            "V008__funnel_user_levels.sql", "V009__logs.sql", "V010__webhook_attempts.sql",
            "V011__sessions_replaced_start.sql", "V012__sessions_by_start.sql", "V013__sessions_by_start_mv.sql",
            "V014__sessions_by_start_backfill.sql", "V015__sink_dead_letters.sql",
            "V016__web_events.sql", "V017__alert_events.sql", "V018__web_sessions.sql",
            "V019__schema_fields.sql", "V020__logs_kafka_topic.sql", "V021__event_hours.sql",
            "V022__user_activity.sql");

    private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*(\\r?\\n|$)");
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseMigrations.class);

    private ClickHouseMigrations() {
    }

    public static void apply(ClickHouseClient client) {
        client.executeWithoutDatabase("CREATE DATABASE IF NOT EXISTS `" + client.database() + "`");
        client.execute("CREATE TABLE IF NOT EXISTS " + Tables.SCHEMA_MIGRATIONS
                + " (version String, applied_at DateTime)"
                + " ENGINE = MergeTree() ORDER BY version");
        Set<String> applied = new HashSet<>();
        client.select("SELECT version FROM " + Tables.SCHEMA_MIGRATIONS).forEach(row -> applied.add(row[0]));
        for (String file : FILES) {
            String version = file.substring(0, file.indexOf("__"));
            if (applied.contains(version)) {
                continue;
            }
            for (String statement : statements(read(file))) {
                execute(client, statement);
            }
            client.execute("INSERT INTO " + Tables.SCHEMA_MIGRATIONS + " (version, applied_at) VALUES ("
                    + Sql.quote(version)
                    + ", now())");
            LOG.info("Applied ClickHouse migration {}", file);
        }
    }

    /** The statements of a file: split after each {@code ;} that ends a line; pieces of comments only are dropped. */
    static List<String> statements(String file) {
        List<String> statements = new ArrayList<>();
        for (String piece : STATEMENT_END.split(file)) {
            if (piece.lines().anyMatch(line -> !line.isBlank() && !line.strip().startsWith("--"))) {
                statements.add(piece.strip());
            }
        }
        return statements;
    }

    private static void execute(ClickHouseClient client, String statement) {
        try {
            client.execute(statement);
        } catch (ClickHouseException e) {
            if (!(statement.contains("ADD COLUMN") && String.valueOf(e.getMessage()).contains("already exists"))) {
                throw e;
            }
        }
    }

    private static String read(String file) {
        try (InputStream in = ClickHouseMigrations.class.getResourceAsStream("/clickhouse/migrations/" + file)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
