package dev.eventlane.streams.perf;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * The harness's web load: what {@code ./eventlane bench --web} replays (tracker sessions of one to eight page views
 * of visitors, starting anywhere in the last 90 days, 5 s to 5 min apart, one in ten page views followed by a custom
 * event), with the properties and request fields {@code /collect} writes, straight onto {@code events-unique} keyed
 * by project and visitor. Deterministic.
 */
final class WebPageviews {

    private static final Duration PERIOD = Duration.ofDays(90);
    private static final Instant END = Instant.parse("2026-12-01T00:00:00Z");
    private static final List<String> PATHS = List.of("/", "/pricing", "/docs", "/docs/start", "/docs/api",
            "/blog", "/blog/launch", "/blog/web-analytics", "/checkout", "/about", "/careers", "/contact");
    private static final List<String> REFERRERS = List.of("", "", "", "https://www.google.com/search?q=events",
            "https://news.ycombinator.com/item?id=42", "https://t.co/abc", "https://duckduckgo.com/");
    private static final List<String> CAMPAIGNS = List.of("?utm_source=newsletter&utm_medium=email&utm_campaign=dec",
            "?utm_source=twitter&utm_medium=social", "?utm_source=google&utm_medium=cpc&utm_campaign=brand&utm_term=x");
    private static final List<String> COUNTRIES = List.of("US", "DE", "RO", "FR", "GB", "IN", "BR", "");
    private static final List<String> BROWSERS = List.of("Chrome 131", "Chrome 130", "Safari 18", "Firefox 133",
            "Edge 131");
    private static final List<String> OSES = List.of("Windows 11", "macOS 15", "iOS 18", "Android 15", "Linux");
    private static final List<String> DEVICES = List.of("Desktop", "Desktop", "Mobile", "Tablet");
    private static final List<String> WIDTHS = List.of("1920", "1440", "390", "820");
    private static final List<String> CUSTOM = List.of("signup", "add to cart", "checkout_started");
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private WebPageviews() {
    }

    static void preload(String bootstrap, String project, int count, int visitors) {
        Properties props = AnalyticsLoadHarness.producerProps(bootstrap);
        SplittableRandom random = new SplittableRandom(42);
        long start = END.minus(PERIOD).toEpochMilli();
        try (KafkaProducer<String, Event> producer = new KafkaProducer<>(props, Serdes.String().serializer(),
                EventlaneSerdes.event().serializer())) {
            int sent = 0;
            long sessions = 0;
            while (sent < count) {
                int v = random.nextInt(visitors);
                String visitor = ulid(v, 'V');
                String session = ulid(sessions++, 'S');
                long at = start + random.nextLong(PERIOD.minusHours(1).toMillis());
                String referrer = REFERRERS.get(random.nextInt(REFERRERS.size()));
                String campaign = random.nextInt(5) == 0 ? CAMPAIGNS.get(random.nextInt(CAMPAIGNS.size())) : "";
                int views = 1 + (int) Math.floor(Math.pow(random.nextDouble(), 2) * 8);
                for (int i = 0; i < views && sent < count; i++) {
                    String path = PATHS.get(random.nextInt(PATHS.size()));
                    Map<String, String> properties = pageview(visitor, path, i == 0 ? campaign : "",
                            i == 0 ? referrer : "", WIDTHS.get(v % WIDTHS.size()));
                    producer.send(record(event(project, visitor, session, sent++, at, "pageview", properties, v)));
                    if (random.nextInt(10) == 0 && sent < count) {
                        Map<String, String> custom = pageview(visitor, path, "", "", WIDTHS.get(v % WIDTHS.size()));
                        custom.put("$event_type", "\"custom\"");
                        custom.put("plan", random.nextBoolean() ? "\"pro\"" : "\"free\"");
                        producer.send(record(event(project, visitor, session, sent++, at + 500,
                                CUSTOM.get(random.nextInt(CUSTOM.size())), custom, v)));
                    }
                    at += 5_000 + random.nextInt(300_000);
                }
            }
            producer.flush();
        }
    }

    /** The properties {@code /collect} writes for a page view (see ingest's {@code WebEventParser}). */
    private static Map<String, String> pageview(String visitor, String path, String campaign, String referrer,
            String width) {
        Map<String, String> properties = new HashMap<>();
        properties.put("$event_type", "\"pageview\"");
        properties.put("$path", "\"" + path + "\"");
        properties.put("$url", "\"https://bench.example" + path + campaign + "\"");
        properties.put("$visitor_id", "\"" + visitor + "\"");
        properties.put("$screen_width", width);
        if (!referrer.isEmpty()) {
            properties.put("$referrer", "\"" + referrer + "\"");
            properties.put("$referrer_host", "\"" + referrer.replaceFirst("https://([^/]+)/.*", "$1") + "\"");
        }
        for (String parameter : campaign.isEmpty() ? new String[0] : campaign.substring(1).split("&")) {
            int eq = parameter.indexOf('=');
            properties.put("$" + parameter.substring(0, eq), "\"" + parameter.substring(eq + 1) + "\"");
        }
        return properties;
    }

    private static Event event(String project, String visitor, String session, long n, long at, String name,
            Map<String, String> properties, int v) {
        return Event.newBuilder().setEventId("web-h-" + n).setProjectId(project).setSource(Source.WEB)
                .setName(name).setUserId(visitor).setSessionId(session).setPlatform("web")
                .setTimestamp(Instant.ofEpochMilli(at)).setReceivedAt(Instant.ofEpochMilli(at))
                .setProperties(properties)
                .setContext(EventContext.newBuilder().setIp("198.51.100." + v % 250)
                        .setUserAgent("Mozilla/5.0 (harness)").setCountry(COUNTRIES.get(v % COUNTRIES.size()))
                        .setBrowser(BROWSERS.get(v / 8 % BROWSERS.size())).setOs(OSES.get(v / 64 % OSES.size()))
                        .setDevice(DEVICES.get(v / 512 % DEVICES.size())).build())
                .build();
    }

    private static ProducerRecord<String, Event> record(Event event) {
        return new ProducerRecord<>(Topics.EVENTS_UNIQUE, RecordKeys.user(event.getProjectId(), event.getUserId()),
                event);
    }

    /** A 26-character ULID-shaped id, as the tracker sends: a kind letter and the number in Crockford base32. */
    private static String ulid(long number, char kind) {
        char[] id = new char[26];
        java.util.Arrays.fill(id, '0');
        id[1] = kind;
        long n = number;
        for (int i = 25; i > 1 && n > 0; i--) {
            id[i] = CROCKFORD.charAt((int) (n & 31));
            n >>>= 5;
        }
        return new String(id);
    }
}
