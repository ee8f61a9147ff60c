package dev.eventlane.ingest.service;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import org.jboss.logging.Logger;
import ua_parser.Client;
import ua_parser.Parser;

import dev.eventlane.ingest.config.IngestConfig;
import dev.eventlane.platform.net.Cidr;
import dev.eventlane.platform.net.ClientAddress;

/**
 * What the server adds to every event from its request, on every surface: the client's IP address (from
 * {@code X-Forwarded-For} only when the connection comes from a configured trusted proxy), and browser, OS and device
 * parsed from {@code User-Agent} by ua-parser (uap-java, whose regexes follow the maintained uap-core list), and the
 * country of the address from a MaxMind-format database when one is configured. These go on the event's context,
 * never into the client's own data.
 */
@Singleton
@Startup
public class Enrichment {

    /** Distinct user agents remembered; the cache starts over when full (parsing one costs up to a millisecond). */
    private static final Logger LOG = Logger.getLogger(Enrichment.class);
    private static final int CACHE_SIZE = 10_000;
    private static final Set<String> DESKTOP_OS = Set.of("Windows", "Mac OS X", "Linux", "Ubuntu", "Chrome OS",
            "Fedora", "Debian", "FreeBSD", "OpenBSD", "Solaris");
    private static final Map<String, String> OS_NAMES = Map.of("Mac OS X", "macOS");

    private final Parser parser = new Parser();
    private final Map<String, Parsed> agents = new ConcurrentHashMap<>();
    private final ClientAddress clientAddress;
    private final CountryDatabase geoip;

    /** Browser, OS and device of one user agent; each null when unknown. */
    public record Agent(String browser, String os, String device) {
        static final Agent UNKNOWN = new Agent(null, null, null);
    }

    public Enrichment(IngestConfig config) {
        this.clientAddress = new ClientAddress(config.trustedProxies().orElse(List.of()));
        this.geoip = config.geoipDatabase().map(Enrichment::open).orElse(null);
    }

    private static CountryDatabase open(String path) {
        try {
            CountryDatabase database = CountryDatabase.open(path);
            LOG.infof("GeoIP database %s (%s) gives events their country", path, database.describe());
            return database;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the GeoIP database " + path + ": " + e.getMessage(), e);
        }
    }

    /** The ISO 3166 code of the address's country, or null (no database, a private address, not in it). */
    public String country(String ip) {
        byte[] address = geoip == null || ip == null ? null : Cidr.literal(ip);
        if (address == null) {
            return null;
        }
        try {
            return geoip.country(InetAddress.getByAddress(address));
        } catch (IOException e) {
            LOG.debugf("No country for %s: %s", ip, e.getMessage());
            return null;
        }
    }

    @PreDestroy
    void close() throws IOException {
        if (geoip != null) {
            geoip.close();
        }
    }

    /**
     * The same user agent as web analytics reports it (docs/web.md): browser and OS by family only ({@code Chrome},
     * {@code Safari}, {@code macOS}, {@code iOS}), device as {@code desktop}, {@code mobile} or {@code tablet}; and
     * whether it is a bot, whose page views are dropped.
     */
    public record WebAgent(String browser, String os, String device, boolean bot) {
        static final WebAgent UNKNOWN = new WebAgent(null, null, null, true);
    }

    /** Both readings of one user agent, parsed once. */
    private record Parsed(Agent agent, WebAgent web) {
    }

    public Agent agent(String userAgent) {
        return parsed(userAgent).agent();
    }

    /** See {@link WebAgent}; no user agent at all counts as a bot (browsers always send one). */
    public WebAgent webAgent(String userAgent) {
        return parsed(userAgent).web();
    }

    private Parsed parsed(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return new Parsed(Agent.UNKNOWN, WebAgent.UNKNOWN);
        }
        Parsed known = agents.get(userAgent);
        if (known != null) {
            return known;
        }
        if (agents.size() >= CACHE_SIZE) {
            agents.clear();
        }
        Client client = parser.parse(userAgent);
        Parsed parsed = new Parsed(parse(client), WebAgents.of(client, userAgent));
        agents.put(userAgent, parsed);
        return parsed;
    }

    /** The client's address: see {@link ClientAddress}. */
    public String clientIp(String peer, String forwardedFor) {
        return clientAddress.of(peer, forwardedFor);
    }

    private static Agent parse(Client client) {
        String browser = named(client.userAgent.family, client.userAgent.major);
        String osFamily = client.os.family;
        String os = named(OS_NAMES.getOrDefault(osFamily, osFamily), client.os.major);
        return new Agent(browser, os, device(client.device.family, osFamily));
    }

    private static String named(String family, String major) {
        if (family == null || "Other".equals(family)) {
            return null;
        }
        return major == null || major.isEmpty() ? family : family + " " + major;
    }

    private static String device(String family, String osFamily) {
        if ("Spider".equals(family)) {
            return "Bot";
        }
        String lower = family == null ? "" : family.toLowerCase(Locale.ROOT);
        if (lower.contains("ipad") || lower.contains("tablet") || lower.contains("kindle")) {
            return "Tablet";
        }
        if ("iOS".equals(osFamily) || "Android".equals(osFamily) || lower.contains("iphone")) {
            return "Mobile";
        }
        if (DESKTOP_OS.contains(osFamily)) {
            return "Desktop";
        }
        return family == null || "Other".equals(family) ? null : family;
    }
}
