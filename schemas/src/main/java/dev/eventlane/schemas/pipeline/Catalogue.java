package dev.eventlane.schemas.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the catalogue in the forms that scripts and the helm chart read, so that none of them spells a name
 * itself. Run at build time (this module's {@code process-classes} phase) into the jar's resources; the chart's
 * copy is checked against it by a test.
 *
 * <p>{@value #TOPICS_FILE}: one line per topic, {@code name partitions [config=value ...]}, partitions 0 meaning the
 * pipeline's configured count.
 */
public final class Catalogue {

    public static final String TOPICS_FILE = "topics.txt";
    /** Where the files are in the jar. */
    public static final String RESOURCE_DIR = "eventlane/catalogue";

    private Catalogue() {
    }

    /** The topics, as {@value #TOPICS_FILE} holds them. */
    public static String topicsText() {
        return Topics.ALL.stream().map(Catalogue::line).collect(Collectors.joining("\n", "", "\n"));
    }

    private static String line(Topic topic) {
        String configs = topic.configs().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> " " + entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining());
        return topic.name() + " " + topic.partitions() + configs;
    }

    /** Writes the files into the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: Catalogue <output directory>");
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        Files.writeString(dir.resolve(TOPICS_FILE), topicsText());
    }
}
