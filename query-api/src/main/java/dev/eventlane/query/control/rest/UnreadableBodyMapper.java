package dev.eventlane.query.control.rest;

import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Request bodies that are not JSON or do not bind to the endpoint's fields: GoodLogs' 400 {@code VALIDATION_ERROR}
 * naming the field, where Quarkus would answer an empty 400 (every body-taking endpoint of query-api is the
 * control plane's; the analytics reads take none). The message names fields, never Java types.
 */
public final class UnreadableBodyMapper {

    private UnreadableBodyMapper() {
    }

    static Response invalid(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? mapping.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")) : "";
        return ControlExceptionMapper.body(400, "VALIDATION_ERROR", field.isEmpty()
                ? "The body must be a JSON object with the documented fields"
                : "Field " + field + " has the wrong type");
    }

    @Provider
    public static class Unbound implements ExceptionMapper<MismatchedInputException> {
        @Override
        public Response toResponse(MismatchedInputException e) {
            return invalid(e);
        }
    }

    /** Quarkus wraps unparsable JSON in a 400 WebApplicationException; any other keeps its own answer. */
    @Provider
    public static class Unparsable implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            if (e.getCause() instanceof JsonProcessingException json && e.getResponse().getStatus() == 400) {
                return invalid(json);
            }
            return e.getResponse();
        }
    }
}
