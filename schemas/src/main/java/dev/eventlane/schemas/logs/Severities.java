package dev.eventlane.schemas.logs;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * GoodLogs' severities and the level a log entry carries for each, on the syslog scale that LogFlux uses (1-8) and
 * the logs table keeps. The levels GoodLogs has no name for (1 emergency, 3 critical, 6 notice) have no severity.
 */
public final class Severities {

    /** The severity names, least severe first. */
    public static final List<String> NAMES = List.of("debug", "info", "warn", "error", "fatal");

    private static final Map<String, Integer> LEVELS = Map.of("debug", 8, "info", 7, "warn", 5, "error", 4, "fatal", 2);
    private static final Map<Integer, String> BY_LEVEL = LEVELS.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private Severities() {
    }

    /** The level of a severity name, if it is one. */
    public static Optional<Integer> level(String severity) {
        return Optional.ofNullable(severity).map(LEVELS::get);
    }

    /** The severity of a level, if it has a name (null otherwise). */
    public static String of(int level) {
        return BY_LEVEL.get(level);
    }
}
