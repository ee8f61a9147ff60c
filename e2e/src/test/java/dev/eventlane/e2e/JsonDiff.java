package dev.eventlane.e2e;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Jackson trees compared as values (numbers by value, not by type or scale), with a readable list of differences. */
final class JsonDiff {

    private static final int MAX_ELEMENTS_SHOWN = 5;
    private static final int MAX_TEXT = 300;

    private JsonDiff() {
    }

    /** A copy in which every number is a decimal without trailing zeros: 100, 100.0 and 1E+2 become 100. */
    static JsonNode canonical(JsonNode node) {
        if (node.isNumber()) {
            return DecimalNode.valueOf(new BigDecimal(node.decimalValue().stripTrailingZeros().toPlainString()));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), canonical(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(canonical(element)));
            return copy;
        }
        return node;
    }

    /** The differences between two canonical trees, at most {@code max} lines. */
    static List<String> differences(JsonNode expected, JsonNode actual, int max) {
        List<String> lines = new ArrayList<>();
        diff("", expected, actual, lines);
        if (lines.size() > max) {
            int more = lines.size() - max;
            lines = new ArrayList<>(lines.subList(0, max));
            lines.add("... and " + more + " more differences");
        }
        return lines;
    }

    private static void diff(String path, JsonNode expected, JsonNode actual, List<String> lines) {
        if (expected.equals(actual)) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String at = path + "/" + name;
                if (!actual.has(name)) {
                    lines.add(at + ": missing, expected " + text(expected.get(name)));
                } else if (!expected.has(name)) {
                    lines.add(at + ": unexpected " + text(actual.get(name)));
                } else {
                    diff(at, expected.get(name), actual.get(name), lines);
                }
            }
        } else if (expected.isArray() && actual.isArray()) {
            if (expected.size() == actual.size()) {
                for (int i = 0; i < expected.size(); i++) {
                    diff(path + "/" + i, expected.get(i), actual.get(i), lines);
                }
            } else {
                lines.add(path + ": expected " + expected.size() + " elements but got " + actual.size());
                // Index by index would report every element after the first missing one; show what differs.
                listMissing(path + ": missing ", expected, actual, lines);
                listMissing(path + ": unexpected ", actual, expected, lines);
            }
        } else {
            lines.add((path.isEmpty() ? "/" : path) + ": expected " + text(expected) + " but was " + text(actual));
        }
    }

    /** Elements of {@code from} that {@code other} does not have (counting repeats). */
    private static void listMissing(String label, JsonNode from, JsonNode other, List<String> lines) {
        Map<JsonNode, Integer> available = new HashMap<>();
        other.forEach(element -> available.merge(element, 1, Integer::sum));
        List<JsonNode> missing = new ArrayList<>();
        for (Iterator<JsonNode> it = from.elements(); it.hasNext(); ) {
            JsonNode element = it.next();
            if (available.getOrDefault(element, 0) > 0) {
                available.merge(element, -1, Integer::sum);
            } else {
                missing.add(element);
            }
        }
        missing.stream().limit(MAX_ELEMENTS_SHOWN).forEach(element -> lines.add(label + text(element)));
        if (missing.size() > MAX_ELEMENTS_SHOWN) {
            lines.add(label + "... " + (missing.size() - MAX_ELEMENTS_SHOWN) + " more");
        }
    }

    private static String text(JsonNode node) {
        String text = node.toString();
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
