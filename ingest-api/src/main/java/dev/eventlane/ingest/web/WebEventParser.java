package dev.eventlane.ingest.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.eventlane.ingest.service.EventIds;
import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.ingest.service.RequestContext;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.Source;

/**
 * Turns the tracker's body into the canonical web event of docs/web.md: {@code type} ({@code pageview} or
 * {@code custom}), {@code name} (custom events), {@code url}, {@code path}, {@code referrer},
 * {@code screen_width}, {@code visitor_id}, {@code session_id} (ULIDs) and {@code props} (custom events). Each field
 * is checked on its raw text before anything is parsed from it; unknown fields are ignored.
 */
final class WebEventParser {

    static final String PAGEVIEW = "pageview";
    static final String CUSTOM = "custom";
    static final int MAX_URL = 2048;
    static final int MAX_PATH = 1024;
    static final int MAX_NAME = 200;
    static final int MAX_PROPS = 30;
    static final int MAX_PROP_NAME = 100;
    static final int MAX_PROP_VALUE = 500;
    static final int MAX_UTM = 200;
    static final int MAX_SCREEN_WIDTH = 100_000;
    static final List<String> UTM = List.of("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content");
    /** Crockford base32, 26 characters, the first at most 7 (48 bits of milliseconds). */
    private static final Pattern ULID = Pattern.compile("[0-7][0-9A-HJKMNP-TV-Z]{25}");

    Event parse(JsonNode body, RequestContext request) {
        String type = text(body, "type", 10, true);
        if (!PAGEVIEW.equals(type) && !CUSTOM.equals(type)) {
            throw invalid("invalid_type", "type must be \"pageview\" or \"custom\"");
        }
        boolean custom = CUSTOM.equals(type);
        String name = custom ? customName(body) : PAGEVIEW;
        String url = text(body, "url", MAX_URL, true);
        URI page = httpUrl(url, "url");
        String path = text(body, "path", MAX_PATH, false);
        if (path == null) {
            path = page.getRawPath() == null || page.getRawPath().isEmpty() ? "/" : page.getRawPath();
        } else if (!path.startsWith("/")) {
            throw invalid("invalid_path", "path must start with /");
        }
        String visitor = ulid(body, "visitor_id");
        String session = ulid(body, "session_id");

        Map<String, String> properties = custom ? props(body.get("props")) : new HashMap<>();
        if (!custom && body.hasNonNull("props")) {
            throw invalid("invalid_props", "props are for custom events only");
        }
        properties.put("$event_type", quoted(type));
        properties.put("$path", quoted(path));
        properties.put("$url", quoted(url));
        properties.put("$visitor_id", quoted(visitor));
        referrer(body, page, properties);
        Integer width = screenWidth(body.get("screen_width"));
        if (width != null) {
            properties.put("$screen_width", width.toString());
        }
        utm(page, properties);
        return Event.newBuilder()
                .setEventId(EventIds.next())
                .setProjectId(request.projectId())
                .setSource(Source.WEB)
                .setName(name)
                .setUserId(visitor)
                .setSessionId(session)
                .setPlatform("web")
                .setTimestamp(request.receivedAt())
                .setReceivedAt(request.receivedAt())
                .setProperties(properties)
                .setContext(request.context())
                .build();
    }

    private static String customName(JsonNode body) {
        String name = text(body, "name", MAX_NAME, true);
        if (name.isBlank()) {
            throw invalid("invalid_name", "name must not be blank");
        }
        if (name.startsWith("$") || PAGEVIEW.equals(name)) {
            throw invalid("invalid_name", "name must not start with $ nor be \"pageview\" (reserved)");
        }
        return name;
    }

    /** The referrer in full, and its host unless it is the page's own (a link within the site is not a source). */
    private static void referrer(JsonNode body, URI page, Map<String, String> properties) {
        String referrer = text(body, "referrer", MAX_URL, false);
        if (referrer == null || referrer.isEmpty()) {
            return;
        }
        URI from = httpUrl(referrer, "referrer");
        properties.put("$referrer", quoted(referrer));
        String host = from.getHost().toLowerCase(Locale.ROOT);
        boolean internal = host.equals(page.getHost().toLowerCase(Locale.ROOT));
        properties.put("$referrer_host", quoted(internal ? "" : host));
    }

    private static Integer screenWidth(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0
                || value.intValue() > MAX_SCREEN_WIDTH) {
            throw invalid("invalid_screen_width", "screen_width must be a whole number from 0 to "
                    + MAX_SCREEN_WIDTH);
        }
        return value.intValue();
    }

    /** The UTM parameters of the page's query; a malformed escape or an overlong value is left out, not refused. */
    private static void utm(URI page, Map<String, String> properties) {
        String query = page.getRawQuery();
        if (query == null) {
            return;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (!UTM.contains(key) || eq < 0 || properties.containsKey("$" + key)) {
                continue;
            }
            try {
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!value.isEmpty() && value.length() <= MAX_UTM && value.indexOf('\u0000') < 0) {
                    properties.put("$" + key, quoted(value));
                }
            } catch (IllegalArgumentException e) {
                // a bad %-escape: the parameter is not recorded
            }
        }
    }

    private static Map<String, String> props(JsonNode props) {
        Map<String, String> properties = new HashMap<>();
        if (props == null || props.isNull()) {
            return properties;
        }
        if (!props.isObject()) {
            throw invalid("invalid_props", "props must be an object");
        }
        if (props.size() > MAX_PROPS) {
            throw invalid("invalid_props", "props may have at most " + MAX_PROPS + " entries");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = props.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.isEmpty() || key.length() > MAX_PROP_NAME || key.indexOf('\u0000') >= 0) {
                throw invalid("invalid_props", "prop names must be 1 to " + MAX_PROP_NAME + " characters");
            }
            if (key.startsWith("$")) {
                throw invalid("invalid_props", "prop names must not start with $ (reserved): " + abbreviated(key));
            }
            JsonNode value = field.getValue();
            if (!(value.isTextual() || value.isNumber() || value.isBoolean() || value.isNull())) {
                throw invalid("invalid_props", "prop " + abbreviated(key)
                        + " must be a string, number, boolean or null");
            }
            String json = value.toString();
            if (json.length() > MAX_PROP_VALUE) {
                throw invalid("invalid_props", "prop " + abbreviated(key) + " is longer than " + MAX_PROP_VALUE
                        + " characters");
            }
            properties.put(key, json);
        }
        return properties;
    }

    private static String ulid(JsonNode body, String field) {
        String value = text(body, field, 26, true);
        if (!ULID.matcher(value).matches()) {
            throw invalid("invalid_" + field, field + " must be a ULID (26 characters of Crockford base32)");
        }
        return value;
    }

    private static URI httpUrl(String text, String field) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw invalid("invalid_" + field, field + " must be an absolute http(s) URL");
    }

    /** A string field of at most {@code max} characters; null when absent and not required. */
    private static String text(JsonNode body, String field, int max, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid("missing_" + field, field + " is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("invalid_" + field, field + " must be a string");
        }
        String text = value.textValue();
        if (text.length() > max) {
            throw invalid("invalid_" + field, field + " must be at most " + max + " characters");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw invalid("invalid_" + field, field + " must not contain U+0000");
        }
        return text;
    }

    private static String abbreviated(String key) {
        return key.length() <= 40 ? key : key.substring(0, 40) + "…";
    }

    private static String quoted(String text) {
        return TextNode.valueOf(text).toString();
    }

    static IngestException invalid(String code, String message) {
        return IngestException.badRequest(code, message);
    }
}
