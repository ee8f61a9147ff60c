package dev.eventlane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.eventlane.platform.net.ClientAddress;

/**
 * The local front door for real: Debian's nginx (installed by ./eventlane install) run on deploy/proxy/local.conf,
 * filled in as ./eventlane up fills it, in front of two tiny upstreams standing in for ingest-api and query-api
 * that echo what reached them.
 */
class FrontDoorProxyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    private HttpServer ingest;
    private HttpServer query;
    private Process nginx;
    private int port;

    @BeforeEach
    void start() throws Exception {
        ingest = echo("ingest-api");
        query = echo("query-api");
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = tmp.resolve("proxy");
        Files.createDirectories(dir.resolve("tmp"));
        // Started as root, nginx's workers run as nobody: they reach the body buffers as they would under
        // .eventlane/ (created with mode 755), not through the 700 that JUnit gives its temporary directory.
        for (Path d : List.of(tmp, dir, dir.resolve("tmp"))) {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String config = Files.readString(Service.repo().resolve("deploy/proxy/local.conf"))
                .replace("@PROXY_DIR@", dir.toString()).replace("@PROXY_PORT@", String.valueOf(port))
                .replace("@INGEST_API_PORT@", String.valueOf(ingest.getAddress().getPort()))
                .replace("@QUERY_API_PORT@", String.valueOf(query.getAddress().getPort()));
        assertThat(config).as("every placeholder filled, as ./eventlane up fills them").doesNotContainPattern("@[A-Z_]+@");
        Path conf = Files.writeString(dir.resolve("nginx.conf"), config);
        nginx = new ProcessBuilder(nginxBinary(), "-c", conf.toString(), "-p", dir.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("nginx.out").toFile()).start();
        Awaitility.await("nginx listens").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> {
                    assertThat(nginx.isAlive()).as("nginx runs: %s", Files.readString(tmp.resolve("nginx.out")))
                            .isTrue();
                    return send("GET", "/", null).statusCode() == 404;
                });
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
        ingest.stop(0);
        query.stop(0);
    }

    @Test
    void routesTheSharedPathByMethod() throws Exception {
        JsonNode post = body(send("POST", "/v1/logs", "[{\"message\":\"m\"}]"));
        assertThat(post.path("service").asText()).isEqualTo("ingest-api");
        assertThat(post.path("method").asText()).isEqualTo("POST");
        assertThat(post.path("body").asText()).isEqualTo("[{\"message\":\"m\"}]");
        JsonNode get = body(send("GET", "/v1/logs?query=x", null));
        assertThat(get.path("service").asText()).isEqualTo("query-api");
        assertThat(get.path("uri").asText()).isEqualTo("/v1/logs?query=x");
        assertThat(body(send("OPTIONS", "/v1/logs", null)).path("service").asText()).isEqualTo("ingest-api");

        assertThat(body(send("POST", "/ingest/batch", "[]")).path("service").asText()).isEqualTo("ingest-api");
        assertThat(body(send("GET", "/api/orgs/o1/projects", null)).path("service").asText()).isEqualTo("query-api");
        assertThat(body(send("DELETE", "/v1/alerts/a1", null)).path("service").asText()).isEqualTo("query-api");
    }

    @Test
    void forwardsTheClientAddress() throws Exception {
        JsonNode direct = body(send("POST", "/v1/events", "{}"));
        assertThat(direct.path("xRealIp").asText()).isEqualTo("127.0.0.1");
        assertThat(direct.path("xForwardedFor").asText()).isEqualTo("127.0.0.1");
        assertThat(direct.path("host").asText()).isEqualTo("127.0.0.1:" + port);

        // A client behind a proxy of its own: nginx appends the address it saw, so the services, trusting the
        // front door (loopback here), find the client as the nearest address nginx did not add.
        HttpResponse<String> relayed = HTTP.send(request("POST", "/v1/events", "{}")
                .header("X-Forwarded-For", "198.51.100.9").build(), HttpResponse.BodyHandlers.ofString());
        String forwarded = body(relayed).path("xForwardedFor").asText();
        assertThat(forwarded).isEqualTo("198.51.100.9, 127.0.0.1");
        assertThat(new ClientAddress(List.of("127.0.0.1")).of("127.0.0.1", forwarded)).isEqualTo("198.51.100.9");
        assertThat(new ClientAddress(List.of()).of("127.0.0.1", forwarded)).isEqualTo("127.0.0.1");
    }

    @Test
    void answersInJsonWhenAnUpstreamIsDown() throws Exception {
        query.stop(0);
        HttpResponse<String> down = send("GET", "/events?limit=5", null);
        assertThat(down.statusCode()).isEqualTo(502);
        assertThat(down.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(body(down).at("/error/code").asText()).isEqualTo("UPSTREAM_UNAVAILABLE");
        assertThat(body(down).at("/error/message").asText()).isNotBlank();
        // The other service is still reached.
        assertThat(body(send("POST", "/ingest", "{}")).path("service").asText()).isEqualTo("ingest-api");
    }

    @Test
    void passesTheServicesOwnErrorsThrough() throws Exception {
        HttpResponse<String> refused = send("POST", "/ingest", "{\"status\":503}");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(body(refused).path("service").asText()).isEqualTo("ingest-api");
    }

    @Test
    void answersInJsonForUnknownPathsAndBodiesOverTheLimit() throws Exception {
        HttpResponse<String> unknown = send("GET", "/q/health", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown).at("/error/code").asText()).isEqualTo("NOT_FOUND");

        // Announced over ingest's 8 MiB hard stop: refused before any of it is read.
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /ingest HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (8 * 1024 * 1024 + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413").contains("Content-Type: application/json");
            JsonNode error = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(error.at("/error/code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        }
        // Up to the limit, the body reaches ingest (whose own 1 MiB limit answers in the surface's error body).
        String big = "{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertThat(body(send("POST", "/ingest", big)).path("bodyLength").asInt()).isEqualTo(big.length());
    }

    @Test
    void passesGqlGetsUpToTheQueryApisRequestLineBound() throws Exception {
        // A GQL query of 4,096 characters, each percent-encoded 3-byte UTF-8: some 36 KiB of request line, which
        // query-api accepts (40 KiB) and answers with its own JSON error when q is over its cap.
        String q = "%E2%82%AC".repeat(4097);
        String path = "/v1/gql/autocomplete?q=" + q;
        JsonNode reached = body(send("GET", path, null));
        assertThat(reached.path("service").asText()).isEqualTo("query-api");
        assertThat(reached.path("uri").asText()).isEqualTo(path);
        String dashboard = "/api/orgs/o1/projects/p1/gql?q=" + q;
        assertThat(body(send("GET", dashboard, null)).path("uri").asText()).isEqualTo(dashboard);

        // Over the bound, nginx refuses the request line itself.
        assertThat(send("GET", "/v1/gql/autocomplete?q=" + "x".repeat(41 * 1024), null).statusCode())
                .isEqualTo(414);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** An upstream that answers every request with what reached it; a body {"status":N} sets the status. */
    private static HttpServer echo(String service) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> answer(service, exchange));
        server.start();
        return server;
    }

    private static void answer(String service, HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String text = new String(body, StandardCharsets.UTF_8);
        var echo = JSON.createObjectNode().put("service", service).put("method", exchange.getRequestMethod())
                .put("uri", exchange.getRequestURI().toString())
                .put("xForwardedFor", exchange.getRequestHeaders().getFirst("X-Forwarded-For"))
                .put("xRealIp", exchange.getRequestHeaders().getFirst("X-Real-IP"))
                .put("host", exchange.getRequestHeaders().getFirst("Host")).put("bodyLength", body.length)
                .put("body", body.length < 1000 ? text : "");
        int status = text.startsWith("{\"status\":") ? JSON.readTree(text).path("status").asInt() : 200;
        byte[] answer = JSON.writeValueAsBytes(echo);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private HttpRequest.Builder request(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(request(method, path, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
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
