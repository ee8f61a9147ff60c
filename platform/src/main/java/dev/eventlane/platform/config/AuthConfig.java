package dev.eventlane.platform.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.eventlane.schemas.pipeline.Topics;

@ConfigMapping(prefix = "eventlane.auth")
public interface AuthConfig {

    /**
     * Keys given by configuration, as {@code key=projectId} pairs: secret keys with every scope, beside the keys
     * the control plane issues. For operators and tests.
     */
    Optional<List<String>> staticKeys();

    /** The plan of the projects of {@link #staticKeys()}: by default no limits, they are the operator's own keys. */
    @WithDefault("unlimited")
    String staticKeysPlan();

    /** The compacted topic the control plane publishes API keys on. */
    @WithDefault(Topics.API_KEYS)
    String keysTopic();
}
