package dev.eventlane.platform.config;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

import dev.eventlane.platform.auth.KeyDirectory;
import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.platform.kafka.TopicPoller;

/** The in-memory directory of API keys, read from the control plane's topic. */
@ApplicationScoped
public class KeyDirectoryProducer {

    @Produces
    @Singleton
    @Startup
    KeyDirectory directory(KafkaSettings kafka, AuthConfig config,
            MeterRegistry registry) {
        KeyDirectory directory = KeyDirectory.start(kafka, config.keysTopic(),
                config.staticKeys().orElse(List.of()), config.staticKeysPlan());
        // Records of the topic that did not decode: skipped, never the end of the poller.
        FunctionCounter.builder("eventlane.control.records.skipped", directory, TopicPoller::skippedRecords)
                .tag("topic", directory.topic()).register(registry);
        return directory;
    }

    void close(@Disposes KeyDirectory directory) {
        directory.close();
    }
}
