package dev.eventlane.ingest.service;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import ua_parser.Client;

/**
 * Web analytics' reading of a parsed user agent: families without versions or mobile variants, three device kinds,
 * and bot detection. ua-parser marks most crawlers as device {@code Spider}; the pattern catches the rest (HTTP
 * libraries, headless browsers, monitoring and preview fetchers), which run no page scripts of their own accord and
 * would otherwise count as visitors.
 */
final class WebAgents {

    private static final Pattern BOT = Pattern.compile("bot\\b|bot/|crawl|spider|slurp|headless|lighthouse|phantomjs"
            + "|selenium|puppeteer|playwright|python|curl/|wget/|java/|okhttp|go-http-client|axios|node-fetch"
            + "|preview|monitor|pingdom|uptime|facebookexternalhit|embedly|scrapy|httpclient|ahrefs|semrush");
    private static final Map<String, String> BROWSERS = Map.ofEntries(
            Map.entry("Chrome Mobile", "Chrome"), Map.entry("Chrome Mobile iOS", "Chrome"),
            Map.entry("Chrome Mobile WebView", "Chrome"), Map.entry("Chromium", "Chrome"),
            Map.entry("Mobile Safari", "Safari"), Map.entry("Mobile Safari UI/WKWebView", "Safari"),
            Map.entry("Firefox Mobile", "Firefox"), Map.entry("Firefox iOS", "Firefox"),
            Map.entry("Edge Mobile", "Edge"), Map.entry("Opera Mobile", "Opera"),
            Map.entry("Samsung Internet", "Samsung Internet"));
    private static final Map<String, String> SYSTEMS = Map.of("Mac OS X", "macOS", "Ubuntu", "Linux",
            "Fedora", "Linux", "Debian", "Linux");

    private WebAgents() {
    }

    static Enrichment.WebAgent of(Client client, String userAgent) {
        String browser = family(client.userAgent.family, BROWSERS);
        String os = family(client.os.family, SYSTEMS);
        boolean bot = "Spider".equals(client.device.family)
                || BOT.matcher(userAgent.toLowerCase(Locale.ROOT)).find();
        return new Enrichment.WebAgent(browser, os, device(client.device.family, os), bot);
    }

    private static String family(String family, Map<String, String> names) {
        return family == null || "Other".equals(family) ? null : names.getOrDefault(family, family);
    }

    /** Tablets by their device family, phones by their OS; any other known OS is a desktop. */
    private static String device(String family, String os) {
        String lower = family == null ? "" : family.toLowerCase(Locale.ROOT);
        if (lower.contains("ipad") || lower.contains("tablet") || lower.contains("kindle")
                || lower.startsWith("samsung sm-t") || lower.contains("nexus 7") || lower.contains("nexus 9")) {
            return "tablet";
        }
        if ("iOS".equals(os) || "Android".equals(os) || lower.contains("iphone")) {
            return "mobile";
        }
        return os == null ? null : "desktop";
    }
}
