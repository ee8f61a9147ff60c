package dev.eventlane.query.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Completes the scanned OpenAPI document of query-api at build time with what depends on the surface a path
 * belongs to: its tag, its credential (an API key, or a user's JWT or personal access token) and the error body of
 * the product it imitates, for the statuses docs/ lists for it. Success bodies come from the resources' return
 * types and their OpenAPI annotations.
 */
public class OpenApiContract implements OASFilter {

    /** A surface: its tag, its error body (a schema of META-INF/openapi.yaml), its credentials and statuses. */
    private record Surface(String tag, String errorSchema, List<SecurityRequirement> security,
            Map<String, String> errors) {
    }

    private static final List<SecurityRequirement> API_KEY = List.of(scheme("apiKey"));
    private static final List<SecurityRequirement> USER = List.of(scheme("userToken"), scheme("personalToken"));

    private static final Surface ANALYTICS = new Surface("Analytics", "LogLogicError", API_KEY, statuses(
            "400", "Invalid parameter or cursor", "401", "Missing, unknown or revoked key",
            "403", "A public key, or a key without the scope", "404", "No such funnel",
            "503", "ClickHouse failed or timed out, keys still loading, or a deletion pending (Retry-After)"));
    private static final Surface GOODLOGS = new Surface("GoodLogs", "GoodLogsError", API_KEY, statuses(
            "400", "Invalid body", "401", "Missing, unknown or revoked key", "403", "The key lacks the scope",
            "404", "No such alert rule",
            "422", "An alert rule's GQL query is outside the alert subset (the position is in the message)",
            "503", "Keys still loading"));
    private static final Surface LOGFLUX = new Surface("LogFlux", "LogFluxError", API_KEY, statuses(
            "400", "Invalid parameter", "401", "Missing, unknown or revoked key", "403", "The key lacks the scope",
            "503", "ClickHouse failed or timed out"));
    private static final Surface SIGN_IN = new Surface("Control plane", "GoodLogsError", List.of(), statuses(
            "400", "Invalid body", "401", "Wrong email or password", "403", "Sign-up closed or invitation required",
            "404", "No such invitation", "409", "Email taken", "429", "Too many attempts (Retry-After)"));
    private static final Surface CONTROL = new Surface("Control plane", "GoodLogsError", USER, statuses(
            "400", "Invalid body", "401", "No, unknown, expired or revoked token",
            "402", "The plan does not include webhooks", "403", "The role does not allow it",
            "404", "No such org, project, member, key, token, webhook or invitation (someone else's included)",
            "409", "Conflict: a taken slug, already a member, the last owner, too many webhooks"));
    private static final Surface WEBHOOK_TEST = new Surface("Control plane", "GoodLogsError", USER, statuses(
            "401", "No, unknown, expired or revoked token",
            "402", "The plan does not include webhooks", "403", "Only the org's owners send test deliveries",
            "404", "No such org, project or live webhook (someone else's included)",
            "503", "Kafka did not take the test delivery in time"));

    private static final Surface WEB = new Surface("Web analytics", "WebError", USER, statuses(
            "400", "Invalid slug, visitor id, parameter or filter", "401", "No, unknown, expired or revoked token",
            "404", "No such project (or not the user's), or no such visitor",
            "503", "ClickHouse failed or timed out"));
    private static final Surface GQL = new Surface("GoodLogs", "GoodLogsError", API_KEY, statuses(
            "400", "The query does not parse (the position is in the message), or an invalid body",
            "401", "Missing, unknown or revoked key", "403", "The key lacks data:read",
            "422", "The query parses but cannot run, or needs more than a query's limits",
            "503", "ClickHouse failed"));
    private static final Surface DASHBOARD_GQL = new Surface("GoodLogs", "GoodLogsError", USER, statuses(
            "400", "The query does not parse (the position is in the message)",
            "401", "No, unknown, expired or revoked token", "404", "No such org or project (someone else's included)",
            "422", "The query parses but cannot run, or needs more than a query's limits",
            "503", "ClickHouse failed"));
    private static final Surface LIVE = new Surface("Control plane", "GoodLogsError", USER, statuses(
            "400", "An unknown source, or a filter value over 256 characters",
            "401", "No, unknown, expired or revoked token",
            "404", "No such org or project (someone else's included)"));

    private static final Surface GQL_NL = new Surface("GoodLogs", "GoodLogsError", API_KEY, statuses(
            "400", "No prompt (1 to 500 characters) or an unknown mode", "401", "Missing, unknown or revoked key",
            "403", "The key lacks data:read", "422", "The model's query is not valid GQL",
            "501", "NOT_CONFIGURED: the operator has configured no model (eventlane.gql.nl.url)",
            "502", "BAD_GATEWAY: the model's answer is not a chat completion",
            "503", "UNAVAILABLE: the model is unreachable, failing or too slow"));
    private static final Surface DASHBOARD_GQL_NL = new Surface("GoodLogs", "GoodLogsError", USER, statuses(
            "400", "No prompt (1 to 500 characters) or an unknown mode",
            "401", "No, unknown, expired or revoked token", "404", "No such org or project (someone else's included)",
            "422", "The model's query is not valid GQL",
            "501", "NOT_CONFIGURED: the operator has configured no model (eventlane.gql.nl.url)",
            "502", "BAD_GATEWAY: the model's answer is not a chat completion",
            "503", "UNAVAILABLE: the model is unreachable, failing or too slow"));
    private static final Surface SCHEMA = new Surface("GoodLogs", "GoodLogsError", API_KEY, statuses(
            "401", "Missing, unknown or revoked key", "403", "The key lacks data:read", "503", "ClickHouse failed"));
    private static final Surface DASHBOARD_SCHEMA = new Surface("GoodLogs", "GoodLogsError", USER, statuses(
            "401", "No, unknown, expired or revoked token", "404", "No such org or project (someone else's included)",
            "503", "ClickHouse failed"));

    /** The analytics reads' shared query parameters (docs/analytics.md): what they take, with examples. */
    private static final Map<String, Documented> QUERY_PARAMETERS = Map.of(
            "from", parameter("Start, inclusive: an ISO 8601 date-time or date (UTC)", "2026-11-01",
                    "2026-11-01T00:00:00Z"),
            "to", parameter("End, exclusive: an ISO 8601 date-time or date (UTC)", "2026-12-01",
                    "2026-12-01T00:00:00Z"),
            "range", parameter("Instead of from/to: 1h, 24h, 7d, 30d, 3m, 12m or all", "7d", "30d"),
            "limit", parameter("1-1000, default 100", "10", "1000"),
            "interval", parameter("day or week", "day", "week"),
            "periods", parameter("1-365", "14", "8"),
            "window", parameter("30m, 24h, 7d, 2w style or seconds; default 7d", "7d", "3600"));

    private record Documented(String description, List<Object> examples) {
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, operation) -> complete(surfaceOf(path), operation)));
    }

    @Override
    public Parameter filterParameter(Parameter parameter) {
        Documented known = QUERY_PARAMETERS.get(parameter.getName());
        if (known != null && parameter.getIn() == Parameter.In.QUERY && parameter.getSchema() != null) {
            parameter.description(known.description());
            parameter.getSchema().examples(known.examples());
        }
        return parameter;
    }

    private static Surface surfaceOf(String path) {
        if (path.startsWith("/api/web-events/")) {
            return WEB;
        }
        if (path.equals("/v1/gql/nl")) {
            return GQL_NL;
        }
        if (path.startsWith("/api/") && path.endsWith("/gql/nl")) {
            return DASHBOARD_GQL_NL;
        }
        if (path.startsWith("/v1/gql")) {
            return GQL;
        }
        if (path.startsWith("/api/") && (path.endsWith("/gql") || path.endsWith("/gql/autocomplete"))) {
            return DASHBOARD_GQL;
        }
        if (path.equals("/v1/schema")) {
            return SCHEMA;
        }
        if (path.startsWith("/api/orgs/") && path.endsWith("/schema")) {
            return DASHBOARD_SCHEMA;
        }
        if (path.startsWith("/api/orgs/") && path.endsWith("/live")) {
            return LIVE;
        }
        if (path.startsWith("/api/orgs/") && path.endsWith("/webhooks/{webhook}/test")) {
            return WEBHOOK_TEST;
        }
        if (path.startsWith("/api/auth/")) {
            return SIGN_IN;
        }
        if (path.startsWith("/api/")) {
            return CONTROL;
        }
        if (path.equals("/v1/logs")) {
            return LOGFLUX;
        }
        if (path.startsWith("/v1/")) {
            return GOODLOGS;
        }
        return ANALYTICS;
    }

    private static void complete(Surface surface, Operation operation) {
        operation.tags(List.of(surface.tag())).security(surface.security());
        Map<String, APIResponse> responses = new LinkedHashMap<>(operation.getResponses().getAPIResponses());
        // The scanner adds "200 OK" next to a declared 201, 202 or 204; errors are replaced by the surface's body.
        if (responses.containsKey("201") || responses.containsKey("202") || responses.containsKey("204")) {
            responses.remove("200");
        }
        responses.keySet().removeIf(status -> status.startsWith("4") || status.startsWith("5"));
        surface.errors().forEach((status, why) -> responses.put(status, OASFactory.createAPIResponse()
                .description(why).content(OASFactory.createContent().addMediaType("application/json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema()
                                .ref("#/components/schemas/" + surface.errorSchema()))))));
        APIResponses completed = OASFactory.createAPIResponses();
        responses.forEach(completed::addAPIResponse);
        operation.responses(completed);
    }

    private static Documented parameter(String description, Object... examples) {
        return new Documented(description, List.of(examples));
    }

    private static SecurityRequirement scheme(String name) {
        return OASFactory.createSecurityRequirement().addScheme(name);
    }

    private static Map<String, String> statuses(String... pairs) {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            statuses.put(pairs[i], pairs[i + 1]);
        }
        return statuses;
    }
}
