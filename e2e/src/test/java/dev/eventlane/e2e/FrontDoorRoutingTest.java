package dev.eventlane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.eventlane.e2e.JaxRsEndpoints.Endpoint;

/**
 * The front door's routing table, one per deployment kind, against every endpoint ingest-api and query-api
 * declare (their compiled JAX-RS resources): each must reach the service that declares it, in the local nginx
 * (deploy/proxy/local.conf), the compose nginx (deploy/proxy/compose.conf) and the chart's Gateway API HTTPRoute;
 * the Ingress fallback may miss only the method-split entries, which values.yaml documents.
 */
class FrontDoorRoutingTest {

    private static final Path REPO = Service.repo();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, Integer> PORTS = Map.of("ingest-api", 8080, "query-api", 8082);
    /** An Ingress cannot match on method: POST /v1/logs (GoodLogs log ingestion) goes to query-api there. */
    private static final Set<String> INGRESS_GAPS = Set.of("POST /v1/logs", "OPTIONS /v1/logs");

    private static List<Endpoint> endpoints;

    @TempDir
    Path tmp;

    @BeforeAll
    static void collectEndpoints() {
        List<Endpoint> all = new ArrayList<>(JaxRsEndpoints.of("ingest-api"));
        all.addAll(JaxRsEndpoints.of("query-api"));
        endpoints = List.copyOf(all);
        // The collection itself works: both sides of the shared path, and the control plane, are in it.
        assertThat(endpoints).contains(new Endpoint("ingest-api", "POST", "/v1/logs"),
                new Endpoint("query-api", "GET", "/v1/logs"), new Endpoint("ingest-api", "POST", "/ingest"),
                new Endpoint("query-api", "GET", "/events"));
        assertThat(endpoints.stream().filter(e -> e.path().startsWith("/api/orgs"))).hasSizeGreaterThan(5);
    }

    @Test
    void localProxyRoutesEveryEndpoint() throws IOException {
        NginxRoutes routes = new NginxRoutes(Files.readString(REPO.resolve("deploy/proxy/local.conf")), PORTS);
        assertEveryEndpointRouted("deploy/proxy/local.conf", routes::serviceFor);
    }

    @Test
    void composeProxyRoutesEveryEndpoint() throws IOException {
        NginxRoutes routes = new NginxRoutes(Files.readString(REPO.resolve("deploy/proxy/compose.conf")), PORTS);
        assertEveryEndpointRouted("deploy/proxy/compose.conf", routes::serviceFor);
    }

    @Test
    void nginxAnswersUnknownPathsItself() throws IOException {
        for (String file : List.of("local.conf", "compose.conf")) {
            NginxRoutes routes = new NginxRoutes(Files.readString(REPO.resolve("deploy/proxy").resolve(file)), PORTS);
            assertThat(routes.serviceFor("GET", "/q/health")).as(file).isNull();
            assertThat(routes.serviceFor("GET", "/nope")).as(file).isNull();
        }
    }

    @Test
    void gatewayRouteRoutesEveryEndpoint() throws IOException {
        JsonNode route = one(render("""
                gateway: {enabled: true, parentRefs: [{name: web, namespace: gateways}], hostnames: [events.example.com]}
                """), "HTTPRoute");
        assertThat(route.path("apiVersion").asText()).isEqualTo("gateway.networking.k8s.io/v1");
        assertThat(route.at("/spec/parentRefs/0/name").asText()).isEqualTo("web");
        assertThat(route.at("/spec/hostnames/0").asText()).isEqualTo("events.example.com");
        assertEveryEndpointRouted("the chart's HTTPRoute", (method, path) -> gatewayService(route, method, path));
    }

    @Test
    void ingressFallbackRoutesEveryEndpointButTheMethodSplitOnes() throws IOException {
        JsonNode ingress = one(render("ingress: {enabled: true, host: events.example.com}\n"), "Ingress");
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : withPreflights()) {
            String routed = ingressService(ingress, e.concretePath());
            if (!e.service().equals(routed) && !INGRESS_GAPS.contains(e.method() + " " + e.path())) {
                wrong.add(e + " -> " + routed);
            }
        }
        assertThat(wrong).as("endpoints the Ingress sends elsewhere").isEmpty();
        assertThat(ingressService(ingress, "/v1/logs")).isEqualTo("query-api");
    }

    @Test
    void theChartRendersNoRouteByDefault() throws IOException {
        List<JsonNode> docs = render(null);
        assertThat(docs).noneMatch(d -> Set.of("HTTPRoute", "Ingress").contains(d.path("kind").asText()));
    }

    /** Every endpoint, plus a CORS preflight (OPTIONS) wherever ingest takes a POST. */
    private static List<Endpoint> withPreflights() {
        List<Endpoint> all = new ArrayList<>(endpoints);
        endpoints.stream().filter(e -> e.service().equals("ingest-api") && e.method().equals("POST"))
                .forEach(e -> all.add(new Endpoint(e.service(), "OPTIONS", e.path())));
        return all;
    }

    private static void assertEveryEndpointRouted(String file, BiFunction<String, String, String> routing) {
        Map<String, String> wrong = new TreeMap<>();
        for (Endpoint e : withPreflights()) {
            String routed = routing.apply(e.method(), e.concretePath());
            if (!e.service().equals(routed)) {
                wrong.put(e.toString(), String.valueOf(routed));
            }
        }
        assertThat(wrong).as("endpoints %s does not route to their service (endpoint -> where it goes)", file)
                .isEmpty();
    }

    // --- the chart -----------------------------------------------------------------------------------------

    private List<JsonNode> render(String values) throws IOException {
        var template = new Helm(REPO.resolve("helm/eventlane")).template().withName("eventlane")
                .withNamespace("analytics").withKubeVersion("1.30.0");
        if (values != null) {
            template.withValuesFile(Files.writeString(Files.createTempFile(tmp, "values", ".yaml"), values));
        }
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(template.call())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static JsonNode one(List<JsonNode> docs, String kind) {
        List<JsonNode> found = docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertThat(found).as("%s in the rendered chart", kind).hasSize(1);
        return found.get(0);
    }

    /** The Gateway API's choice among matching rules: exact path, then longest prefix, then a method match. */
    private static String gatewayService(JsonNode route, String method, String path) {
        record Candidate(JsonNode rule, boolean exact, int length, boolean byMethod) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (JsonNode rule : route.at("/spec/rules")) {
            for (JsonNode match : rule.path("matches")) {
                String type = match.at("/path/type").asText();
                String value = match.at("/path/value").asText();
                boolean pathMatches = type.equals("Exact") ? path.equals(value) : segmentPrefix(path, value);
                boolean methodMatches = !match.has("method") || match.path("method").asText().equals(method);
                assertThat(type).isIn("Exact", "PathPrefix");
                if (pathMatches && methodMatches) {
                    candidates.add(new Candidate(rule, type.equals("Exact"), value.length(), match.has("method")));
                }
            }
        }
        return candidates.stream()
                .min(Comparator.comparing((Candidate c) -> !c.exact()).thenComparing(c -> -c.length())
                        .thenComparing(c -> !c.byMethod()))
                .map(c -> service(c.rule().at("/backendRefs/0/name").asText())).orElse(null);
    }

    /** An Ingress's choice: the longest matching path, Exact before Prefix at equal length. */
    private static String ingressService(JsonNode ingress, String path) {
        JsonNode best = null;
        for (JsonNode candidate : ingress.at("/spec/rules/0/http/paths")) {
            String type = candidate.path("pathType").asText();
            String value = candidate.path("path").asText();
            boolean matches = type.equals("Exact") ? path.equals(value) : segmentPrefix(path, value);
            if (matches && (best == null || value.length() > best.path("path").asText().length()
                    || value.length() == best.path("path").asText().length() && type.equals("Exact"))) {
                best = candidate;
            }
        }
        return best == null ? null : service(best.at("/backend/service/name").asText());
    }

    private static boolean segmentPrefix(String path, String prefix) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return path.equals(p) || path.startsWith(p + "/") || p.isEmpty();
    }

    /** eventlane-ingest-api: ingest-api. */
    private static String service(String name) {
        assertThat(name).startsWith("eventlane-");
        return name.substring("eventlane-".length());
    }
}
