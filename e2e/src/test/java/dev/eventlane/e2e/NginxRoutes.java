package dev.eventlane.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routing of an nginx configuration of ours (deploy/proxy/*.conf), read as nginx reads it: the exact
 * location ({@code location = /p}) if one matches, else the longest prefix location; its {@code proxy_pass}
 * names an upstream, directly or through a {@code map $request_method}; the upstream's server names the service.
 * Regular-expression locations are refused rather than modelled.
 */
final class NginxRoutes {

    private static final Pattern LOCATION = Pattern.compile("location\\s+(=|\\^~|~\\*?)?\\s*(\\S+)\\s*\\{([^{}]*)}");
    private static final Pattern UPSTREAM = Pattern.compile("upstream\\s+(\\w+)\\s*\\{[^}]*?server\\s+([^;\\s]+)");
    private static final Pattern METHOD_MAP = Pattern.compile("map\\s+\\$request_method\\s+\\$(\\w+)\\s*\\{([^}]*)}");
    private static final Pattern PROXY_PASS = Pattern.compile("proxy_pass\\s+http://(\\$?\\w+)\\s*;");
    private static final Pattern QUOTED_OR_COMMENT = Pattern.compile("'[^']*'|#[^\\n]*");
    private static final Pattern PORT_PLACEHOLDER = Pattern.compile("@([A-Z_]+)_PORT@");

    private record Location(boolean exact, String path, String body) {
    }

    private final List<Location> locations = new ArrayList<>();
    private final Map<String, String> upstreams = new HashMap<>();
    private final Map<String, Map<String, String>> methodMaps = new HashMap<>();

    /** @param ports the port each service listens on, to check an upstream's {@code host:port} */
    NginxRoutes(String config, Map<String, Integer> ports) {
        // Quoted strings (the JSON error bodies) may hold braces and '#'; comments may hold anything, quotes too:
        // both go, read from left to right as nginx reads them.
        String text = QUOTED_OR_COMMENT.matcher(config).replaceAll(m -> m.group().startsWith("#") ? "" : "''");
        Matcher m = LOCATION.matcher(text);
        while (m.find()) {
            String modifier = m.group(1) == null ? "" : m.group(1);
            if (modifier.startsWith("~")) {
                throw new IllegalArgumentException("regular-expression location not modelled: " + m.group());
            }
            if (m.group(2).startsWith("/")) {
                locations.add(new Location(modifier.equals("="), m.group(2), m.group(3)));
            }
        }
        m = UPSTREAM.matcher(text);
        while (m.find()) {
            upstreams.put(m.group(1), service(m.group(2), ports));
        }
        m = METHOD_MAP.matcher(text);
        while (m.find()) {
            Map<String, String> entries = new HashMap<>();
            for (String entry : m.group(2).split(";")) {
                String[] words = entry.strip().split("\\s+");
                if (words.length == 2) {
                    entries.put(words[0], words[1]);
                }
            }
            methodMaps.put(m.group(1), entries);
        }
    }

    /** The service a request goes to, or null when nginx answers it itself (no such endpoint). */
    String serviceFor(String method, String path) {
        Location chosen = null;
        for (Location location : locations) {
            if (location.exact() && location.path().equals(path)) {
                chosen = location;
                break;
            }
            if (!location.exact() && path.startsWith(location.path())
                    && (chosen == null || location.path().length() > chosen.path().length())) {
                chosen = location;
            }
        }
        if (chosen == null) {
            return null;
        }
        Matcher pass = PROXY_PASS.matcher(chosen.body());
        if (!pass.find()) {
            return null;
        }
        String upstream = pass.group(1);
        if (upstream.startsWith("$")) {
            Map<String, String> map = methodMaps.get(upstream.substring(1));
            if (map == null) {
                throw new IllegalArgumentException("proxy_pass through " + upstream + ", which no map defines");
            }
            upstream = map.getOrDefault(method, map.get("default"));
        }
        String service = upstreams.get(upstream);
        if (service == null) {
            throw new IllegalArgumentException("proxy_pass to " + upstream + ", which no upstream defines");
        }
        return service;
    }

    /** {@code 127.0.0.1:@INGEST_API_PORT@} (local) or {@code ingest-api:8080} (compose): ingest-api. */
    private static String service(String server, Map<String, Integer> ports) {
        Matcher placeholder = PORT_PLACEHOLDER.matcher(server);
        if (placeholder.find()) {
            return placeholder.group(1).toLowerCase().replace('_', '-');
        }
        String[] hostPort = server.split(":");
        Integer port = ports.get(hostPort[0]);
        if (port == null || hostPort.length != 2 || port != Integer.parseInt(hostPort[1])) {
            throw new IllegalArgumentException("upstream server " + server + " is no service's host:port " + ports);
        }
        return hostPort[0];
    }
}
