package dev.eventlane.e2e;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Values generated from the JSON schemas of an OpenAPI document, seeded: instances that satisfy a schema (types,
 * required properties, lengths, bounds, enums, consts, item counts) and instances that break it in one place.
 * What a schema cannot say (a base64 IV of 12 bytes, one emoji) the service judges; the answer must still be in
 * the contract.
 */
final class SchemaValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_-";
    private static final List<String> ODD_STRINGS = List.of("", " ", "\u0000", "é€😀", "'; DROP TABLE events; --",
            "../../etc/passwd", "%s%n", "<script>", "9".repeat(30), "-1", "null", "2026-13-45T25:61:61Z");

    private final JsonNode root;
    private final Random random;

    SchemaValues(JsonNode openApi, long seed) {
        this.root = openApi;
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    /** An instance that the schema allows. */
    JsonNode valid(JsonNode schema) {
        return valid(resolve(schema), 0);
    }

    /** An instance that breaks the schema: a wrong type, a missing required property, a bound overstepped. */
    JsonNode invalid(JsonNode schema) {
        JsonNode s = resolve(schema);
        JsonNode instance = valid(s, 0);
        if (instance instanceof ObjectNode object && random.nextInt(3) > 0 && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            JsonNode property = resolve(s.path("properties").path(name));
            switch (random.nextInt(3)) {
                case 0 -> object.remove(name);
                case 1 -> object.set(name, wrongType(property));
                default -> object.set(name, invalid(property));
            }
            return object;
        }
        if (s.has("maxLength")) {
            return NODES.textNode("x".repeat(s.path("maxLength").asInt() + 1 + random.nextInt(5)));
        }
        if (s.has("maximum")) {
            return NODES.numberNode(s.path("maximum").asLong() + 1 + random.nextInt(1000));
        }
        if (s.has("maxItems") && instance.isArray()) {
            ArrayNode many = NODES.arrayNode();
            for (int i = 0; i <= s.path("maxItems").asInt(); i++) {
                many.add(valid(s.path("items"), 1));
            }
            return many;
        }
        return wrongType(s);
    }

    /** A query or path parameter's text: usually plausible, sometimes odd. */
    String parameter(JsonNode schema) {
        if (random.nextInt(4) == 0) {
            return ODD_STRINGS.get(random.nextInt(ODD_STRINGS.size()));
        }
        JsonNode value = valid(schema);
        return value.isTextual() ? value.asText() : value.toString();
    }

    private JsonNode valid(JsonNode schema, int depth) {
        JsonNode s = resolve(schema);
        // The contract's examples carry what a schema cannot say (base64 of 12 bytes, a date the reads take).
        if (s.path("examples").size() > 0 && random.nextInt(4) > 0) {
            return s.get("examples").get(random.nextInt(s.get("examples").size())).deepCopy();
        }
        if (s.has("const")) {
            return s.get("const");
        }
        if (s.has("enum")) {
            return s.get("enum").get(random.nextInt(s.get("enum").size()));
        }
        if (s.has("oneOf") || s.has("anyOf")) {
            JsonNode options = s.has("oneOf") ? s.get("oneOf") : s.get("anyOf");
            return valid(options.get(random.nextInt(options.size())), depth);
        }
        if (s.has("allOf")) {
            return valid(s.get("allOf").get(0), depth);
        }
        String type = type(s);
        return switch (type) {
            case "object" -> object(s, depth);
            case "array" -> array(s, depth);
            case "integer" -> NODES.numberNode(between(s.path("minimum").asLong(0), s.path("maximum").asLong(1000)));
            case "number" -> NODES.numberNode(random.nextDouble() * 1000);
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(text(s));
        };
    }

    private ObjectNode object(JsonNode s, int depth) {
        ObjectNode object = NODES.objectNode();
        List<String> required = new ArrayList<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        for (Iterator<String> names = s.path("properties").fieldNames(); names.hasNext();) {
            String name = names.next();
            if (required.contains(name) || (depth < 3 && random.nextBoolean())) {
                object.set(name, valid(s.path("properties").path(name), depth + 1));
            }
        }
        if (!s.has("properties") && depth < 2 && random.nextBoolean()) {
            object.put("k" + random.nextInt(100), random.nextBoolean() ? "v" : "1");
        }
        return object;
    }

    private ArrayNode array(JsonNode s, int depth) {
        ArrayNode array = NODES.arrayNode();
        int min = s.path("minItems").asInt(0);
        int max = Math.min(s.path("maxItems").asInt(min + 3), min + 3);
        for (int i = between(min, max); i > 0; i--) {
            array.add(valid(s.path("items"), depth + 1));
        }
        return array;
    }

    private String text(JsonNode s) {
        if ("date-time".equals(s.path("format").asText())) {
            return "2026-11-" + (10 + random.nextInt(18)) + "T10:15:30Z";
        }
        int min = s.path("minLength").asInt(1);
        int max = Math.min(s.path("maxLength").asInt(16), 24);
        StringBuilder text = new StringBuilder();
        for (int i = between(Math.max(min, 1), Math.max(max, 1)); i > 0; i--) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private JsonNode wrongType(JsonNode schema) {
        String type = type(resolve(schema));
        List<JsonNode> others = new ArrayList<>(List.of(NODES.textNode("x"), NODES.numberNode(-7),
                NODES.booleanNode(true), NODES.nullNode(), NODES.arrayNode().add(1), NODES.objectNode().put("a", 1)));
        others.removeIf(n -> n.getNodeType().name().toLowerCase().startsWith(type.substring(0, 3)));
        return others.get(random.nextInt(others.size()));
    }

    private static String type(JsonNode s) {
        JsonNode type = s.path("type");
        if (type.isArray()) {
            return type.get(0).asText();
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return s.has("properties") ? "object" : "string";
    }

    private int between(long min, long max) {
        long lo = Math.max(min, -1_000_000);
        long hi = Math.min(Math.max(max, lo), lo + 1_000_000);
        return (int) (lo + (long) (random.nextDouble() * (hi - lo + 1)));
    }

    /** The schema a {@code $ref} names, within the document. */
    JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        while (s.has("$ref")) {
            s = root.at(s.get("$ref").asText().substring(1));
        }
        return s;
    }
}
