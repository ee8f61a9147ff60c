package dev.eventlane.query.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "eventlane.auth")
public interface AuthConfig {

    /** API keys as {@code key=projectId} pairs, until the control plane serves keys. */
    Optional<List<String>> staticKeys();
}
