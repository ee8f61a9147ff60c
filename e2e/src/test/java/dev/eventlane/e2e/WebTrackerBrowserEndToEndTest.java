package dev.eventlane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import dev.eventlane.testkit.Stack;

/**
 * The web tracker in a real browser: Debian's headless Chromium (through its chromedriver; nothing is downloaded)
 * loads a page served here that includes {@code /loguro.js} from a packaged ingest-api, navigates twice as a
 * single-page app does, sends a custom event and reloads; the events then come back through query-api's
 * {@code GET /events}, deduplicated and stored by the whole pipeline.
 */
class WebTrackerBrowserEndToEndTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** Headless Chromium says "HeadlessChrome", which the collection drops as a bot; a desktop Chrome it is here. */
    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/156.0.0.0 Safari/537.36";

    private static Service ingest;
    private static Service streams;
    private static Service query;
    private static HttpServer site;
    private static IssuedKey project;
    private static String publicKey;

    @BeforeAll
    static void start() throws IOException {
        assertThat(new File(CHROMIUM).canExecute()).as("run ./eventlane install (chromium)").isTrue();
        assertThat(new File(CHROMEDRIVER).canExecute()).as("run ./eventlane install (chromium-driver)").isTrue();
        Stack stack = Stack.get();
        stack.kafka().createTopics(6, "events", "events-unique");
        Path logs = Service.repo().resolve("e2e/target/service-logs/web-tracker");
        Files.createDirectories(logs);
        Map<String, String> kafka = Map.of("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
        Map<String, String> streamsConfig = new HashMap<>(kafka);
        streamsConfig.put("eventlane.clickhouse.url", stack.clickHouse().httpUrl());
        streamsConfig.put("eventlane.clickhouse.database", "eventlane");
        streamsConfig.put("kafka-streams.state.dir", Files.createTempDirectory(logs, "streams-state-").toString());
        streams = new Service("stream-processors", streamsConfig, logs).start();
        ingest = new Service("ingest-api", kafka, logs).start();
        query = new Service("query-api", stack.config(), logs).start();

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
        for (Service service : new Service[] {ingest, query, streams}) {
            if (service != null) {
                service.stop();
            }
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
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, String page) throws IOException {
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static ChromeDriver browser() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--no-first-run", "--user-agent=" + USER_AGENT);
        return new ChromeDriver(service, options);
    }

    @Test
    void loadTwoSpaNavigationsACustomEventAndAReloadAreReadBack() {
        String origin = "http://localhost:" + site.getAddress().getPort();
        String visitor;
        String session;
        ChromeDriver chrome = browser();
        try {
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
        } finally {
            chrome.quit();
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
}
