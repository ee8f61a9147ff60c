package dev.eventlane.testkit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The ports and pid of a server, kept in its work directory.
 *
 * <p>Why a file and not a field: Quarkus tests may load the testkit in several class loaders of one
 * JVM, and each must reach the same servers (see {@link Stack}). A server is therefore fully
 * described by its work directory, and any class loader can take it over from there.
 */
final class StateFile {

    private static final String NAME = "testkit.properties";

    private StateFile() {
    }

    static Properties read(Path workDir) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(workDir.resolve(NAME), StandardCharsets.UTF_8)) {
            properties.load(reader);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("no testkit state in " + workDir, e);
        }
    }

    static void write(Path workDir, Properties properties) {
        Path tmp = workDir.resolve(NAME + ".tmp");
        try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            properties.store(writer, "written by dev.eventlane.testkit");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write testkit state in " + workDir, e);
        }
        try {
            Files.move(tmp, workDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write testkit state in " + workDir, e);
        }
    }

    static int intValue(Properties properties, String key) {
        return Integer.parseInt(properties.getProperty(key));
    }
}
