package dev.eventlane.query.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The dashboard: a static single-page app in {@code META-INF/resources/app}, served under {@code /app/}. The site's
 * root redirects to it; its charting library (a webjar) is served under the same prefix, at {@code /app/vendor/};
 * its pages may load scripts, styles and data from this origin only.
 */
@ApplicationScoped
public class DashboardRoutes {

    static final String PREFIX = "/app/";
    static final String VENDOR = PREFIX + "vendor/";
    /** Where webjars are served; their paths carry the library's version. */
    static final String WEBJARS = "/webjars/";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";

    void routes(@Observes Router router) {
        router.route(HttpMethod.GET, "/").order(-100).handler(rc -> redirectExactly(rc, "/"));
        router.route(HttpMethod.GET, "/app").order(-100).handler(rc -> redirectExactly(rc, "/app"));
        router.route(PREFIX + "*").order(-100).handler(DashboardRoutes::secured);
        router.route(HttpMethod.GET, VENDOR + "*").order(-99)
                .handler(rc -> rc.reroute(WEBJARS + rc.normalizedPath().substring(VENDOR.length())));
        // A rerouted request starts afresh: the webjar's own route gets the vendored files' caching.
        router.route(HttpMethod.GET, WEBJARS + "*").order(-100).handler(rc -> cached(rc, IMMUTABLE));
    }

    /** Vert.x matches a path route with and without a trailing slash: only the exact path is redirected. */
    private static void redirectExactly(RoutingContext rc, String path) {
        if (rc.normalizedPath().equals(path)) {
            rc.response().setStatusCode(302).putHeader("Location", PREFIX).end();
        } else {
            rc.next();
        }
    }

    private static void secured(RoutingContext rc) {
        rc.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
        cached(rc, cacheControl(rc.normalizedPath()));
    }

    /** Set last: the static handler writes its own caching headers on the way out. */
    private static void cached(RoutingContext rc, String cacheControl) {
        rc.addHeadersEndHandler(end -> rc.response().headers().set("Cache-Control", cacheControl));
        rc.next();
    }

    /**
     * The vendored library's paths carry its version, so a browser keeps them for a year without asking; the app's
     * own files keep their names across releases, so the browser revalidates them (a 304 when unchanged).
     */
    static String cacheControl(String path) {
        return path.startsWith(VENDOR) ? IMMUTABLE : REVALIDATE;
    }
}
