package dev.eventlane.ingest.service;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** An event's data object as the canonical event keeps it: each key with its value's JSON text. */
public final class JsonProperties {

    private JsonProperties() {
    }

    /** The fields of {@code object} (a JSON object), each value as JSON text: numbers keep their exact digits. */
    public static Map<String, String> of(JsonNode object) {
        Map<String, String> properties = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            properties.put(field.getKey(), field.getValue().toString());
        }
        return properties;
    }

    /** The size of the object's JSON text in UTF-8 bytes. */
    public static int bytes(JsonNode object) {
        return object.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
