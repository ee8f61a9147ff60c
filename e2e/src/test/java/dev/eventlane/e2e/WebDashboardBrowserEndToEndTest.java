package dev.eventlane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NotFoundException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard's web analytics and Logsh screens in a real browser (Debian's headless Chromium), against the three
 * packaged services, with page views, custom events and Logsh events sent through ingest: the KPI cards, top lists,
 * flows, custom events and realtime visitors show the API's figures; clicking values builds the filter as chips; a
 * visitor opens with their sessions; Logsh events show per workspace with icons and notify marks, new ones arriving
 * live; every screen is usable at 390x844 through the menu button. Screenshots go to target/screenshots; axe-core
 * finds no serious or critical violation. The time the web and Logsh screens take to show their data on a page load
 * is printed ({@code screen <name>: data shown in N ms}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedBrowserPipeline.class)
class WebDashboardBrowserEndToEndTest {

    private static final Duration UI = Duration.ofSeconds(30);
    private static final Duration PIPELINE = Duration.ofSeconds(120);
    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Service ingest;
    private static Service query;
    private static Browser browser;
    private static ChromeDriver driver;
    private static Http owner;
    private static String org;
    private static String project;
    private static String slug;
    private static String publicKey;
    private static final String ALICE = ulid();
    private static final String BOB = ulid();
    private static final String CAROL = ulid();

    @BeforeAll
    static void start(Pipeline pipeline) throws IOException {
        ingest = pipeline.ingest();
        query = pipeline.query();

        Http.Reply signup = new Http("none").post(query.url() + "/api/auth/signup",
                "{\"email\":\"web-" + UUID.randomUUID() + "@example.com\",\"password\":\"correct horse battery\"}");
        assertThat(signup.status()).isEqualTo(201);
        owner = new Http(signup.body().get("token").asText());
        org = owner.post(query.url() + "/api/orgs", "{\"name\":\"Web\"}").body().get("id").asText();
        slug = "web-" + UUID.randomUUID().toString().substring(0, 8);
        project = owner.post(query.url() + "/api/orgs/" + org + "/projects",
                "{\"name\":\"Site\",\"slug\":\"" + slug + "\"}").body().get("id").asText();
        Http.Reply issued = owner.post(query.url() + "/api/orgs/" + org + "/projects/" + project + "/keys",
                "{\"type\":\"public\"}");
        assertThat(issued.status()).isEqualTo(201);
        publicKey = issued.body().get("key").asText();
        sendWebTraffic();

        browser = Browser.desktop();
        driver = browser.driver();
        driver.get(query.url() + "/app/");
        browser.js("sessionStorage.setItem('eventlane.jwt', arguments[0]);", owner.key());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    /**
     * Alice (desktop, from a search engine) views /, /pricing, /signup and signs up; Bob (an iPhone) views / and
     * /pricing and signs up; Carol (desktop) views /docs only. The pipeline has them once the API counts 3 sessions
     * and a flow.
     */
    private static void sendWebTraffic() {
        String sa = ulid();
        String sb = ulid();
        String sc = ulid();
        // A new key reaches ingest through Kafka: the first page view is sent again until it is accepted.
        Awaitility.await().atMost(PIPELINE).until(() -> pageviewStatus(ALICE, sa, "/", "https://www.google.com/",
                WebTrackerBrowserEndToEndTest.USER_AGENT) == 202);
        pageview(ALICE, sa, "/pricing", "", WebTrackerBrowserEndToEndTest.USER_AGENT);
        pageview(ALICE, sa, "/signup", "", WebTrackerBrowserEndToEndTest.USER_AGENT);
        custom(ALICE, sa, "/signup", "signup", WebTrackerBrowserEndToEndTest.USER_AGENT);
        pageview(BOB, sb, "/", "", IPHONE);
        pageview(BOB, sb, "/pricing", "", IPHONE);
        custom(BOB, sb, "/pricing", "signup", IPHONE);
        pageview(CAROL, sc, "/docs", "https://news.example.org/", WebTrackerBrowserEndToEndTest.USER_AGENT);
        Awaitility.await().atMost(PIPELINE).until(() -> api("/kpis", "").at("/current/sessions").asInt() == 3
                && api("/kpis", "").at("/current/pageviews").asInt() == 6
                && api("/custom-events", "").at("/items/0/count").asInt() == 2
                && api("/top-flows", "").path("items").size() > 0);
    }

    @Test
    @Order(1)
    void theWebScreenShowsTheApisFigures() throws IOException {
        browser.openScreenTimed("web", screenUrl("web"), "[data-kpi=visitors] .value", UI);
        JsonNode kpis = api("/kpis", "");
        for (String name : List.of("visitors", "pageviews", "sessions")) {
            Awaitility.await().atMost(UI).until(() -> text("[data-kpi=" + name + "] .value"),
                    kpis.at("/current/" + name).asText()::equals);
        }
        assertThat(kpis.at("/current/visitors").asInt()).isEqualTo(3);
        for (String list : List.of("top-pages", "top-referrers", "top-browsers", "top-devices", "top-entry-pages",
                "top-exit-pages")) {
            assertRowsMatch(list, api("/" + list, "").path("items"));
        }
        JsonNode flows = api("/top-flows", "&depth=3").path("items");
        assertThat(flowRows()).as("flows of depth 3").isEqualTo(flowTexts(flows));
        click("select[name=depth] option[value='2']");
        List<String> depth2 = flowTexts(api("/top-flows", "&depth=2").path("items"));
        Awaitility.await().atMost(UI).until(WebDashboardBrowserEndToEndTest::flowRows, depth2::equals);
        assertThat(depth2).contains("/ → /pricing 2");

        WebElement signup = shown(By.cssSelector("[data-section=custom-events] tbody tr"));
        JsonNode custom = api("/custom-events", "").at("/items/0");
        assertThat(signup.findElements(By.tagName("td")).get(0).getText()).startsWith(custom.get("name").asText());
        assertThat(signup.findElements(By.tagName("td")).get(1).getText()).isEqualTo(custom.get("count").asText());
        shown(By.cssSelector("[data-section=custom-events] .spark .uplot canvas"));
        Set<String> recent = new HashSet<>();
        api("/recent-events", "").path("items").forEach(e -> recent.add(e.get("visitor_id").asText()));
        assertThat(recent).containsExactlyInAnyOrder(ALICE, BOB, CAROL);
        Awaitility.await().atMost(UI).until(() -> attribute(By.cssSelector("[data-realtime-visitors]"),
                "data-realtime-visitors"), "3"::equals);
        shot("web-1-overview");
        browser.axe("web");
    }

    @Test
    @Order(2)
    void clickingValuesBuildsTheFilterAsRemovableChips() throws IOException {
        open("web");
        shown(By.cssSelector("[data-top=top-pages] a[data-filter='path:/docs']"));
        click("[data-top=top-pages] button[aria-label='Exclude path /docs']");
        awaitFilter("!path:/docs");
        click("[data-top=top-devices] a[data-filter='device:mobile']");
        awaitFilter("!path:/docs device:mobile");
        assertVisitorsMatchTheApi("!path:/docs device:mobile", 1);
        shot("web-2-filtered");
        click("[data-term='!path:/docs'] button");
        awaitFilter("device:mobile");
        click("[data-term='device:mobile'] button");
        awaitFilter("");
        click("[data-top=top-pages] a[data-filter='path:/signup']");
        awaitFilter("path:/signup");
        // The entry page of the session that reached /signup adds a second value to the path term: an "or".
        click("[data-top=top-entry-pages] a[data-filter='path:/']");
        awaitFilter("path:/signup|/");
        assertVisitorsMatchTheApi("path:/signup|/", 2);
        assertThat(driver.findElements(By.cssSelector(".chips li"))).hasSize(1);
        browser.axe("web-filtered");
    }

    @Test
    @Order(3)
    void aVisitorOpensWithTheirSessions() throws IOException {
        open("web");
        click("[data-section=visitors] a[data-visitor='" + ALICE + "']");
        shown(By.cssSelector("[data-session]"));
        JsonNode visitor = owner.get(webUrl("/visitor/" + ALICE, "")).body();
        JsonNode sessions = owner.get(webUrl("/visitor/" + ALICE + "/sessions", "")).body().path("sessions");
        assertThat(visitor.get("pageviews").asInt()).isEqualTo(3);
        assertThat(text("[data-visitor-field='Page views'] .value")).isEqualTo(visitor.get("pageviews").asText());
        assertThat(text("[data-visitor-field='Events'] .value")).isEqualTo(visitor.get("events").asText());
        assertThat(text("[data-visitor-field='Sessions'] .value")).isEqualTo(visitor.get("sessions").asText());
        assertThat(driver.findElements(By.cssSelector("[data-session]"))).hasSize(sessions.size());
        assertThat(driver.findElements(By.cssSelector("[data-session] tbody tr")))
                .hasSize(sessions.at("/0/events").size());
        shot("web-3-visitor");
        browser.axe("visitor");
    }

    @Test
    @Order(4)
    void logshWorkspacesShowTheirEventsWithIconsAndNotifyMarks() throws IOException {
        logsh("billing", "payment.failed", "Card declined for order 1042", "💳", true);
        logsh("billing", "invoice.sent", "Invoice 1042 sent", "🧾", false);
        logsh("signups", "user.signup", "A new user signed up", "👤", false);
        String workspaces = "from:events source:logsh count by $workspace last 1d";
        Awaitility.await().atMost(PIPELINE).until(() -> gql(workspaces).at("/data/results").size() == 2);

        browser.openScreenTimed("logsh", screenUrl("logsh"), ".logsh li[data-event-id]", UI);
        shown(By.cssSelector("a[data-workspace=billing][aria-current=page]"));
        Awaitility.await().atMost(UI).until(() -> driver.findElements(By.cssSelector(".logsh li[data-event-id]")).size() == 2);
        List<WebElement> notified = driver.findElements(By.cssSelector(".logsh li[data-notify=true]"));
        assertThat(notified).hasSize(1);
        assertThat(notified.get(0).getText()).contains("payment.failed").contains("notified").contains("💳")
                .contains("Card declined for order 1042");
        assertThat(driver.findElements(By.cssSelector(".logsh .icon")).stream().map(WebElement::getText).toList())
                .containsExactlyInAnyOrder("💳", "🧾");
        shot("logsh-1-billing");
        browser.axe("logsh");

        click("a[data-workspace=signups]");
        shown(By.cssSelector("a[data-workspace=signups][aria-current=page]"));
        Awaitility.await().atMost(UI).until(() -> driver.findElements(By.cssSelector(".logsh li[data-event-id]")).size() == 1);
        shown(By.cssSelector("[data-state=live]"));
        logsh("signups", "user.signup", "Another user signed up", "🎉", true);
        Awaitility.await().atMost(UI).until(() -> driver.findElements(By.cssSelector(".logsh li[data-event-id]")).size() == 2);
        assertThat(text(".logsh li:first-child")).contains("Another user signed up").contains("🎉").contains("notified");
        shot("logsh-2-live");
    }

    @Test
    @Order(5)
    void everyScreenIsUsableOnAPhoneThroughTheMenu() throws IOException {
        browser.resize(Browser.PHONE);
        for (String screen : List.of("account", "live", "funnels", "web", "explorer", "logsh", "web/visitor/" + ALICE)) {
            open(screen);
            shown(By.cssSelector("#view h1"));
            if (screen.equals("web")) {
                shown(By.cssSelector("[data-section=flows] tbody tr"));
            }
            Number overflow = (Number) browser.js("return document.documentElement.scrollWidth - window.innerWidth;");
            assertThat(overflow.intValue()).as("horizontal overflow of %s on a phone", screen).isLessThanOrEqualTo(0);
            shot("phone-" + screen.replace('/', '-'));
        }
        open("logsh");
        browser.axe("logsh-phone");
        assertThat(driver.findElement(By.id("nav")).isDisplayed()).as("navigation folded on a phone").isFalse();
        click("#menu");
        assertThat(driver.findElement(By.id("menu")).getAttribute("aria-expanded")).isEqualTo("true");
        shown(By.linkText("Web analytics"));
        shot("phone-menu");
        driver.findElement(By.linkText("Web analytics")).click();
        shown(By.cssSelector("[data-kpi=visitors]"));
        assertThat(driver.findElement(By.id("nav")).isDisplayed()).as("menu closed after navigating").isFalse();
        browser.axe("web-phone");
        assertThat(browser.axeProblems()).as("serious or critical axe-core violations").isEmpty();
    }

    private static void assertRowsMatch(String list, JsonNode items) {
        List<WebElement> rows = driver.findElements(By.cssSelector("[data-top=" + list + "] tbody tr"));
        assertThat(rows).as(list).hasSize(items.size());
        for (int i = 0; i < items.size(); i++) {
            List<WebElement> cells = rows.get(i).findElements(By.tagName("td"));
            JsonNode item = items.get(i);
            String value = item.elements().next().asText();
            assertThat(cells.get(0).getText()).as(list).startsWith(value.isEmpty() ? "(unknown)" : value);
            assertThat(cells.get(1).getText()).as(list + " " + value).isEqualTo(item.get("count").asText());
        }
    }

    private static List<String> flowRows() {
        return driver.findElements(By.cssSelector("[data-section=flows] tbody tr")).stream()
                .map(row -> String.join(" → ", row.findElements(By.cssSelector("a.filter")).stream()
                        .map(WebElement::getText).toList()) + " " + row.findElements(By.tagName("td")).get(1).getText())
                .toList();
    }

    private static List<String> flowTexts(JsonNode items) {
        List<String> texts = new ArrayList<>();
        for (JsonNode flow : items) {
            List<String> steps = new ArrayList<>();
            flow.get("steps").forEach(step -> steps.add(step.asText()));
            texts.add(String.join(" → ", steps) + " " + flow.get("count").asText());
        }
        return texts;
    }

    private static void awaitFilter(String filter) {
        Awaitility.await().atMost(UI).until(() -> attribute(By.name("filter"), "value"), filter::equals);
    }

    private static void assertVisitorsMatchTheApi(String filter, int expected) {
        String visitors = api("/kpis", "&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8))
                .at("/current/visitors").asText();
        assertThat(visitors).isEqualTo(String.valueOf(expected));
        Awaitility.await().atMost(UI).until(() -> text("[data-kpi=visitors] .value"), visitors::equals);
        for (String term : filter.split(" ")) {
            shown(By.cssSelector("[data-term='" + term + "']"));
        }
    }

    private static JsonNode api(String path, String params) {
        Http.Reply reply = owner.get(webUrl(path, params));
        assertThat(reply.status()).as(path + " " + reply.body()).isEqualTo(200);
        return reply.body();
    }

    private static String webUrl(String path, String params) {
        return query.url() + "/api/web-events/" + slug + path + "?range=24h" + params;
    }

    private static JsonNode gql(String q) {
        return owner.get(query.url() + "/api/orgs/" + org + "/projects/" + project + "/gql?q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8)).body();
    }

    private static void pageview(String visitor, String session, String path, String referrer, String agent) {
        assertThat(pageviewStatus(visitor, session, path, referrer, agent)).isEqualTo(202);
    }

    private static int pageviewStatus(String visitor, String session, String path, String referrer, String agent) {
        return collect(agent, "{\"key\":\"%s\",\"type\":\"pageview\",\"url\":\"https://site.example.com%s\",\"path\":\"%s\","
                .formatted(publicKey, path, path)
                + "\"referrer\":\"%s\",\"visitor_id\":\"%s\",\"session_id\":\"%s\"}".formatted(referrer, visitor, session));
    }

    private static void custom(String visitor, String session, String path, String name, String agent) {
        assertThat(collect(agent, "{\"key\":\"%s\",\"type\":\"custom\",\"name\":\"%s\",\"url\":\"https://site.example.com%s\","
                .formatted(publicKey, name, path)
                + "\"visitor_id\":\"%s\",\"session_id\":\"%s\",\"props\":{\"plan\":\"pro\"}}".formatted(visitor, session))).isEqualTo(202);
    }

    /** Posts as a browser would (the collection drops HTTP libraries as bots); the status. */
    private static int collect(String agent, String body) {
        try {
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(ingest.url() + "/collect")).header("Content-Type", "text/plain;charset=UTF-8")
                    .header("User-Agent", agent).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(reply.body()).isIn(202, 401);
            return reply.statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void logsh(String workspace, String event, String description, String icon, boolean notify) {
        Http.Reply reply = new Http(publicKey).post(ingest.url() + "/api/event", """
                {"workspace":"%s","event":"%s","description":"%s","icon":"%s","notify":%s,"metadata":{"order":1042}}"""
                .formatted(workspace, event, description, icon, notify));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(200);
    }

    private static String ulid() {
        StringBuilder id = new StringBuilder("01JEVQ3Z6X");
        for (int i = 0; i < 16; i++) {
            id.append(CROCKFORD.charAt(RANDOM.nextInt(CROCKFORD.length())));
        }
        return id.toString();
    }

    private static void open(String screen) {
        browser.openScreen(screenUrl(screen), UI);
    }

    private static String screenUrl(String screen) {
        return query.url() + "/app/#/p/" + org + "/" + project + "/" + screen;
    }

    /** Clicks the element once it is shown; again if the screen replaced it between finding and clicking. */
    private static void click(String css) {
        Awaitility.await().atMost(UI).ignoreExceptionsInstanceOf(StaleElementReferenceException.class).until(() -> {
            shown(By.cssSelector(css)).click();
            return true;
        });
    }

    /** The element's text, or empty while the screen has not drawn it yet or is drawing it again. */
    private static String text(String css) {
        return attribute(By.cssSelector(css), null);
    }

    /** The element's attribute (its text for null), or empty while the screen has not drawn it or is redrawing it. */
    private static String attribute(By by, String name) {
        try {
            WebElement element = driver.findElement(by);
            return name == null ? element.getText() : element.getAttribute(name);
        } catch (NotFoundException | StaleElementReferenceException e) {
            return "";
        }
    }

    private static WebElement shown(By by) {
        return browser.shown(by, UI);
    }

    private static void shot(String name) throws IOException {
        browser.shot("web-dashboard-" + name);
    }
}
