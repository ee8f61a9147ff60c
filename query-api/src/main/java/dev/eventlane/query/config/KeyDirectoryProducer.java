package dev.eventlane.query.config;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.Startup;

import dev.eventlane.schemas.auth.KeyDirectory;

/** The in-memory directory of API keys, read from the control plane's topic. */
@ApplicationScoped
public class KeyDirectoryProducer {

    @Produces
    @Singleton
    @Startup
    KeyDirectory directory(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, AuthConfig config) {
        return KeyDirectory.start(bootstrap, config.keysTopic(), config.staticKeys().orElse(List.of()),
                config.staticKeysPlan());
    }

    void close(@Disposes KeyDirectory directory) {
        directory.close();
    }
}
