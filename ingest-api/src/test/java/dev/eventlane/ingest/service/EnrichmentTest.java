package dev.eventlane.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.eventlane.ingest.config.IngestConfig;

class EnrichmentTest {

    static final String CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like"
            + " Gecko) Chrome/125.0.0.0 Safari/537.36";
    static final String SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    static final String FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101"
            + " Firefox/126.0";
    static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    static final String IPAD = "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
            + " Version/16.6 Mobile/15E148 Safari/604.1";

    static final String CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like"
            + " Gecko) Chrome/125.0.0.0 Mobile Safari/537.36";
    static final String EDGE_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like"
            + " Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.2535.51";
    static final String CHROME_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/125.0.0.0 Safari/537.36";

    private final Enrichment none = new Enrichment(config(List.of(), null));
    private final Enrichment behindProxies = new Enrichment(config(List.of("10.0.0.0/8", "fd00::/8", "192.0.2.1"),
            null));

    @Test
    void browserOsAndDeviceComeFromTheUserAgent() {
        assertThat(none.agent(CHROME_MAC)).isEqualTo(new Enrichment.Agent("Chrome 125", "macOS 10", "Desktop"));
        assertThat(none.agent(SAFARI_IPHONE)).isEqualTo(new Enrichment.Agent("Mobile Safari 17", "iOS 17",
                "Mobile"));
        assertThat(none.agent(FIREFOX_WINDOWS)).isEqualTo(new Enrichment.Agent("Firefox 126", "Windows 10",
                "Desktop"));
        assertThat(none.agent(GOOGLEBOT).device()).isEqualTo("Bot");
        assertThat(none.agent(IPAD).device()).isEqualTo("Tablet");
        assertThat(none.agent("curl/8.5.0").browser()).isEqualTo("curl 8");
        assertThat(none.agent("something unknown")).isEqualTo(new Enrichment.Agent(null, null, null));
        assertThat(none.agent(null)).isEqualTo(new Enrichment.Agent(null, null, null));
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() {
        assertThat(none.clientIp("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
        assertThat(behindProxies.clientIp("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
        assertThat(behindProxies.clientIp("10.1.2.3", "198.51.100.1, 10.0.0.5")).isEqualTo("198.51.100.1");
        // The left-most entry is whatever the client claimed: the nearest untrusted hop wins.
        assertThat(behindProxies.clientIp("10.1.2.3", "1.1.1.1, 198.51.100.1, 192.0.2.1"))
                .isEqualTo("198.51.100.1");
        assertThat(behindProxies.clientIp("fd00::1", "2001:db8::7")).isEqualTo("2001:db8::7");
        assertThat(behindProxies.clientIp("10.1.2.3", "evil.example.com")).isEqualTo("10.1.2.3");
        assertThat(behindProxies.clientIp("10.1.2.3", "10.0.0.4")).isEqualTo("10.1.2.3");
        assertThat(behindProxies.clientIp("10.1.2.3", null)).isEqualTo("10.1.2.3");
    }

    @Test
    void theCountryComesFromAMaxMindFormatDatabase(@TempDir Path dir) throws IOException {
        Path database = dir.resolve("countries.mmdb");
        Files.write(database, new TinyMmdb().country("203.0.113.0/24", "DE").country("198.51.100.0/25", "US")
                .country("100.64.0.0/10", "FR").build());
        Enrichment geo = new Enrichment(config(List.of(), database.toString()));

        assertThat(geo.country("203.0.113.7")).isEqualTo("DE");
        assertThat(geo.country("198.51.100.127")).isEqualTo("US");
        assertThat(geo.country("198.51.100.128")).isNull();
        assertThat(geo.country("100.127.255.254")).isEqualTo("FR");
        assertThat(geo.country("8.8.8.8")).isNull();
        assertThat(geo.country("not an address")).isNull();
        assertThat(geo.country(null)).isNull();
        assertThat(none.country("203.0.113.7")).isNull();
    }

    @Test
    void webAnalyticsReadsFamiliesAndThreeDeviceKinds() {
        assertThat(none.webAgent(CHROME_MAC)).isEqualTo(new Enrichment.WebAgent("Chrome", "macOS", "desktop", false));
        assertThat(none.webAgent(SAFARI_IPHONE)).isEqualTo(new Enrichment.WebAgent("Safari", "iOS", "mobile", false));
        assertThat(none.webAgent(FIREFOX_WINDOWS))
                .isEqualTo(new Enrichment.WebAgent("Firefox", "Windows", "desktop", false));
        assertThat(none.webAgent(IPAD)).isEqualTo(new Enrichment.WebAgent("Safari", "iOS", "tablet", false));
        assertThat(none.webAgent(CHROME_ANDROID))
                .isEqualTo(new Enrichment.WebAgent("Chrome", "Android", "mobile", false));
        assertThat(none.webAgent(EDGE_WINDOWS).browser()).isEqualTo("Edge");
        assertThat(none.webAgent(CHROME_LINUX)).isEqualTo(new Enrichment.WebAgent("Chrome", "Linux", "desktop",
                false));
        // The general reading of the same agent is unchanged.
        assertThat(none.agent(CHROME_MAC)).isEqualTo(new Enrichment.Agent("Chrome 125", "macOS 10", "Desktop"));
    }

    @Test
    void crawlersHttpLibrariesAndHeadlessBrowsersAreBots() {
        for (String bot : List.of(GOOGLEBOT, CHROME_MAC.replace("Chrome/", "HeadlessChrome/"), "curl/8.5.0",
                "python-requests/2.31.0", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
                "facebookexternalhit/1.1", "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
                "Go-http-client/1.1", "", " ")) {
            assertThat(none.webAgent(bot).bot()).as(bot).isTrue();
        }
        assertThat(none.webAgent(null).bot()).isTrue();
        for (String browser : List.of(CHROME_MAC, SAFARI_IPHONE, FIREFOX_WINDOWS, IPAD, CHROME_ANDROID, EDGE_WINDOWS,
                CHROME_LINUX)) {
            assertThat(none.webAgent(browser).bot()).as(browser).isFalse();
        }
    }

    /** Debian's geoip-database, which ./eventlane install installs. */
    @Test
    void theCountryComesFromDebiansLegacyGeoIpDatabase() throws IOException {
        Path dat = Path.of("/usr/share/GeoIP/GeoIP.dat");
        assertThat(dat).as("run ./eventlane install (geoip-database)").isReadable();
        Enrichment geo = new Enrichment(config(List.of(), dat.toString()));
        assertThat(geo.country("81.2.69.142")).isEqualTo("GB");
        assertThat(geo.country("8.8.8.8")).isEqualTo("US");
        assertThat(geo.country("193.0.6.139")).isEqualTo("NL");
        assertThat(geo.country("2001:4860:4860::8888")).isEqualTo("US");
        assertThat(geo.country("192.168.1.1")).isNull();
        assertThat(geo.country("10.0.0.1")).isNull();
        assertThat(geo.country("127.0.0.1")).isNull();
        assertThat(geo.country("not an address")).isNull();
        assertThat(geo.country(null)).isNull();
        geo.close();
    }

    private static IngestConfig config(List<String> trustedProxies, String geoipDatabase) {
        return new IngestConfig() {
            @Override
            public String topic() {
                return "events";
            }

            @Override
            public String logsTopic() {
                return "logs";
            }

            @Override
            public Duration ackTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public int maxBodyBytes() {
                return 1 << 20;
            }

            @Override
            public Duration maxFutureSkew() {
                return Duration.ofHours(24);
            }

            @Override
            public Optional<List<String>> trustedProxies() {
                return Optional.of(trustedProxies);
            }

            @Override
            public Optional<String> geoipDatabase() {
                return Optional.ofNullable(geoipDatabase);
            }
        };
    }
}
