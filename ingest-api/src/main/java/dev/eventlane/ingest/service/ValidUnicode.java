package dev.eventlane.ingest.service;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether every string of a JSON tree, names included, is valid Unicode. JSON's escapes can spell half of a
 * surrogate pair alone (backslash, u, d800); UTF-8 cannot encode that, so Kafka and ClickHouse would get a
 * {@code ?} instead, and two event ids differing only there would become one (and be de-duplicated).
 */
final class ValidUnicode {

    private ValidUnicode() {
    }

    /** The first string holding an unpaired surrogate, or null when there is none. Depth is bounded by the parser. */
    static String firstInvalid(JsonNode node) {
        if (node.isTextual()) {
            return valid(node.textValue()) ? null : node.textValue();
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!valid(field.getKey())) {
                    return field.getKey();
                }
                String invalid = firstInvalid(field.getValue());
                if (invalid != null) {
                    return invalid;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                String invalid = firstInvalid(element);
                if (invalid != null) {
                    return invalid;
                }
            }
        }
        return null;
    }

    static boolean valid(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
