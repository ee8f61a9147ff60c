package dev.eventlane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web tracker in a real browser: Debian's headless Chromium (through its chromedriver; nothing is downloaded)
 * loads a page served here that includes {@code /loguro.js} from a packaged ingest-api, navigates twice as a
 * single-page app does, sends a custom event and reloads; the events then come back through query-api's
 * {@code GET /events}, deduplicated and stored by the whole pipeline.
 */
@ExtendWith(SharedBrowserPipeline.class)
class WebTrackerBrowserEndToEndTest {

    /** Headless Chromium says "HeadlessChrome", which the collection drops as a bot; a desktop Chrome it is here. */
    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/156.0.0.0 Safari/537.36";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Service ingest;
    private static Service query;
    private static HttpServer site;
    private static IssuedKey project;
    private static String publicKey;

    @BeforeAll
    static void start(Pipeline pipeline) throws IOException {
        Browser.assertInstalled();
        ingest = pipeline.ingest();
        query = pipeline.query();

        project = IssuedKey.create(query.url(), "brother");
        Http.Reply issued = project.owner().post(query.url() + project.keysPath(), "{\"type\":\"public\"}");
        assertThat(issued.status()).isEqualTo(201);
        publicKey = issued.body().get("key").asText();
        site = startSite();
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.stop(0);
        }
    }

    /**
     * A single-page app on its own origin ({@code localhost}, while ingest-api is {@code 127.0.0.1}): every path
     * answers the same page, with the documented stub that queues {@code track} calls made before the tracker loads.
     */
    private static HttpServer startSite() throws IOException {
        String page = """
                <!doctype html>
                <html><head><title>shop</title>
                <script>window.Loguro=window.Loguro||{q:[],track:function(){this.q.push(arguments)}};</script>
                <script defer src="%s/loguro.js" data-key="%s"></script>
                </head><body><h1>shop</h1></body></html>
                """.formatted(ingest.url(), publicKey);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> answer(exchange, page));
        String origin = "http://localhost:" + server.getAddress().getPort();
        server.createContext("/rec/", exchange -> answer(exchange, recordedPage(origin + "/collect", "")));
        server.createContext("/dnt/", exchange -> answer(exchange, recordedPage(origin + "/collect",
                "Object.defineProperty(navigator, 'doNotTrack', {value: '1'});")));
        // Nothing listens on port 9 (discard) of the test machine: Eventlane is "down" for this page.
        server.createContext("/down/", exchange -> answer(exchange, recordedPage("http://127.0.0.1:9/collect", "")));
        server.createContext("/collect", exchange -> {
            collected.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** What the tracker sent to the site's own recording {@code /collect}. */
    private static final Queue<String> collected = new ConcurrentLinkedQueue<>();

    /**
     * A page whose tracker posts to {@code api}, with a {@code track} call queued before it loads, every page error
     * recorded, and a script after the tracker's that must still run.
     */
    private static String recordedPage(String api, String before) {
        return """
                <!doctype html>
                <html><head><title>recorded</title>
                <script>window.errors=[];
                addEventListener('error', function (e) { errors.push(String(e.message)); });
                addEventListener('unhandledrejection', function (e) { errors.push(String(e.reason)); });
                %s
                window.Loguro=window.Loguro||{q:[],track:function(){this.q.push(arguments)}};
                Loguro.track('early', {queued: true});</script>
                <script defer src="%s/loguro.js" data-key="%s" data-api="%s" data-respect-dnt></script>
                <script defer>window.after = 1;</script>
                </head><body>recorded</body></html>
                """.formatted(before, ingest.url(), publicKey, api);
    }

    private static void answer(HttpExchange exchange, String page) throws IOException {
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static Browser browser() {
        return Browser.start("--user-agent=" + USER_AGENT);
    }

    @Test
    void loadTwoSpaNavigationsACustomEventAndAReloadAreReadBack() {
        String origin = "http://localhost:" + site.getAddress().getPort();
        String visitor;
        String session;
        try (Browser browser = browser()) {
            ChromeDriver chrome = browser.driver();
            JavascriptExecutor js = chrome;
            chrome.get(origin + "/landing?utm_source=e2e&utm_campaign=browser");
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> js.executeScript("return window.Loguro && window.Loguro.loaded") != null);
            js.executeScript("history.pushState({}, '', '/pricing')");
            js.executeScript("history.pushState({}, '', '/docs')");
            js.executeScript("window.Loguro.track('signup', {plan: 'pro', seats: 3})");
            visitor = (String) js.executeScript("return localStorage.getItem('loguro_vid')");
            session = ((String) js.executeScript("return localStorage.getItem('loguro_sid')")).split("\\.")[0];
            chrome.navigate().refresh();
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> js.executeScript("return window.Loguro && window.Loguro.loaded") != null);
            assertThat(js.executeScript("return localStorage.getItem('loguro_vid')")).isEqualTo(visitor);
            assertThat(js.executeScript("return document.cookie")).isEqualTo("");
        }
        assertThat(visitor).matches("[0-7][0-9A-HJKMNP-TV-Z]{25}");
        assertThat(session).matches("[0-7][0-9A-HJKMNP-TV-Z]{25}").isNotEqualTo(visitor);

        Http reader = new Http(project.key());
        JsonNode events = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> reader.get(query.url() + "/events?user_id=" + visitor).body().get("events"),
                        found -> found != null && found.size() >= 5);
        // Nothing more arrives: what was counted is all there is.
        assertThat(reader.get(query.url() + "/events?user_id=" + visitor).body().get("events").size()).isEqualTo(5);

        List<String> pageviews = new ArrayList<>();
        List<String> custom = new ArrayList<>();
        Set<String> sessions = new HashSet<>();
        for (JsonNode event : events) {
            assertThat(event.get("source").asText()).isEqualTo("web");
            assertThat(event.get("platform").asText()).isEqualTo("web");
            assertThat(event.get("user_id").asText()).isEqualTo(visitor);
            assertThat(event.get("data").get("$visitor_id").asText()).isEqualTo(visitor);
            assertThat(event.get("context").get("browser").asText()).isEqualTo("Chrome");
            assertThat(event.get("context").get("os").asText()).isEqualTo("Linux");
            assertThat(event.get("context").get("device").asText()).isEqualTo("desktop");
            sessions.add(event.get("session_id").asText());
            String type = event.get("data").get("$event_type").asText();
            if (type.equals("pageview")) {
                assertThat(event.get("action").asText()).isEqualTo("pageview");
                assertThat(event.get("data").get("$screen_width").asInt()).isPositive();
                String path = event.get("data").get("$path").asText();
                // UTM parameters are the landing URL's: the SPA's later URLs have none.
                assertThat(event.get("data").path("$utm_source").asText(null))
                        .isEqualTo(path.equals("/landing") ? "e2e" : null);
                pageviews.add(path);
            } else {
                assertThat(type).isEqualTo("custom");
                custom.add(event.get("action").asText() + " " + event.get("data").get("$path").asText() + " "
                        + event.get("data").get("plan").asText() + " " + event.get("data").get("seats").asInt());
            }
        }
        assertThat(pageviews).containsExactlyInAnyOrder("/landing", "/pricing", "/docs", "/docs");
        assertThat(custom).containsExactly("signup /docs pro 3");
        assertThat(sessions).as("the session is kept across the reload").containsExactly(session);
    }

    /**
     * What the tracker itself does, seen at the site's recording endpoint: a call queued before it loaded is sent
     * after the page view, the session rotates after 30 minutes without events, Do-Not-Track is respected when the
     * script asks for it, and an unreachable Eventlane never shows in the page.
     */
    @Test
    void theTrackerQueuesRotatesSessionsRespectsDntAndNeverBreaksThePage() throws Exception {
        String origin = "http://localhost:" + site.getAddress().getPort();
        try (Browser browser = browser()) {
            ChromeDriver chrome = browser.driver();
            JavascriptExecutor js = chrome;
            collected.clear();
            chrome.get(origin + "/rec/first");
            List<JsonNode> sent = new ArrayList<>(awaitCollected(2));
            // Two beacons may arrive in either order.
            sent.sort((a, b) -> b.get("type").asText().compareTo(a.get("type").asText()));
            assertThat(sent.get(0).get("type").asText()).isEqualTo("pageview");
            assertThat(sent.get(0).get("path").asText()).isEqualTo("/rec/first");
            assertThat(sent.get(1).get("type").asText()).isEqualTo("custom");
            assertThat(sent.get(1).get("name").asText()).isEqualTo("early");
            assertThat(sent.get(1).get("props").get("queued").asBoolean()).isTrue();
            String visitor = sent.get(0).get("visitor_id").asText();
            String session = sent.get(0).get("session_id").asText();
            assertThat(sent.get(1).get("session_id").asText()).isEqualTo(session);
            assertThat(sent.get(0).get("key").asText()).isEqualTo(publicKey);

            // 31 minutes of silence: the next event starts a new session of the same visitor.
            js.executeScript("localStorage.setItem('loguro_sid', arguments[0] + '.' + (Date.now() - 31 * 60000));"
                    + "Loguro.track('after_a_break')", session);
            JsonNode later = awaitCollected(3).get(2);
            assertThat(later.get("name").asText()).isEqualTo("after_a_break");
            assertThat(later.get("visitor_id").asText()).isEqualTo(visitor);
            assertThat(later.get("session_id").asText()).isNotEqualTo(session).matches("[0-7][0-9A-HJKMNP-TV-Z]{25}");

            chrome.get(origin + "/dnt/page");
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> js.executeScript("return window.Loguro && window.Loguro.loaded") != null);
            js.executeScript("Loguro.track('not_sent')");
            chrome.get(origin + "/rec/second");
            List<JsonNode> afterDnt = awaitCollected(5);
            assertThat(afterDnt.subList(3, 5)).extracting(body -> body.path("path").asText())
                    .containsOnly("/rec/second");

            chrome.get(origin + "/down/page");
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> js.executeScript("return window.after") != null);
            js.executeScript("Loguro.track('lost'); Loguro.track(); Loguro.track('odd', {a: {b: 1}});"
                    + "history.pushState({}, '', '/down/other')");
            assertThat((List<?>) js.executeScript("return window.errors")).isEmpty();
            assertThat(js.executeScript("return window.Loguro.loaded")).isNotNull();
            chrome.get(origin + "/rec/third");
            List<JsonNode> all = awaitCollected(7);
            assertThat(all.subList(5, 7)).extracting(body -> body.path("path").asText()).containsOnly("/rec/third");
            assertThat(all).extracting(body -> body.path("path").asText())
                    .noneMatch(path -> path.startsWith("/dnt") || path.startsWith("/down"));
        }
    }

    private static List<JsonNode> awaitCollected(int count) throws IOException {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> collected.size() >= count);
        List<JsonNode> bodies = new ArrayList<>();
        for (String body : collected) {
            bodies.add(JSON.readTree(body));
        }
        return bodies;
    }
}
