package dev.eventlane.query.control.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import dev.eventlane.query.control.service.RateLimitedException;

/** 429 in the dashboard's error body, with the {@code Retry-After} a client needs to back off. */
@Provider
public class RateLimitedMapper implements ExceptionMapper<RateLimitedException> {

    @Override
    public Response toResponse(RateLimitedException e) {
        return Response.fromResponse(ControlExceptionMapper.body(e.status(), e.code(), e.getMessage()))
                .header("Retry-After", e.retryAfterSeconds()).build();
    }
}
