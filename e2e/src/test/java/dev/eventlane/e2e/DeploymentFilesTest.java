package dev.eventlane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.eventlane.schemas.pipeline.Catalogue;

/**
 * The deployment files, checked with the real tools and no cluster: the Helm chart is linted (strict) and
 * rendered by helm itself (helm-java, in-process), and docker-compose.yml is validated by docker-compose.
 */
class DeploymentFilesTest {

    private static final Path REPO = Service.repo();
    private static final Path CHART = REPO.resolve("helm/eventlane");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String RELEASE = "eventlane";
    private static final String KEY_A = "ll_" + "a".repeat(48);
    private static final String KEY_B = "ll_" + "b".repeat(48);
    private static final String PG_PASSWORD = "pg-Secret-42";

    private static final Map<String, Integer> PORTS =
            Map.of("ingest-api", 8080, "stream-processors", 8081, "query-api", 8082);

    @TempDir
    Path tmp;

    // --- helm chart --------------------------------------------------------------------------------------------

    @Test
    void theChartsTopicListIsTheCatalogues() throws IOException {
        // Regenerate: java -cp schemas/target/classes dev.eventlane.schemas.pipeline.Catalogue helm/eventlane/files
        assertThat(Files.readString(CHART.resolve("files").resolve(Catalogue.TOPICS_FILE)))
                .isEqualTo(Catalogue.topicsText());
    }

    @Test
    void chartPassesStrictLint() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    }

    @Test
    void defaultValuesRenderTheThreeServices() throws IOException {
        Manifests m = render(null);

        m.assertWorkload("Deployment", "ingest-api");
        m.assertWorkload("StatefulSet", "stream-processors");
        m.assertWorkload("Deployment", "query-api");
        assertThat(m.one("Deployment", "eventlane-ingest-api").at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(m.one("StatefulSet", "eventlane-stream-processors").at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(m.all("Deployment")).hasSize(2);
        assertThat(m.all("StatefulSet")).hasSize(1);

        assertThat(m.all("Ingress")).isEmpty();
        assertThat(m.all("HorizontalPodAutoscaler")).isEmpty();
        assertThat(m.one("PodDisruptionBudget", "eventlane-ingest-api").at("/spec/selector/matchLabels"))
                .isEqualTo(m.one("Deployment", "eventlane-ingest-api").at("/spec/selector/matchLabels"));

        // No keys given: the chart generates one in an install-only hook Secret (not part of the manifest);
        // the services read it from there, and nothing secret is in a ConfigMap or a plain value.
        m.assertSecretsOnlyByReference();
        for (String api : List.of("ingest-api", "query-api")) {
            assertThat(m.secretRef(api, "EVENTLANE_AUTH_STATIC_KEYS")).isEqualTo("eventlane-generated/static-keys");
        }
        assertThat(m.env("query-api")).noneMatch(e -> e.path("name").asText().equals("QUARKUS_DATASOURCE_PASSWORD"));

        m.assertStateVolume("/var/lib/eventlane/streams");
        Map<String, String> query = m.config("query-api");
        assertThat(query).containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/eventlane")
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "eventlane")
                .containsEntry("EVENTLANE_CLICKHOUSE_URL", "http://clickhouse:8123")
                .containsEntry("EVENTLANE_CLICKHOUSE_DATABASE", "eventlane");
        assertThat(m.config("ingest-api")).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
    }

    @Test
    void scaleOutValuesRenderReplicasReplicationAndMinInsyncReplicas() throws IOException {
        String values = """
                kafka: {bootstrapServers: "k1:9092,k2:9092,k3:9092", replicationFactor: 3, minInsyncReplicas: 2}
                ingestApi: {replicas: 2}
                streamProcessors: {replicas: 2}
                queryApi: {replicas: 2}
                """;
        lintWith(values, true);
        Manifests m = render(values);

        assertThat(m.one("Deployment", "eventlane-ingest-api").at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(m.one("StatefulSet", "eventlane-stream-processors").at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(m.one("Deployment", "eventlane-query-api").at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(m.config("stream-processors")).containsEntry("EVENTLANE_TOPICS_REPLICATION_FACTOR", "3")
                .containsEntry("EVENTLANE_TOPICS_MIN_INSYNC_REPLICAS", "2")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092,k3:9092");
        // By default the broker's defaults apply: nothing is set.
        assertThat(render(null).config("stream-processors")).doesNotContainKeys(
                "EVENTLANE_TOPICS_REPLICATION_FACTOR", "EVENTLANE_TOPICS_MIN_INSYNC_REPLICAS");
    }

    @Test
    void overridesRenderIngressAutoscalingReplicasAndSecrets() throws IOException {
        String values = """
                kafka: {bootstrapServers: "k1.example:9092,k2.example:9092"}
                clickhouse: {url: "https://ch.example:8443", database: analytics}
                postgres: {jdbcUrl: "jdbc:postgresql://pg.example:5432/el", username: el, password: "%s"}
                auth: {staticKeys: "%s=project-a,%s=project-b"}
                ingestApi:
                  replicas: 3
                  env: {EVENTLANE_INGEST_ACK_TIMEOUT: 1500ms}
                queryApi:
                  autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 6}
                streamProcessors:
                  replicas: 3
                  persistence: {mountPath: /data/streams, size: 20Gi, storageClass: fast}
                ingress:
                  enabled: true
                  className: nginx
                  host: events.example.com
                  tls: [{secretName: eventlane-tls, hosts: [events.example.com]}]
                """.formatted(PG_PASSWORD, KEY_A, KEY_B);
        lintWith(values, true);
        Manifests m = render(values);

        m.assertWorkload("Deployment", "ingest-api");
        m.assertWorkload("StatefulSet", "stream-processors");
        m.assertWorkload("Deployment", "query-api");
        assertThat(m.one("Deployment", "eventlane-ingest-api").at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(m.one("StatefulSet", "eventlane-stream-processors").at("/spec/replicas").asInt()).isEqualTo(3);
        // The HPA owns query-api's replica count.
        assertThat(m.one("Deployment", "eventlane-query-api").path("spec").has("replicas")).isFalse();
        JsonNode hpa = m.one("HorizontalPodAutoscaler", "eventlane-query-api");
        assertThat(hpa.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("eventlane-query-api");
        assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(6);
        assertThat(m.all("HorizontalPodAutoscaler")).hasSize(1);
        assertThat(m.all("PodDisruptionBudget")).hasSize(1);

        JsonNode ingress = m.one("Ingress", "eventlane");
        assertThat(ingress.at("/spec/ingressClassName").asText()).isEqualTo("nginx");
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("eventlane-tls");
        JsonNode rule = ingress.at("/spec/rules/0");
        assertThat(rule.path("host").asText()).isEqualTo("events.example.com");
        Map<String, String> routes = new HashMap<>();
        for (JsonNode path : rule.at("/http/paths")) {
            assertThat(path.path("pathType").asText()).isIn("Exact", "Prefix");
            String service = path.at("/backend/service/name").asText();
            String port = path.at("/backend/service/port/name").asText();
            assertThat(m.one("Service", service).at("/spec/ports").findValuesAsText("name")).contains(port);
            routes.put(path.path("path").asText(), service);
        }
        // The whole table is FrontDoorRoutingTest's; here, that the Ingress carries it.
        assertThat(routes).contains(Map.entry("/ingest", "eventlane-ingest-api"),
                Map.entry("/events", "eventlane-query-api"), Map.entry("/api", "eventlane-query-api"));

        // Keys and password: in the chart's Secret (base64), referenced by name, nowhere else in clear.
        m.assertSecretsOnlyByReference();
        assertThat(m.text).doesNotContain(KEY_A, KEY_B, PG_PASSWORD);
        JsonNode secret = m.one("Secret", "eventlane");
        assertThat(decode(secret.at("/data/static-keys"))).isEqualTo(KEY_A + "=project-a," + KEY_B + "=project-b");
        assertThat(decode(secret.at("/data/postgres-password"))).isEqualTo(PG_PASSWORD);
        assertThat(m.secretRef("ingest-api", "EVENTLANE_AUTH_STATIC_KEYS")).isEqualTo("eventlane/static-keys");
        assertThat(m.secretRef("query-api", "EVENTLANE_AUTH_STATIC_KEYS")).isEqualTo("eventlane/static-keys");
        assertThat(m.secretRef("query-api", "QUARKUS_DATASOURCE_PASSWORD")).isEqualTo("eventlane/postgres-password");
        assertThat(m.env("ingest-api")).noneMatch(e -> e.path("name").asText().equals("QUARKUS_DATASOURCE_PASSWORD"));

        m.assertStateVolume("/data/streams");
        JsonNode claim = m.one("StatefulSet", "eventlane-stream-processors").at("/spec/volumeClaimTemplates/0/spec");
        assertThat(claim.at("/resources/requests/storage").asText()).isEqualTo("20Gi");
        assertThat(claim.path("storageClassName").asText()).isEqualTo("fast");
        assertThat(m.config("stream-processors"))
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "k1.example:9092,k2.example:9092")
                .containsEntry("EVENTLANE_CLICKHOUSE_URL", "https://ch.example:8443")
                .containsEntry("EVENTLANE_CLICKHOUSE_DATABASE", "analytics");
        assertThat(m.config("ingest-api")).containsEntry("EVENTLANE_INGEST_ACK_TIMEOUT", "1500ms");
        assertThat(m.config("query-api")).containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://pg.example:5432/el")
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "el");
    }

    @Test
    void existingSecretsAreReferencedAndASingleIngestPodHasNoDisruptionBudget() throws IOException {
        String values = """
                auth: {existingSecret: my-keys, existingSecretKey: keys}
                postgres: {existingSecret: my-pg, existingSecretPasswordKey: pw}
                ingestApi: {replicas: 1}
                """;
        Manifests m = render(values);

        assertThat(m.all("Secret")).isEmpty();
        assertThat(m.all("PodDisruptionBudget")).isEmpty();
        assertThat(m.secretRef("ingest-api", "EVENTLANE_AUTH_STATIC_KEYS")).isEqualTo("my-keys/keys");
        assertThat(m.secretRef("query-api", "EVENTLANE_AUTH_STATIC_KEYS")).isEqualTo("my-keys/keys");
        assertThat(m.secretRef("query-api", "QUARKUS_DATASOURCE_PASSWORD")).isEqualTo("my-pg/pw");
        m.assertSecretsOnlyByReference();
    }

    @Test
    void kafkaSecurityAndClickHouseLoginsComeFromValuesAndSecrets() throws IOException {
        String values = """
                kafka: {securityProtocol: SASL_SSL, saslMechanism: SCRAM-SHA-512, saslExistingSecret: el-kafka}
                clickhouse: {users: {streamProcessors: el_writer, queryApi: el_query, queryApiReader: el_reader},
                  existingSecret: el-ch}
                """;
        lintWith(values, true);
        Manifests m = render(values);

        for (String component : PORTS.keySet()) {
            assertThat(m.config(component)).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            // A principal per service: each reads its own key of the Secret.
            assertThat(m.secretRef(component, "KAFKA_SASL_JAAS_CONFIG")).isEqualTo("el-kafka/" + component);
        }
        assertThat(m.config("stream-processors")).containsEntry("EVENTLANE_CLICKHOUSE_USER", "el_writer");
        assertThat(m.config("query-api")).containsEntry("EVENTLANE_CLICKHOUSE_USER", "el_query")
                .containsEntry("EVENTLANE_CLICKHOUSE_READER_USER", "el_reader");
        assertThat(m.config("stream-processors")).doesNotContainKey("EVENTLANE_CLICKHOUSE_READER_USER");
        assertThat(m.config("ingest-api")).doesNotContainKeys("EVENTLANE_CLICKHOUSE_USER",
                "EVENTLANE_CLICKHOUSE_READER_USER");
        assertThat(m.secretRef("stream-processors", "EVENTLANE_CLICKHOUSE_PASSWORD"))
                .isEqualTo("el-ch/stream-processors");
        assertThat(m.secretRef("query-api", "EVENTLANE_CLICKHOUSE_PASSWORD")).isEqualTo("el-ch/query-api");
        assertThat(m.secretRef("query-api", "EVENTLANE_CLICKHOUSE_READER_PASSWORD"))
                .isEqualTo("el-ch/query-api-reader");
        assertThat(render(null).config("ingest-api")).doesNotContainKeys("KAFKA_SECURITY_PROTOCOL",
                "KAFKA_SASL_MECHANISM");
    }

    @Test
    void installNotesTellWhereTheServicesAndKeysAre() {
        String output = new Helm(CHART).install().withName(RELEASE).withNamespace("analytics").clientOnly()
                .withDryRunOption(DryRun.CLIENT).withKubeVersion("1.30.0").call().getOutput();
        assertThat(output).contains("eventlane-ingest-api:8080", "eventlane-stream-processors:8081",
                "eventlane-query-api:8082", "get secret eventlane-generated", "Authorization: Bearer");
    }

    @Test
    void brokenValuesFailLintAndRender() throws IOException {
        assertThat(lintWith("ingestApi: {replicas: abc}", false)).anySatisfy(
                message -> assertThat(message).contains("/ingestApi/replicas"));
        assertThat(lintWith("kafka: {bootstrapServers: \"\"}", false)).anySatisfy(
                message -> assertThat(message).contains("/kafka/bootstrapServers"));
        assertThat(lintWith("clickhouse: {url: clickhouse:8123}", false)).anySatisfy(
                message -> assertThat(message).contains("/clickhouse/url"));
        assertThat(lintWith("auth: {staticKeys: " + KEY_A + "}", false)).anySatisfy(
                message -> assertThat(message).contains("/auth/staticKeys"));
        assertThat(lintWith("queryApi: {env: {EVENTLANE_AUTH_STATIC_KEYS: " + KEY_A + "=p}}", false)).anySatisfy(
                message -> assertThat(message).contains("invalid propertyName 'EVENTLANE_AUTH_STATIC_KEYS'"));

        Path broken = Files.writeString(tmp.resolve("broken.yaml"), "streamProcessors: {replicas: \"3\"}\n");
        assertThatThrownBy(() -> new Helm(CHART).template().withName(RELEASE).withKubeVersion("1.30.0")
                .withValuesFile(broken).call()).hasMessageContaining("replicas");
    }

    // --- docker-compose.yml ------------------------------------------------------------------------------------

    @Test
    void dockerComposeFileIsValidWithAnApiKeyAndAPostgresPassword() throws Exception {
        Result result = dockerCompose(KEY_A, PG_PASSWORD);
        assertThat(result.exit).as("docker-compose config -q:\n%s", result.output).isZero();
    }

    @Test
    void dockerComposeFileRequiresAnApiKey() throws Exception {
        Result result = dockerCompose(null, PG_PASSWORD);
        assertThat(result.exit).as("docker-compose config -q without EVENTLANE_API_KEY:\n%s", result.output)
                .isNotZero();
        assertThat(result.output).contains("EVENTLANE_API_KEY");
    }

    @Test
    void dockerComposeFileShipsNoPostgresPassword() throws Exception {
        Result result = dockerCompose(KEY_A, null);
        assertThat(result.exit).as("docker-compose config -q without EVENTLANE_POSTGRES_PASSWORD:\n%s",
                result.output).isNotZero();
        assertThat(result.output).contains("EVENTLANE_POSTGRES_PASSWORD");
        // Neither a literal password nor a default one (${VAR:-default}).
        assertThat(Files.readString(REPO.resolve("docker-compose.yml")))
                .doesNotContainPattern("(?im)^\\s*[A-Z_]*(PASSWORD|SECRET)[A-Z_]*:\\s*[^$\\s]")
                .doesNotContainPattern("(?i)(PASSWORD|SECRET)[A-Z_]*:-");
    }

    @Test
    void dockerComposeKeepsStateInVolumesAndRestartsWhatFails() throws IOException {
        JsonNode services = YAML.readTree(REPO.resolve("docker-compose.yml").toFile()).path("services");
        String kafkaVersion = Files.readString(REPO.resolve("pom.xml"))
                .replaceAll("(?s).*<kafka.broker.version>([^<]+)</kafka.broker.version>.*", "$1");
        assertThat(services.at("/kafka/image").asText()).isEqualTo("apache/kafka:" + kafkaVersion);
        assertThat(services.at("/kafka/volumes/0").asText())
                .isEqualTo("kafka-data:" + services.at("/kafka/environment/KAFKA_LOG_DIRS").asText());

        JsonNode streams = services.path("stream-processors");
        String stateDir = streams.at("/environment/KAFKA_STREAMS_STATE_DIR").asText();
        assertThat(streams.at("/volumes/0").asText()).isEqualTo("streams-state:" + stateDir);
        // A fresh volume takes the owner of the image's directory: the image must make it, for user 185.
        assertThat(Files.readString(REPO.resolve("stream-processors/src/main/docker/Dockerfile.jvm")))
                .contains("mkdir -p " + stateDir + " && chown 185:0 " + stateDir);

        services.fields().forEachRemaining(service -> assertThat(service.getValue().path("restart").asText())
                .as("restart policy of %s", service.getKey()).isEqualTo("unless-stopped"));
        PORTS.forEach((name, port) -> assertThat(services.at("/" + name + "/healthcheck/test/1").asText())
                .as("health check of %s", name)
                .contains("localhost:" + port + "/q/health/live)\" != 503 ] || kill 1",
                        "localhost:" + port + "/q/health/ready"));
        // One front door: only the proxy publishes a port.
        services.fields().forEachRemaining(service -> assertThat(service.getValue().has("ports"))
                .as("%s publishes a port", service.getKey()).isEqualTo(service.getKey().equals("proxy")));
        assertThat(services.at("/proxy/ports/0").asText()).isEqualTo("8000:8000");
    }

    @Test
    void theLocalOverrideGivesEveryServiceAnImageBuiltHere() throws Exception {
        JsonNode services = YAML.readTree(REPO.resolve("docker-compose.yml").toFile()).path("services");
        JsonNode local = YAML.readTree(REPO.resolve("deploy/compose.local.yml").toFile()).path("services");
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        Result result = dockerCompose(KEY_A, PG_PASSWORD, "deploy/compose.local.yml");
        assertThat(result.exit).as("docker-compose config -q with the override:\n%s", result.output).isZero();
        List<String> overridden = new ArrayList<>();
        local.fields().forEachRemaining(service -> {
            overridden.add(service.getKey());
            assertThat(service.getValue().path("image").asText()).startsWith("localhost/eventlane/");
        });
        assertThat(overridden).containsExactlyInAnyOrderElementsOf(names);
        String kafkaVersion = services.at("/kafka/image").asText().replaceAll(".*:", "");
        assertThat(local.at("/kafka/image").asText()).isEqualTo("localhost/eventlane/kafka:" + kafkaVersion);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private record Result(int exit, String output) {
    }

    /** docker-compose config -q of docker-compose.yml and the given override files. */
    private Result dockerCompose(String apiKey, String postgresPassword, String... overrides) throws Exception {
        Path binary = onPath("docker-compose");
        if (binary == null) {
            fail("docker-compose is not installed (it validates docker-compose.yml): run ./eventlane install");
        }
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-f",
                REPO.resolve("docker-compose.yml").toString()));
        for (String override : overrides) {
            command.addAll(List.of("-f", REPO.resolve(override).toString()));
        }
        command.addAll(List.of("config", "-q"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("compose.log").toFile());
        builder.environment().remove("EVENTLANE_API_KEY");
        builder.environment().remove("EVENTLANE_POSTGRES_PASSWORD");
        if (apiKey != null) {
            builder.environment().put("EVENTLANE_API_KEY", apiKey);
        }
        if (postgresPassword != null) {
            builder.environment().put("EVENTLANE_POSTGRES_PASSWORD", postgresPassword);
        }
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("docker-compose config did not finish within 120 s");
        }
        return new Result(process.exitValue(), Files.readString(tmp.resolve("compose.log")));
    }

    private static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private Manifests render(String values) throws IOException {
        var template = new Helm(CHART).template().withName(RELEASE).withNamespace("analytics")
                .withKubeVersion("1.30.0");
        if (values != null) {
            template.withValuesFile(Files.writeString(Files.createTempFile(tmp, "values", ".yaml"), values));
        }
        return new Manifests(template.call());
    }

    /**
     * helm lint has no values option here: lints a copy of the chart whose values.yaml is the chart's merged with
     * {@code override}, and returns lint's messages after asserting whether it passed.
     */
    private List<String> lintWith(String override, boolean passes) throws IOException {
        Path copy = Files.createTempDirectory(tmp, "lint").resolve("eventlane");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : files.toList()) {
                Files.copy(source, copy.resolve(CHART.relativize(source).toString()));
            }
        }
        ObjectNode values = (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
        merge(values, (ObjectNode) YAML.readTree(override));
        YAML.writeValue(copy.resolve("values.yaml").toFile(), values);

        LintResult result = new Helm(copy).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict with %s: %s", override, result.getMessages())
                .isEqualTo(!passes);
        return result.getMessages();
    }

    private static void merge(ObjectNode target, ObjectNode source) {
        source.fields().forEachRemaining(field -> {
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode into && field.getValue() instanceof ObjectNode from) {
                merge(into, from);
            } else {
                target.set(field.getKey(), field.getValue());
            }
        });
    }

    private static String decode(JsonNode base64) {
        assertThat(base64.isTextual()).as("secret data %s", base64).isTrue();
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
    }

    /** The documents helm rendered, parsed. */
    private static final class Manifests {

        final String text;
        final List<JsonNode> docs = new ArrayList<>();

        Manifests(String text) throws IOException {
            this.text = text;
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
                while (it.hasNext()) {
                    JsonNode doc = it.next();
                    if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                        assertThat(doc.hasNonNull("apiVersion")).as("apiVersion of %s", doc).isTrue();
                        docs.add(doc);
                    }
                }
            }
            assertThat(docs).isNotEmpty();
        }

        List<JsonNode> all(String kind) {
            return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        }

        JsonNode one(String kind, String name) {
            List<JsonNode> found = all(kind).stream()
                    .filter(d -> d.at("/metadata/name").asText().equals(name)).toList();
            assertThat(found).as("%s %s in the rendered chart", kind, name).hasSize(1);
            return found.get(0);
        }

        JsonNode workload(String component) {
            String name = RELEASE + "-" + component;
            return component.equals("stream-processors") ? one("StatefulSet", name) : one("Deployment", name);
        }

        JsonNode container(String component) {
            JsonNode containers = workload(component).at("/spec/template/spec/containers");
            assertThat(containers.size()).isEqualTo(1);
            return containers.get(0);
        }

        List<JsonNode> env(String component) {
            return StreamSupport.stream(container(component).path("env").spliterator(), false).toList();
        }

        /** "secret/key" of the secretKeyRef of an environment variable. */
        String secretRef(String component, String variable) {
            JsonNode ref = env(component).stream().filter(e -> e.path("name").asText().equals(variable))
                    .findFirst().orElseThrow(() -> new AssertionError(component + " has no env " + variable))
                    .at("/valueFrom/secretKeyRef");
            assertThat(ref.isMissingNode()).as("%s of %s comes from a Secret", variable, component).isFalse();
            return ref.path("name").asText() + "/" + ref.path("key").asText();
        }

        /** The ConfigMap a component reads its settings from (envFrom). */
        Map<String, String> config(String component) {
            JsonNode envFrom = container(component).path("envFrom");
            assertThat(envFrom.size()).isEqualTo(1);
            JsonNode configMap = one("ConfigMap", envFrom.at("/0/configMapRef/name").asText());
            Map<String, String> data = new TreeMap<>();
            configMap.path("data").fields().forEachRemaining(f -> data.put(f.getKey(), f.getValue().asText()));
            return data;
        }

        void assertWorkload(String kind, String component) {
            int port = PORTS.get(component);
            JsonNode workload = one(kind, RELEASE + "-" + component);
            assertThat(workload.path("apiVersion").asText()).isEqualTo("apps/v1");
            JsonNode pod = workload.at("/spec/template");
            JsonNode selector = workload.at("/spec/selector/matchLabels");
            assertThat(selector.size()).isPositive();
            selector.fields().forEachRemaining(label ->
                    assertThat(pod.at("/metadata/labels").path(label.getKey())).isEqualTo(label.getValue()));

            JsonNode annotations = pod.at("/metadata/annotations");
            assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
            assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
            assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(String.valueOf(port));

            assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.at("/spec/securityContext/runAsUser").asInt()).isEqualTo(185);

            JsonNode container = container(component);
            assertThat(container.path("name").asText()).isEqualTo(component);
            assertThat(container.path("image").asText()).isEqualTo("eventlane/" + component + ":0.1.0");
            assertThat(container.path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
            assertThat(container.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
            assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
            assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(port);
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
            assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
            assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
            assertThat(config(component)).containsEntry("QUARKUS_HTTP_PORT", String.valueOf(port));

            JsonNode service = one("Service", RELEASE + "-" + component);
            assertThat(service.at("/spec/type").asText()).isEqualTo("ClusterIP");
            assertThat(service.at("/spec/selector")).isEqualTo(selector);
            assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(port);
            assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
        }

        /** API keys and passwords: never in a ConfigMap, never a plain env value, only secretKeyRefs. */
        void assertSecretsOnlyByReference() {
            for (JsonNode configMap : all("ConfigMap")) {
                configMap.path("data").fields().forEachRemaining(entry -> {
                    assertThat(entry.getKey()).doesNotContain("STATIC_KEYS", "PASSWORD");
                    assertThat(entry.getValue().asText()).doesNotContain("ll_");
                });
            }
            for (String component : PORTS.keySet()) {
                for (JsonNode variable : env(component)) {
                    assertThat(variable.has("value")).as("%s env %s has a plain value", component, variable)
                            .isFalse();
                    assertThat(variable.at("/valueFrom/secretKeyRef/name").asText()).isNotEmpty();
                }
            }
            assertThat(env("stream-processors")).isEmpty();
            for (JsonNode doc : docs) {
                if (!doc.path("kind").asText().equals("Secret")) {
                    assertThat(doc.toString()).doesNotContain(KEY_A, KEY_B, PG_PASSWORD);
                }
            }
        }

        void assertStateVolume(String mountPath) {
            JsonNode statefulSet = workload("stream-processors");
            JsonNode mount = StreamSupport.stream(container("stream-processors").path("volumeMounts").spliterator(),
                    false).filter(v -> v.path("name").asText().equals("streams-state")).findFirst()
                    .orElseThrow(() -> new AssertionError("stream-processors mounts no streams-state volume"));
            assertThat(mount.path("mountPath").asText()).isEqualTo(mountPath);
            assertThat(statefulSet.at("/spec/volumeClaimTemplates/0/metadata/name").asText())
                    .isEqualTo("streams-state");
            assertThat(statefulSet.at("/spec/volumeClaimTemplates/0/spec/accessModes/0").asText())
                    .isEqualTo("ReadWriteOnce");
            assertThat(config("stream-processors")).containsEntry("KAFKA_STREAMS_STATE_DIR", mountPath);
            String headless = statefulSet.at("/spec/serviceName").asText();
            assertThat(one("Service", headless).at("/spec/clusterIP").asText()).isEqualTo("None");
        }
    }
}
