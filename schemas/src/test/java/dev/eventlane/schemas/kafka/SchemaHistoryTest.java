package dev.eventlane.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * Every schema fingerprint ever written to a topic or a changelog stays readable: {@code avro-fingerprints.tsv} lists
 * them per serde of {@link EventlaneSerdes}, and a changed {@code .avsc} fails here until its previous version is in
 * the serde's history and its new fingerprint in the file.
 */
class SchemaHistoryTest {

    @Test
    void everyListedFingerprintIsReadableAndEveryCurrentOneIsListed() throws Exception {
        Map<String, Set<Long>> listed = listed();
        List<String> problems = new ArrayList<>();
        for (Method method : serdes()) {
            AvroSerde<?> serde = (AvroSerde<?>) method.invoke(null);
            String name = method.getName();
            Set<Long> fingerprints = listed.getOrDefault(name, Set.of());
            if (!fingerprints.contains(serde.fingerprint())) {
                problems.add(name + "\t" + Long.toHexString(serde.fingerprint())
                        + "\t(new schema: keep its previous .avsc in avro-history and list this line)");
            }
            fingerprints.stream().filter(f -> !serde.reads(f)).forEach(f -> problems.add(name + "\t"
                    + Long.toHexString(f) + "\t(no longer readable: add that version to the serde's history)"));
        }
        assertThat(problems).as("avro-fingerprints.tsv").isEmpty();
    }

    @Test
    void theFileNamesOnlySerdesThatExist() throws Exception {
        Set<String> names = new TreeSet<>();
        serdes().forEach(m -> names.add(m.getName()));
        assertThat(names).containsAll(listed().keySet());
    }

    @Test
    void aRecordOfTheSchemaBeforeSourceWebIsRead() {
        // The fingerprint of event-v1.avsc, as records written before source WEB carry it on events topics.
        assertThat(EventlaneSerdes.event().reads(Long.parseUnsignedLong("8c1bb49874b1a994", 16))).isTrue();
    }

    private static List<Method> serdes() {
        return Arrays.stream(EventlaneSerdes.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == 0 && m.getReturnType() == AvroSerde.class)
                .toList();
    }

    private static Map<String, Set<Long>> listed() throws IOException {
        Map<String, Set<Long>> listed = new TreeMap<>();
        try (InputStream in = SchemaHistoryTest.class.getResourceAsStream("/avro-fingerprints.tsv")) {
            assertThat(in).as("avro-fingerprints.tsv").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                listed.computeIfAbsent(fields[0], k -> new TreeSet<>()).add(Long.parseUnsignedLong(fields[1], 16));
            }
        }
        return listed;
    }
}
