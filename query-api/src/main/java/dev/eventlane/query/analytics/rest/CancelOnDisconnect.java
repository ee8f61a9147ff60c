package dev.eventlane.query.analytics.rest;

import jakarta.inject.Singleton;

import io.vertx.ext.web.RoutingContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.eventlane.platform.clickhouse.QueryScope;

/**
 * Kills a request's ClickHouse queries when its client goes away: ClickHouse 18.16 keeps running a query whose HTTP
 * client (query-api) is gone, and query-api would otherwise wait for an answer nobody reads until its own timeout.
 * Request and response filters run on the thread of the resource method (a worker thread for these blocking
 * endpoints), so the scope opened here is the one every query of the request registers with.
 */
@Singleton
public class CancelOnDisconnect {

    private static final String SCOPE = QueryScope.class.getName();

    @ServerRequestFilter
    public void openScope(RoutingContext context) {
        QueryScope scope = QueryScope.open();
        context.put(SCOPE, scope);
        // Called only when the connection closes before the answer was sent; the kill is a blocking HTTP call.
        context.response().closeHandler(closed -> context.vertx().executeBlocking(() -> {
            scope.cancel();
            return null;
        }, false));
    }

    @ServerResponseFilter
    public void closeScope(RoutingContext context) {
        QueryScope scope = context.get(SCOPE);
        if (scope != null) {
            scope.close();
        }
    }
}
