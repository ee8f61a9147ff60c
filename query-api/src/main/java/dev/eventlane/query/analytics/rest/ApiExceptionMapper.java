package dev.eventlane.query.analytics.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;

import dev.eventlane.platform.auth.Refusal;
import dev.eventlane.platform.clickhouse.ClickHouseException;
import dev.eventlane.query.analytics.service.ApiException;
import dev.eventlane.query.security.ApiKeyRefusedException;

/** LogLogic's error body for refused requests and keys, and a 503 (never a stack trace) when ClickHouse fails. */
public final class ApiExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

    private ApiExceptionMapper() {
    }

    /** LogLogic's error body, fields in the documented order. */
    record Failure(boolean ok, String error, String message) {
    }

    static Response body(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new Failure(false, code, message)).build();
    }

    @Provider
    public static class Refused implements ExceptionMapper<ApiException> {
        @Override
        public Response toResponse(ApiException e) {
            return body(e.status(), e.code(), e.getMessage());
        }
    }

    @Provider
    public static class KeyRefused implements ExceptionMapper<ApiKeyRefusedException> {
        @Override
        public Response toResponse(ApiKeyRefusedException e) {
            Refusal refusal = e.refusal();
            return body(refusal.status(), refusal.code(), refusal.message());
        }
    }

    @Provider
    public static class StorageFailed implements ExceptionMapper<ClickHouseException> {
        @Override
        public Response toResponse(ClickHouseException e) {
            LOG.warnf("ClickHouse query failed: %s", e.getMessage());
            Response response = body(503, "unavailable", "Event storage is temporarily unavailable; retry later");
            return Response.fromResponse(response).header("Retry-After", 2).build();
        }
    }
}
