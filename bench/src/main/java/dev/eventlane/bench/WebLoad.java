package dev.eventlane.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.EventHeaders;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * The web analytics dataset: page views and custom events of visitors in tracker sessions over a period ending now,
 * written straight to the topic {@code events} as ingest publishes web events (the tracker's collection stamps events
 * with their arrival time, so history cannot come through it). Deterministic from the seed; event ids carry the run.
 */
final class WebLoad {

    /** What was written. */
    record Loaded(long events, long pageviews, long sessions, double seconds) {
    }

    private static final List<String> PATHS = List.of("/", "/pricing", "/docs", "/docs/start", "/docs/api",
            "/blog", "/blog/launch", "/blog/web-analytics", "/checkout", "/about", "/careers", "/contact");
    private static final List<String> REFERRERS = List.of("", "", "", "google.com", "news.ycombinator.com", "t.co",
            "duckduckgo.com");
    private static final List<String> COUNTRIES = List.of("US", "DE", "RO", "FR", "GB", "IN", "BR", "");
    private static final List<String> BROWSERS = List.of("Chrome", "Chrome", "Safari", "Firefox", "Edge");
    private static final List<String> OSES = List.of("Windows", "macOS", "iOS", "Android", "Linux");
    private static final List<String> DEVICES = List.of("desktop", "desktop", "mobile", "tablet");
    private static final List<String> CUSTOM = List.of("signup", "add to cart", "checkout_started");

    private final long seed;
    private final String run;
    private final long visitors;
    private final Duration period;

    WebLoad(long seed, String run, long visitors, Duration period) {
        this.seed = seed;
        this.run = run;
        this.visitors = visitors;
        this.period = period;
    }

    /** Writes sessions of 1 to 8 page views (one in ten with a custom event) until {@code pageviews} are written. */
    Loaded write(String bootstrap, String projectId, long pageviews, Instant end) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        Random random = new Random(seed);
        long start = end.minus(period).toEpochMilli();
        long written = 0;
        long views = 0;
        long sessions = 0;
        long t0 = System.nanoTime();
        try (KafkaProducer<String, Event> producer = new KafkaProducer<>(props, new StringSerializer(),
                EventlaneSerdes.event().serializer())) {
            while (views < pageviews) {
                String visitor = ulid(random.nextLong(visitors), 'V');
                String session = ulid(sessions++, 'S');
                long ts = start + (long) (random.nextDouble() * (period.toMillis() - Duration.ofHours(1).toMillis()));
                int v = (int) Math.floorMod(visitor.hashCode(), 1_000_000);
                String referrer = REFERRERS.get(random.nextInt(REFERRERS.size()));
                int count = 1 + (int) Math.floor(Math.pow(random.nextDouble(), 2) * 8);
                for (int i = 0; i < count && views < pageviews; i++) {
                    Event event = event(projectId, visitor, session, written++, ts, true,
                            PATHS.get(random.nextInt(PATHS.size())), i == 0 ? referrer : "", v);
                    producer.send(record(event));
                    views++;
                    if (random.nextInt(10) == 0) {
                        producer.send(record(event(projectId, visitor, session, written++, ts + 500, false,
                                CUSTOM.get(random.nextInt(CUSTOM.size())), "", v)));
                    }
                    ts += 5_000 + random.nextInt(300_000);
                }
            }
            producer.flush();
        }
        return new Loaded(written, views, sessions, (System.nanoTime() - t0) / 1e9);
    }

    private Event event(String projectId, String visitor, String session, long n, long ts, boolean pageview,
            String pathOrName, String referrer, int v) {
        String path = pageview ? pathOrName : "/checkout";
        Map<String, String> props = new HashMap<>();
        props.put("$event_type", pageview ? "\"pageview\"" : "\"custom\"");
        props.put("$path", "\"" + path + "\"");
        props.put("$url", "\"https://bench.example" + path + "\"");
        props.put("$visitor_id", "\"" + visitor + "\"");
        if (!referrer.isEmpty()) {
            props.put("$referrer_host", "\"" + referrer + "\"");
        }
        return Event.newBuilder().setEventId("web-" + run + "-" + n).setProjectId(projectId).setSource(Source.WEB)
                .setName(pageview ? "pageview" : pathOrName).setUserId(visitor).setSessionId(session)
                .setPlatform("web").setTimestamp(Instant.ofEpochMilli(ts)).setReceivedAt(Instant.ofEpochMilli(ts))
                .setProperties(props)
                .setContext(EventContext.newBuilder().setCountry(COUNTRIES.get(v % COUNTRIES.size()))
                        .setBrowser(BROWSERS.get(v / 8 % BROWSERS.size())).setOs(OSES.get(v / 64 % OSES.size()))
                        .setDevice(DEVICES.get(v / 512 % DEVICES.size())).build())
                .build();
    }

    private static ProducerRecord<String, Event> record(Event event) {
        return new ProducerRecord<>(Topics.EVENTS, null, null, RecordKeys.user(event.getProjectId(),
                event.getUserId()), event, EventHeaders.of(event));
    }

    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /** A 26-character ULID-shaped id: a kind letter and the number in Crockford base32. */
    static String ulid(long number, char kind) {
        char[] id = new char[26];
        java.util.Arrays.fill(id, '0');
        id[0] = '0';
        id[1] = kind;
        long n = number;
        for (int i = 25; i > 1 && n > 0; i--) {
            id[i] = CROCKFORD.charAt((int) (n & 31));
            n >>>= 5;
        }
        return new String(id);
    }
}
