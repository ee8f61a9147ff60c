package dev.eventlane.ingest.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which web pages may send events from a browser with a public key (CORS). Only the endpoints that take public
 * keys answer CORS at all, and only answers to a public key carry {@code Access-Control-Allow-Origin}: a secret key
 * in a web page is a leak, so its answers stay unreadable there.
 */
@ConfigMapping(prefix = "eventlane.cors")
public interface CorsConfig {

    /** Off: no CORS headers anywhere, preflights answered as any other unknown method. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Origins allowed to send ({@code https://shop.example.com}), compared exactly; {@code *}: any origin. The
     * answer always names the request's origin, never {@code *}.
     */
    @WithDefault("*")
    List<String> allowedOrigins();

    /** Request headers a page may send. */
    @WithDefault("Authorization,Content-Type,Content-Encoding")
    List<String> allowedHeaders();

    /** Answer headers a page may read (rate limits and when to retry). */
    @WithDefault("Retry-After,X-RateLimit-Limit,X-RateLimit-Remaining,X-RateLimit-Reset")
    List<String> exposedHeaders();

    /** How long a browser may keep a preflight's answer (Chromium keeps at most 2 hours). */
    @WithDefault("2h")
    Duration maxAge();
}
