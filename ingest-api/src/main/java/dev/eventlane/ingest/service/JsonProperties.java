package dev.eventlane.ingest.service;

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
        return utf8Length(object.toString());
    }

    /** The length of {@code text} in UTF-8, counted without encoding it (an unpaired surrogate counts as '?'). */
    static int utf8Length(String text) {
        int bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    bytes += 2;
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }
}
