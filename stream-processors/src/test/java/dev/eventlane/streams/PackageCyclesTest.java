package dev.eventlane.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.eventlane.streams.app.PipelineLifecycle;

/**
 * No two packages of stream-processors depend on each other, directly or round a longer loop. Dependencies are read
 * from the compiled classes' constant pools (every class, field and method a class refers to is named there), so
 * imports used only in Javadoc do not count and fully qualified names in code do. (A compile-time constant is copied
 * into the classes that use it, so a use of only such a constant is not seen.)
 */
class PackageCyclesTest {

    private static final String ROOT = "dev/eventlane/streams/";
    private static final Pattern REFERENCE = Pattern.compile(Pattern.quote(ROOT) + "[\\w/$]+");

    @Test
    void packagesHaveNoCycles() throws IOException, URISyntaxException {
        Map<String, Set<String>> dependencies = dependencies(classesRoot());

        assertThat(dependencies).as("packages found").containsKeys("app", "dedup", "analytics", "alerts", "webhooks",
                "shared", "sink", "config");
        assertThat(cycles(dependencies)).as("package cycles").isEmpty();
    }

    @Test
    void theStagesDependOnlyOnWhatTheyShare() throws IOException, URISyntaxException {
        Map<String, Set<String>> dependencies = dependencies(classesRoot());

        assertThat(dependencies.get("analytics")).doesNotContain("alerts", "webhooks", "app");
        assertThat(dependencies.get("alerts")).doesNotContain("analytics", "webhooks", "app");
        assertThat(dependencies.get("webhooks")).doesNotContain("analytics", "alerts", "app");
        assertThat(dependencies.get("shared")).isEmpty();
    }

    /** The check itself finds a loop, whether of two packages or longer, and only a loop. */
    @Test
    void findsLoopsOfAnyLength() {
        assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of("a")))).containsExactly(List.of("a", "b"));
        assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"))))
                .containsExactly(List.of("a", "b", "c"));
        assertThat(cycles(Map.of("a", Set.of("b", "c"), "b", Set.of("c"), "c", Set.of()))).isEmpty();
    }

    private static Path classesRoot() throws URISyntaxException {
        Path lifecycle = Path.of(PipelineLifecycle.class.getResource("PipelineLifecycle.class").toURI());
        return lifecycle.getParent().getParent();
    }

    /** Per package under {@link #ROOT} (its path below it, "" for the root): the other packages it refers to. */
    private static Map<String, Set<String>> dependencies(Path root) throws IOException {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        List<Path> classes;
        try (Stream<Path> files = Files.walk(root)) {
            classes = files.filter(file -> file.toString().endsWith(".class")).toList();
        }
        for (Path file : classes) {
            String from = packageOf(root.relativize(file).toString().replace('\\', '/'));
            Set<String> to = dependencies.computeIfAbsent(from, name -> new TreeSet<>());
            try (InputStream in = Files.newInputStream(file)) {
                for (String text : constantPoolTexts(new DataInputStream(in))) {
                    Matcher matcher = REFERENCE.matcher(text);
                    while (matcher.find()) {
                        to.add(packageOf(matcher.group().substring(ROOT.length())));
                    }
                }
            }
            to.remove(from);
        }
        return dependencies;
    }

    private static String packageOf(String classPath) {
        int slash = classPath.lastIndexOf('/');
        return slash < 0 ? "" : classPath.substring(0, slash);
    }

    /** The UTF-8 entries of a class file's constant pool (JVM specification, section 4.4). */
    private static List<String> constantPoolTexts(DataInputStream in) throws IOException {
        in.skipNBytes(8); // magic, minor and major version
        int count = in.readUnsignedShort();
        List<String> texts = new ArrayList<>();
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> texts.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    index++; // takes two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return texts;
    }

    /** The packages of each loop (strongly connected set of more than one package), each sorted; Tarjan's method. */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        return new Tarjan(graph).loops;
    }

    private static final class Tarjan {

        private final Map<String, Set<String>> graph;
        private final Map<String, Integer> index = new TreeMap<>();
        private final Map<String, Integer> lowLink = new TreeMap<>();
        private final List<String> stack = new ArrayList<>();
        private final List<List<String>> loops = new ArrayList<>();

        Tarjan(Map<String, Set<String>> graph) {
            this.graph = graph;
            new TreeSet<>(graph.keySet()).stream().filter(node -> !index.containsKey(node)).forEach(this::visit);
        }

        private void visit(String node) {
            index.put(node, index.size());
            lowLink.put(node, index.get(node));
            stack.add(node);
            for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
                if (!index.containsKey(next)) {
                    visit(next);
                    lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(next)));
                } else if (stack.contains(next)) {
                    lowLink.put(node, Math.min(lowLink.get(node), index.get(next)));
                }
            }
            if (lowLink.get(node).equals(index.get(node))) {
                List<String> component = new ArrayList<>(stack.subList(stack.indexOf(node), stack.size()));
                stack.subList(stack.indexOf(node), stack.size()).clear();
                if (component.size() > 1) {
                    component.sort(null);
                    loops.add(component);
                }
            }
        }
    }
}
