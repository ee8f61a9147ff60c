package dev.eventlane.query.control.rest;

import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import dev.eventlane.query.control.service.ControlException;

/** GoodLogs' error body for the dashboard API: {@code {"error":{"code":"UNAUTHORIZED","message":"..."}}}. */
public final class ControlExceptionMapper {

    private ControlExceptionMapper() {
    }

    static Response body(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", Map.of("code", code, "message", message))).build();
    }

    @Provider
    public static class Refused implements ExceptionMapper<ControlException> {
        @Override
        public Response toResponse(ControlException e) {
            return body(e.status(), e.code(), e.getMessage());
        }
    }

    @Provider
    public static class NotSignedIn implements ExceptionMapper<UnauthorizedException> {
        @Override
        public Response toResponse(UnauthorizedException e) {
            return body(401, "UNAUTHORIZED", "Sign in: send Authorization: Bearer <JWT or personal access token>");
        }
    }

    @Provider
    public static class BadCredentials implements ExceptionMapper<AuthenticationFailedException> {
        @Override
        public Response toResponse(AuthenticationFailedException e) {
            return body(401, "UNAUTHORIZED", "The token is invalid, expired or revoked");
        }
    }

    @Provider
    public static class NotAllowed implements ExceptionMapper<ForbiddenException> {
        @Override
        public Response toResponse(ForbiddenException e) {
            return body(403, "FORBIDDEN", "Not allowed");
        }
    }
}
