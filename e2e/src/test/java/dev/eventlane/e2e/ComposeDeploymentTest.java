package dev.eventlane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * docker-compose.yml run for real: deploy/build-images builds every image here (podman, no registry), podman-compose
 * brings the file up with deploy/compose.local.yml, events go in and come back out through the front door (port
 * 8000), and the stream-processors container is killed (SIGKILL, as a crash) and must come back by its restart
 * policy with no event lost or doubled. Long (a first image build takes many minutes), so it runs only with
 * {@code -Deventlane.deploy=true}; needs root (podman, apt).
 */
@EnabledIfSystemProperty(named = "eventlane.deploy", matches = "true")
class ComposeDeploymentTest {

    private static final Path REPO = Service.repo();
    private static final String PROJECT = "eventlane-deploy-test";
    private static final String FRONT_DOOR = "http://127.0.0.1:8000";
    private static final Path LOGS = REPO.resolve("e2e/target/deploy");
    private static final int PER_BATCH = 100;

    private static final String KEY = "ll_" + random(48);
    private static final Map<String, String> ENV = Map.of(
            "EVENTLANE_API_KEY", KEY,
            "EVENTLANE_POSTGRES_PASSWORD", random(24),
            "EVENTLANE_OPERATOR_EMAIL", "operator@eventlane.test",
            "EVENTLANE_OPERATOR_PASSWORD", random(24));

    private static final Http HTTP = new Http(KEY);

    @BeforeAll
    static void buildAndBringUp() throws Exception {
        Files.createDirectories(LOGS);
        long started = System.nanoTime();
        run(Duration.ofMinutes(60), "build-images", REPO.resolve("deploy/build-images").toString());
        long built = System.nanoTime();
        compose(Duration.ofMinutes(2), "down-before", "down", "-v");
        // podman-compose creates the containers but does not wait for depends_on's service_healthy, and podman runs
        // no health checks without systemd: the test starts them in the file's order, each group once the one it
        // depends on is healthy, as Docker does.
        compose(Duration.ofMinutes(10), "up", "up", "--no-start");
        startWhenHealthy(List.of("kafka", "clickhouse", "postgres"), List.of());
        startWhenHealthy(List.of("ingest-api", "stream-processors", "query-api"),
                List.of("kafka", "clickhouse", "postgres"));
        startWhenHealthy(List.of("proxy"), List.of("ingest-api", "query-api"));
        // Up: the front door answers a read (query-api, behind it ClickHouse); writes are retried until accepted.
        Awaitility.await("the front door answers").atMost(Duration.ofMinutes(8))
                .pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> HTTP.get(FRONT_DOOR + "/events?limit=1").status() == 200);
        long up = System.nanoTime();
        System.out.printf("deploy: images built in %d s, stack up in %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(built - started), TimeUnit.NANOSECONDS.toSeconds(up - built));
    }

    @AfterAll
    static void takeDown() throws Exception {
        compose(Duration.ofMinutes(5), "logs", "logs");
        compose(Duration.ofMinutes(3), "down", "down", "-v");
    }

    @Test
    void eventsSentThroughTheFrontDoorSurviveAStreamProcessorsCrashExactlyOnce() throws Exception {
        String funnel = "deploy-" + UUID.randomUUID().toString().substring(0, 8);
        int batches = 10;

        // Before the crash: everything sent is read back.
        for (int b = 0; b < batches / 2; b++) {
            postUntilAccepted(funnel, b);
        }
        awaitCount(funnel, batches / 2 * PER_BATCH, Duration.ofMinutes(3));

        // The crash: SIGKILL to the service (PID 1 of its container), while the rest of the events are sent; ingest
        // keeps accepting them into Kafka.
        String container = container("stream-processors");
        int restartsBefore = restartCount(container);
        long pid = Long.parseLong(podman("inspect", "-f", "{{.State.Pid}}", container).strip());
        assertThat(pid).isPositive();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        for (int b = batches / 2; b < batches; b++) {
            postUntilAccepted(funnel, b);
        }

        // Its restart policy brings it back, and it goes on from where it stood: each event once.
        Awaitility.await("stream-processors restarted").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> restartCount(container) > restartsBefore
                        && podman("inspect", "-f", "{{.State.Running}}", container).strip().equals("true"));
        int total = batches * PER_BATCH;
        awaitCount(funnel, total, Duration.ofMinutes(5));
        assertThat(clickhouse("SELECT count(), uniqExact(event_id) FROM eventlane.events WHERE funnel = '"
                + funnel + "'")).isEqualTo(total + "\t" + total);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /** Starts the services once every one of {@code after} passes its health check. */
    private static void startWhenHealthy(List<String> services, List<String> after) throws Exception {
        for (String service : after) {
            Awaitility.await(service + " healthy").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(3))
                    .ignoreExceptions().until(() -> podmanExit("healthcheck", "run", container(service)) == 0);
        }
        for (String service : services) {
            podman("start", container(service));
        }
    }

    private static String container(String service) {
        return PROJECT + "_" + service + "_1";
    }

    private static int podmanExit(String... args) throws Exception {
        Process process = new ProcessBuilder(concat(List.of("podman", "--runtime", "runc"), args))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    /** Posts one batch of distinct events through the front door, retrying on failure like an SDK would. */
    private static void postUntilAccepted(String funnel, int batch) {
        String events = IntStream.range(0, PER_BATCH).mapToObj(i -> "{\"action\":\"step" + (i % 5)
                        + "\",\"user_id\":\"u" + (batch * PER_BATCH + i) % 97 + "\",\"funnel\":\"" + funnel
                        + "\",\"event_id\":\"" + funnel + "-" + batch + "-" + i + "\"}")
                .collect(Collectors.joining(",", "{\"events\":[", "]}"));
        Awaitility.await("batch " + batch + " accepted").atMost(Duration.ofMinutes(2)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> HTTP.post(FRONT_DOOR + "/ingest/batch", events).status() == 200);
    }

    /** Waits for query-api to give {@code expected} events of the funnel; then there must be exactly that many. */
    private static void awaitCount(String funnel, int expected, Duration within) {
        Awaitility.await(expected + " events of " + funnel).atMost(within).pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions().until(() -> eventIds(funnel).size() >= expected);
        assertThat(eventIds(funnel)).hasSize(expected);
    }

    /** Every event id of the funnel, paged through the front door; a repeated id fails. */
    private static Set<String> eventIds(String funnel) {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            Http.Reply reply = HTTP.get(FRONT_DOOR + "/events?limit=1000&funnel=" + funnel
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertThat(reply.status()).as("GET /events: %s", reply.body()).isEqualTo(200);
            JsonNode page = reply.body();
            page.get("events").forEach(e -> assertThat(ids.add(e.get("event_id").asText())).isTrue());
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        return ids;
    }

    /** A query run by ClickHouse itself, inside its container (its port is not published). */
    private static String clickhouse(String sql) throws Exception {
        return podman("exec", container("clickhouse"), "wget", "-qO-",
                "--post-data=" + sql, "http://localhost:8123/").strip();
    }

    private static int restartCount(String container) throws Exception {
        return Integer.parseInt(podman("inspect", "-f", "{{.RestartCount}}", container).strip());
    }

    private static String podman(String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(concat(List.of("podman", "--runtime", "runc"), args))
                .redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("podman %s: %s", String.join(" ", args), output).isZero();
        return output;
    }

    private static void compose(Duration within, String log, String... args) throws Exception {
        run(within, "compose-" + log, concat(List.of("podman-compose", "-p", PROJECT, "-f",
                REPO.resolve("docker-compose.yml").toString(), "-f",
                REPO.resolve("deploy/compose.local.yml").toString()), args).toArray(String[]::new));
    }

    /** Runs a command from the repository with the stack's settings, output in e2e/target/deploy/LOG.log. */
    private static void run(Duration within, String log, String... command) throws IOException, InterruptedException {
        Path output = LOGS.resolve(log + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(ENV);
        Process process = builder.start();
        if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + within + "; see "
                    + output);
        }
        assertThat(process.exitValue()).as("%s exited %d; see %s", String.join(" ", command), process.exitValue(),
                output).isZero();
    }

    private static List<String> concat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
    }

    private static String random(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        return IntStream.range(0, length).mapToObj(i -> String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))))
                .collect(Collectors.joining());
    }
}
