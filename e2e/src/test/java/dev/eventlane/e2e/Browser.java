package dev.eventlane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver ({@code ./eventlane install}; nothing is downloaded),
 * with what the browser tests do with it: wait for an element to be shown, screenshot under target/screenshots, run
 * axe-core from {@code .eventlane/npm} and collect its serious and critical violations, and time, in the page
 * itself, when a screen's data is shown.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);
    static final Path SHOTS = Service.repo().resolve("e2e/target/screenshots");
    static final Path AXE = Service.repo().resolve(".eventlane/npm/node_modules/axe-core/axe.min.js");

    /**
     * Records in {@code window.__e2eShown} the time (from {@code arguments[1]}, a clock expression) at which an
     * element matching {@code arguments[0]} (XPath when it starts with '/', CSS otherwise) is first laid out in the
     * page: a mutation observer, so the time is the page's and not when a poll from the test noticed it.
     */
    private static final String WATCH = """
            (function (selector, clock) {
              window.__e2eShown = null;
              var find = function () {
                var el = selector.charAt(0) === '/'
                    ? document.evaluate(selector, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue
                    : document.querySelector(selector);
                return el !== null && el.getClientRects().length > 0;
              };
              var check = function () {
                if (window.__e2eShown === null && find()) { window.__e2eShown = clock(); observer.disconnect(); }
              };
              var observer = new MutationObserver(check);
              observer.observe(document, {childList: true, subtree: true, characterData: true, attributes: true});
              check();
            })""";

    private final ChromeDriver driver;
    private final List<String> axeProblems = new ArrayList<>();

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Fails, saying what to run, when the browser or its driver is not installed. */
    static void assertInstalled() {
        assertThat(new File(CHROMIUM).canExecute()).as("run ./eventlane install (chromium)").isTrue();
        assertThat(new File(CHROMEDRIVER).canExecute()).as("run ./eventlane install (chromium-driver)").isTrue();
    }

    /** A browser window of {@link #DESKTOP} size, with axe-core at hand and the screenshots' folder made. */
    static Browser desktop() throws IOException {
        assertInstalled();
        assertThat(AXE).as("axe-core: run ./eventlane install").exists();
        Files.createDirectories(SHOTS);
        return start("--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight());
    }

    /** A browser with Chromium's own window size and {@code arguments} added to the headless ones. */
    static Browser start(String... arguments) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--no-first-run")
                .addArguments(arguments);
        return new Browser(new ChromeDriver(service, options));
    }

    ChromeDriver driver() {
        return driver;
    }

    void resize(Dimension size) {
        driver.manage().window().setSize(size);
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** The first displayed element that {@code by} finds, once there is one. */
    WebElement shown(By by, Duration within) {
        try {
            return Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> driver.findElements(by).stream().filter(WebElement::isDisplayed).findFirst()
                            .orElse(null), Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(by + " not shown within " + within + "; the page says: "
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    /**
     * Loads {@code url} as a new page (a reload when only its fragment changes, as for the dashboard's screens) and
     * waits until the screen's navigation is there (present, not necessarily shown: on a phone it is folded behind
     * the menu button).
     */
    void openScreen(String url, Duration within) {
        driver.get(url);
        driver.navigate().refresh();
        Awaitility.await().atMost(within)
                .until(() -> !driver.findElements(By.cssSelector("#nav a[aria-current=page]")).isEmpty());
    }

    /**
     * {@link #openScreen} that also times the screen: the milliseconds from the start of the page load to the
     * moment {@code data} (XPath or CSS) is first laid out, as the page measured them, printed as
     * {@code screen <name>: data shown in N ms} so that CI logs record them.
     */
    long openScreenTimed(String name, String url, String data, Duration within) {
        String script = WATCH + "(" + quoted(data) + ", function () { return performance.now(); });";
        Map<String, Object> added = driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", script));
        try {
            openScreen(url, within);
            long shown = awaitShown(within);
            long interactive = ((Number) js("return Math.round(performance.getEntriesByType('navigation')[0]"
                    + ".domInteractive);")).longValue();
            System.out.printf("screen %s: data shown in %d ms (DOM interactive after %d ms)%n", name, shown,
                    interactive);
            return shown;
        } finally {
            driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
                    Map.of("identifier", added.get("identifier")));
        }
    }

    /**
     * Starts recording, in the current page, the wall-clock time ({@code Date.now()}, the clock of this machine that
     * {@link System#currentTimeMillis()} reads too) at which an element matching {@code selector} is first laid out;
     * {@link #awaitShown} returns it.
     */
    void watchFor(String selector) {
        js(WATCH + "(arguments[0], Date.now);", selector);
    }

    /** What {@link #watchFor} or {@link #openScreenTimed} recorded, once the page has recorded it. */
    long awaitShown(Duration within) {
        Number shown = Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(20))
                .until(() -> (Number) js("return window.__e2eShown === undefined ? null : window.__e2eShown;"),
                        Objects::nonNull);
        return Math.round(shown.doubleValue());
    }

    /** A screenshot of the window as {@code target/screenshots/<name>.png}. */
    void shot(String name) throws IOException {
        File file = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Runs axe-core in the page; serious and critical violations are collected ({@link #axeProblems}). */
    @SuppressWarnings("unchecked")
    void axe(String screen) throws IOException {
        js(Files.readString(AXE));
        List<Map<String, Object>> violations = (List<Map<String, Object>>) driver
                .executeAsyncScript("var done = arguments[arguments.length - 1];"
                        + " axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v =>"
                        + " ({id: v.id, impact: v.impact, nodes: v.nodes.length, target: String(v.nodes[0].target)}))));");
        for (Map<String, Object> v : violations) {
            System.out.printf("axe %s: %s%n", screen, v);
            if ("serious".equals(v.get("impact")) || "critical".equals(v.get("impact"))) {
                axeProblems.add(screen + ": " + v);
            }
        }
    }

    /** The serious and critical axe-core violations found so far. */
    List<String> axeProblems() {
        return axeProblems;
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static String quoted(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
