package dev.eventlane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.e2e.JaxRsEndpoints.Endpoint;

/**
 * The OpenAPI contract the front door serves: both services' build-time documents merged by
 * deploy/openapi/merge.mjs, as ./eventlane up merges them. Every JAX-RS resource method is in it with its method
 * and path, every operation names its credential and its surface's error body, and Redocly CLI (installed by
 * ./eventlane install) lints it clean.
 */
class OpenApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path contract;
    private static JsonNode merged;

    @BeforeAll
    static void merge() throws Exception {
        contract = merged();
        merged = JSON.readTree(contract.toFile());
    }

    /** The merged contract, written to e2e/target/openapi.json. */
    static Path merged() throws IOException, InterruptedException {
        Path repo = Service.repo();
        Path out = repo.resolve("e2e/target/openapi.json");
        Files.createDirectories(out.getParent());
        run(List.of("node", repo.resolve("deploy/openapi/merge.mjs").toString(), out.toString(),
                repo.resolve("ingest-api/target/openapi/openapi.json").toString(),
                repo.resolve("query-api/target/openapi/openapi.json").toString()));
        return out;
    }

    /** query-api serves a copy in every deployment; it must be the contract of the code as it is. */
    @Test
    void theServedCopyIsTheMergedContract() throws IOException {
        Path served = Service.repo().resolve("query-api/src/main/resources/META-INF/resources/openapi.json");
        assertThat(JSON.readTree(served.toFile())).as("%s is stale: run ./eventlane openapi after mvn package",
                served).isEqualTo(merged);
    }

    @Test
    void holdsEveryResourceMethodWithItsMethodAndPath() {
        List<Endpoint> endpoints = new ArrayList<>(JaxRsEndpoints.of("ingest-api"));
        endpoints.addAll(JaxRsEndpoints.of("query-api"));
        assertThat(endpoints).hasSizeGreaterThan(40);
        List<Endpoint> missing = endpoints.stream()
                .filter(e -> merged.path("paths").path(template(e.path())).path(e.method().toLowerCase())
                        .isMissingNode())
                .toList();
        assertThat(missing).as("resource methods missing from the contract").isEmpty();
        int operations = 0;
        for (JsonNode item : merged.path("paths")) {
            operations += item.size();
        }
        assertThat(operations).as("no operation the services do not have").isEqualTo(endpoints.size());
    }

    @Test
    void isOpenApi31WithCredentialsAndEachSurfacesErrorBody() {
        assertThat(merged.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(merged.at("/components/securitySchemes").fieldNames()).toIterable()
                .contains("apiKey", "userToken", "personalToken");
        Map<String, String> errorBodies = Map.of("/ingest", "LogLogicError", "/events", "LogLogicError",
                "/v1/events", "GoodLogsError", "/v1/ingest", "LogFluxError", "/api/event", "LogshError",
                "/api/orgs", "GoodLogsError", "/v1/alerts", "GoodLogsError");
        errorBodies.forEach((path, schema) -> merged.path("paths").path(path).forEach(operation -> assertThat(
                operation.at("/responses/401/content/application~1json/schema/$ref").asText())
                .as("401 of %s", path).isEqualTo("#/components/schemas/" + schema)));
        assertThat(merged.at("/paths/~1v1~1logs/get/responses/400/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/LogFluxError");
        merged.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode security = op.getValue().path("security");
            if (path.getKey().startsWith("/api/auth/") || path.getKey().equals("/loguro.js")) {
                assertThat(security).as("%s %s is open", op.getKey(), path.getKey()).isEmpty();
            } else {
                assertThat(security).as("%s %s names its credential", op.getKey(), path.getKey()).isNotEmpty();
            }
            op.getValue().path("responses").fields().forEachRemaining(response -> {
                if (response.getKey().matches("[45]\\d\\d")) {
                    assertThat(response.getValue().at("/content/application~1json/schema").isMissingNode())
                            .as("%s %s %s has a body", op.getKey(), path.getKey(), response.getKey()).isFalse();
                }
            });
        }));
    }

    @Test
    void lintsCleanWithRedoclyCli() throws Exception {
        Path repo = Service.repo();
        Path redocly = repo.resolve(".eventlane/npm/node_modules/.bin/redocly");
        assertThat(redocly).as("Redocly CLI, installed by ./eventlane install").isExecutable();
        String output = run(List.of(redocly.toString(), "lint", "--config",
                repo.resolve("deploy/openapi/redocly.yaml").toString(), contract.toString()));
        assertThat(output).contains("Woohoo! Your API description is valid.");
    }

    /** A JAX-RS path template as OpenAPI writes it: {@code {id: [0-9]+}} becomes {@code {id}}. */
    private static String template(String path) {
        return path.replaceAll("\\{\\s*([^}:\\s]+)\\s*(:[^}]*)?}", "{$1}");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finishes", command).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
        return output;
    }
}
