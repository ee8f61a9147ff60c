package dev.eventlane.query.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Natural language to GQL ({@code POST /v1/gql/nl}): an OpenAI-compatible chat-completions endpoint the operator
 * chooses. Without {@link #url()} the endpoints answer 501 {@code NOT_CONFIGURED}; nothing is sent anywhere.
 */
@ConfigMapping(prefix = "eventlane.gql.nl")
public interface GqlNlConfig {

    /**
     * The API's base URL, such as {@code https://api.openai.com/v1} or a local server's {@code http://host:8000/v1};
     * {@code /chat/completions} is appended. Absent: natural language is not offered.
     */
    Optional<String> url();

    /** The model asked. */
    @WithDefault("gpt-4o-mini")
    String model();

    /** Sent as {@code Authorization: Bearer <key>} when set (by env var {@code EVENTLANE_GQL_NL_API_KEY}). */
    Optional<String> apiKey();

    /** How long the model may take to answer. */
    @WithDefault("30s")
    Duration timeout();
}
