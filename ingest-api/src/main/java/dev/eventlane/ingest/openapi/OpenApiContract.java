package dev.eventlane.ingest.openapi;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes the scanned OpenAPI document of ingest-api at build time: every resource reads its body as raw bytes
 * and answers a {@code Response}, so the bodies, the success answer and each surface's error body come from the
 * schemas of {@code META-INF/openapi.yaml}, attached here by method and path. An operation missing from the table
 * keeps what the scanner found (a raw body, no error statuses), which e2e's contract check then refuses.
 */
public class OpenApiContract implements OASFilter {

    /** A surface: its tag and its error body (a schema of META-INF/openapi.yaml). */
    private record Surface(String name, String errorSchema) {
    }

    private static final Surface LOGLOGIC = new Surface("LogLogic", "LogLogicError");
    private static final Surface GOODLOGS = new Surface("GoodLogs", "GoodLogsError");
    private static final Surface LOGFLUX = new Surface("LogFlux", "LogFluxError");
    private static final Surface LOGSH = new Surface("Logsh", "LogshError");
    /** The tracker's collection: GoodLogs' error body shape, {@code {"error":{"code","message"}}}. */
    private static final Surface WEB = new Surface("Web analytics", "GoodLogsError");

    /** Statuses every ingest surface answers besides its success (docs/README.md, common to every surface). */
    private static final Map<String, String> ERRORS = Map.of(
            "400", "Invalid body (the message names the field)",
            "401", "Missing, unknown or revoked key",
            "402", "The plan's events of the UTC day are spent",
            "403", "The key lacks the scope (a public key on a secret-key endpoint)",
            "413", "Body, batch or field over its limit",
            "429", "Rate limit reached (Retry-After)",
            "503", "Kafka did not acknowledge in time (Retry-After)");

    private record Contract(Surface surface, String summary, String request, String status, String response) {
    }

    private static final Map<String, Contract> OPERATIONS = Map.of(
            "POST /ingest", new Contract(LOGLOGIC, "Ingest one event", "LogLogicEvent", "200", "LogLogicIngested"),
            "POST /ingest/batch", new Contract(LOGLOGIC, "Ingest 1-100 events, all or nothing", "LogLogicBatch",
                    "200", "LogLogicBatchIngested"),
            "POST /v1/events", new Contract(GOODLOGS, "Ingest a batch of 1-500 events", "GoodLogsEvents", "202",
                    "GoodLogsAccepted"),
            "POST /v1/logs", new Contract(GOODLOGS, "Ingest a batch of 1-500 log entries (secret key)",
                    "GoodLogsLogs", "202", "GoodLogsAccepted"),
            "POST /v1/ingest", new Contract(LOGFLUX, "Ingest one encrypted log entry (secret key)", "LogFluxEntry",
                    "200", "LogFluxProcessed"),
            "POST /v1/batch", new Contract(LOGFLUX, "Ingest 1-100 encrypted log entries (secret key)",
                    "LogFluxBatch", "200", "LogFluxProcessed"),
            "POST /api/event", new Contract(LOGSH, "Log one event", "LogshEvent", "200", "LogshCreated"),
            "POST /collect", new Contract(WEB, "Record one page view or custom event (the tracker; a public key)",
                    "WebCollect", "202", "WebAccepted"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, operation) -> complete(method + " " + path, operation)));
    }

    private static void complete(String key, Operation operation) {
        if (key.equals("GET /loguro.js")) {
            tracker(operation);
            return;
        }
        Contract contract = OPERATIONS.get(key);
        if (contract == null) {
            operation.security(List.of(OASFactory.createSecurityRequirement().addScheme("apiKey")));
            return;
        }
        operation.summary(contract.summary()).tags(List.of(contract.surface().name()))
                .security(List.of(OASFactory.createSecurityRequirement().addScheme("apiKey")))
                .requestBody(OASFactory.createRequestBody().required(true).content(json(contract.request())));
        APIResponses responses = OASFactory.createAPIResponses()
                .addAPIResponse(contract.status(), response("Accepted", contract.response()));
        ERRORS.forEach((status, why) -> responses.addAPIResponse(status,
                response(why, contract.surface().errorSchema())));
        operation.responses(responses);
    }

    /** The tracker script: no credential (the page names its key), JavaScript or 304 to a matching ETag. */
    private static void tracker(Operation operation) {
        operation.summary("The tracker script (docs/web.md)").tags(List.of(WEB.name())).security(List.of())
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("200", OASFactory.createAPIResponse().description("The script")
                                .content(OASFactory.createContent().addMediaType("text/javascript",
                                        OASFactory.createMediaType().schema(OASFactory.createSchema()
                                                .addType(org.eclipse.microprofile.openapi.models.media.Schema
                                                        .SchemaType.STRING)))))
                        .addAPIResponse("304", OASFactory.createAPIResponse()
                                .description("Not modified (If-None-Match matched the ETag)")));
    }

    private static APIResponse response(String description, String schema) {
        return OASFactory.createAPIResponse().description(description).content(json(schema));
    }

    private static Content json(String schema) {
        return OASFactory.createContent().addMediaType("application/json", OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("#/components/schemas/" + schema)));
    }
}
