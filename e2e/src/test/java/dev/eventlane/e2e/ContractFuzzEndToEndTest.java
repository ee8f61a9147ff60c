package dev.eventlane.e2e;

import static dev.eventlane.e2e.Pipeline.INGEST;
import static dev.eventlane.e2e.Pipeline.QUERY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.Ports;

/**
 * The outside contract check: requests generated from the merged OpenAPI contract's schemas, valid and invalid,
 * at least {@value #REQUESTS_PER_OPERATION} per operation, sent through the real front door (nginx on
 * deploy/proxy/local.conf) to ingest-api and query-api running as processes on the testkit's Kafka, ClickHouse and
 * PostgreSQL, each with the credential its surface takes (an API key, a user's JWT, a personal access token) or,
 * for some of the invalid ones, none or a wrong one. Every answer is checked against the contract: no 5xx, no
 * status or body the contract does not declare, no timeout.
 */
class ContractFuzzEndToEndTest {

    static final int REQUESTS_PER_OPERATION = 100;
    static final long SEED = Long.getLong("eventlane.contract.seed", 20261207L);
    /**
     * Left out of random generation: erasure ({@code DELETE /events}) deletes the project's or a user's events and
     * leaves the project answering 503 {@code delete_pending} until the mutation is done. Deleting things by id
     * (keys, tokens, members, webhooks, invitations) is generated with random ids only, so the run's own
     * credentials stay.
     */
    static final Set<String> EXCLUDED = Set.of("DELETE /events");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Pipeline pipeline;
    private static Service ingest;
    private static Service query;
    private static FrontDoor frontDoor;
    private static JsonNode contract;
    private static String org;
    private static String project;
    private static Map<String, String> credentials;

    @BeforeAll
    static void start() throws Exception {
        pipeline = Pipeline.logsIn("contract").topics(Topics.EVENTS, Topics.LOGS).start(QUERY, INGEST);
        ingest = pipeline.ingest();
        query = pipeline.query();
        contract = JSON.readTree(OpenApiContractTest.merged().toFile());
        frontDoor = FrontDoor.start(Files.createTempDirectory(pipeline.logs(), "proxy-"),
                URI.create(ingest.url()).getPort(), URI.create(query.url()).getPort());

        IssuedKey issued = IssuedKey.create(query.url(), "supporter");
        String[] parts = issued.projectPath().split("/");
        org = parts[3];
        project = parts[5];
        Http.Reply pat = issued.owner().post(query.url() + "/api/tokens", "{\"name\":\"contract check\"}");
        assertThat(pat.status()).isEqualTo(201);
        credentials = Map.of("apiKey", issued.key(), "userToken", issued.owner().key(),
                "personalToken", pat.body().path("token").asText());
        // Keys reach ingest-api and query-api through Kafka.
        Awaitility.await("the key is known to both services").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).until(() -> send(HttpRequest.newBuilder(frontDoor.uri("/ingest"))
                        .header("Authorization", "Bearer " + issued.key()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"warm\",\"user_id\":\"u1\"}")))
                        .statusCode() == 200
                        && send(HttpRequest.newBuilder(frontDoor.uri("/events?limit=1"))
                                .header("Authorization", "Bearer " + issued.key()).GET()).statusCode() == 200);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (frontDoor != null) {
            frontDoor.stop();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void frontDoorServesTheContractAndSwaggerUi() throws Exception {
        HttpResponse<String> served = send(HttpRequest.newBuilder(frontDoor.uri("/openapi.json")).GET());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        assertThat(JSON.readTree(served.body())).isEqualTo(contract);

        HttpResponse<String> page = send(HttpRequest.newBuilder(frontDoor.uri("/docs/api/")).GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html"));
        assertThat(page.body()).contains("swagger-ui", "/openapi.json");
    }

    @Test
    void everyOperationAnswersWithinTheContract() throws Exception {
        SchemaValues values = new SchemaValues(contract, SEED);
        ContractCheck check = new ContractCheck(contract);
        List<Probe> probes = new ArrayList<>();
        contract.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String name = op.getKey().toUpperCase() + " " + path.getKey();
            if (!EXCLUDED.contains(name)) {
                for (int i = 0; i < REQUESTS_PER_OPERATION; i++) {
                    probes.add(probe(values, name, path.getKey(), op.getKey(), op.getValue(), i % 2 == 0));
                }
            }
        }));
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger timeouts = new AtomicInteger();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        Map<String, Map<Integer, Integer>> statuses = Collections.synchronizedMap(new TreeMap<>());
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (Probe probe : probes) {
                sent.add(pool.submit(() -> {
                    try {
                        HttpResponse<InputStream> answer = HTTP.send(probe.request(),
                                HttpResponse.BodyHandlers.ofInputStream());
                        String type = answer.headers().firstValue("Content-Type").orElse(null);
                        String body;
                        try (InputStream in = answer.body()) {
                            // an event stream (the live feed) never ends: its status and type are what is checked
                            body = type != null && type.startsWith("text/event-stream") ? ""
                                    : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                        statuses.computeIfAbsent(probe.name(), n -> Collections.synchronizedMap(new TreeMap<>()))
                                .merge(answer.statusCode(), 1, Integer::sum);
                        // 501 NOT_CONFIGURED is the documented answer of a feature the operator has not set up
                        if (answer.statusCode() >= 500 && answer.statusCode() != 501) {
                            serverErrors.incrementAndGet();
                        }
                        check.violation(probe.operation(), answer.statusCode(), type, body)
                                .ifPresent(v -> violations.add(probe + ": " + v));
                    } catch (HttpTimeoutException e) {
                        timeouts.incrementAndGet();
                        violations.add(probe + ": no answer within " + TIMEOUT);
                    }
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.printf("contract check: %d requests, %d operations, %d s, %d server errors, %d violations,"
                + " %d timeouts; statuses per operation: %s%n", probes.size(), statuses.size(), seconds,
                serverErrors.get(), violations.size(), timeouts.get(), statuses);
        assertThat(statuses).hasSizeGreaterThan(40);
        assertThat(violations).as("answers outside the contract (of %d)", probes.size())
                .hasSize(0);
        assertThat(serverErrors.get()).isZero();
        assertThat(timeouts.get()).isZero();
    }

    /** One generated request, named for the report. */
    private record Probe(String name, JsonNode operation, HttpRequest request, boolean valid, String body) {
        @Override
        public String toString() {
            return (valid ? "valid " : "invalid ") + name + " " + request.uri().getRawPath()
                    + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery())
                    + (body == null ? "" : " " + (body.length() > 200 ? body.substring(0, 200) + "..." : body));
        }
    }

    private static Probe probe(SchemaValues values, String name, String template, String method, JsonNode operation,
            boolean valid) {
        int breakWhat = valid ? -1 : values.random().nextInt(3);
        StringBuilder query = new StringBuilder();
        String path = template;
        for (JsonNode parameter : operation.path("parameters")) {
            String in = parameter.path("in").asText();
            String key = parameter.path("name").asText();
            String value = pathValue(key, method) != null && in.equals("path") && breakWhat != 2
                    ? pathValue(key, method) : values.parameter(parameter.path("schema"));
            if (in.equals("path")) {
                path = path.replace("{" + key + "}", encode(value.isEmpty() ? "x" : value));
            } else if (in.equals("query") && (values.random().nextBoolean() || breakWhat == 2)) {
                query.append(query.length() == 0 ? "?" : "&").append(key).append('=').append(encode(value));
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(frontDoor.uri(path + query)).timeout(TIMEOUT);
        String credential = credential(values, operation, breakWhat == 0);
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        String body = null;
        JsonNode schema = operation.at("/requestBody/content/application~1json/schema");
        if (!schema.isMissingNode()) {
            body = breakWhat == 1 ? invalidBody(values, schema) : values.valid(schema).toString();
            request.header("Content-Type", "application/json");
        }
        request.method(method.toUpperCase(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return new Probe(name, operation, request.build(), valid, body);
    }

    /** The run's own org and project where a path names them; other ids (what DELETEs remove) are random. */
    private static String pathValue(String name, String method) {
        return switch (name) {
            case "org" -> org;
            case "project" -> method.equals("delete") ? null : project;
            default -> null;
        };
    }

    /** The credential of one of the operation's schemes; for a broken request, sometimes none or a wrong one. */
    private static String credential(SchemaValues values, JsonNode operation, boolean wrong) {
        JsonNode security = operation.path("security");
        if (wrong) {
            return switch (values.random().nextInt(3)) {
                case 0 -> null;
                case 1 -> "ll_" + "0".repeat(48);
                default -> "pat_wrong";
            };
        }
        if (security.isEmpty()) {
            return null;
        }
        JsonNode chosen = security.get(values.random().nextInt(security.size()));
        return credentials.get(chosen.fieldNames().next());
    }

    private static String invalidBody(SchemaValues values, JsonNode schema) {
        return switch (values.random().nextInt(5)) {
            case 0 -> "{\"unterminated\": ";
            case 1 -> "";
            case 2 -> "[]";
            default -> values.invalid(schema).toString();
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Debian's nginx on deploy/proxy/local.conf, as ./eventlane up runs it. */
    record FrontDoor(Process nginx, int port) {

        static FrontDoor start(Path dir, int ingestPort, int queryPort) throws Exception {
            int port = Ports.free();
            Files.createDirectories(dir.resolve("tmp"));
            Files.createDirectories(dir.resolve("tmp"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(dir.resolve("tmp"), PosixFilePermissions.fromString("rwxr-xr-x"));
            String config = Files.readString(Service.repo().resolve("deploy/proxy/local.conf"))
                    .replace("@PROXY_DIR@", dir.toString()).replace("@PROXY_PORT@", String.valueOf(port))
                    .replace("@INGEST_API_PORT@", String.valueOf(ingestPort))
                    .replace("@QUERY_API_PORT@", String.valueOf(queryPort));
            Path conf = Files.writeString(dir.resolve("nginx.conf"), config);
            Process nginx = new ProcessBuilder(nginxBinary(), "-c", conf.toString(), "-p", dir.toString(), "-g",
                    "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            FrontDoor door = new FrontDoor(nginx, port);
            Awaitility.await("nginx listens").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> nginx.isAlive()
                            && send(HttpRequest.newBuilder(door.uri("/.eventlane/no-such-path")).GET()).statusCode() == 404);
            return door;
        }

        URI uri(String pathAndQuery) {
            return URI.create("http://127.0.0.1:" + port + pathAndQuery);
        }

        void stop() throws InterruptedException {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }

        private static String nginxBinary() {
            for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx")) {
                if (Files.isExecutable(Path.of(candidate))) {
                    return candidate;
                }
            }
            throw new AssertionError("nginx is not installed: ./eventlane install installs it");
        }
    }
}
