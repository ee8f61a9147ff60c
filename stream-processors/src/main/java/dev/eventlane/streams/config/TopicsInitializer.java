package dev.eventlane.streams.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import dev.eventlane.schemas.kafka.KafkaSettings;

/** Creates Eventlane's topics when missing, so a fresh broker needs no manual step. */
@ApplicationScoped
public class TopicsInitializer {

    private static final Logger LOG = Logger.getLogger(TopicsInitializer.class);
    /** The largest record on the logs topic (ingest-api's producer allows the same). */
    static final int LOG_RECORD_BYTES = 2 * 1024 * 1024;

    void createTopics(@Observes @Priority(1) StartupEvent startup,
            KafkaSettings kafka, TopicsConfig config)
            throws InterruptedException {
        try (Admin admin = Admin.create(kafka.with(Map.of()))) {
            for (String topic : Topics.ALL) {
                try {
                    NewTopic created = new NewTopic(topic, config.partitions(), config.replicationFactor())
                            .configs(configsOf(topic, config));
                    admin.createTopics(List.of(created)).all().get();
                    LOG.infof("Created topic %s with %d partitions, replication factor %d", topic,
                            config.partitions(), config.replicationFactor());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.warnf("Could not create topic %s: %s", topic, e.getCause().getMessage());
                    }
                }
            }
        }
    }

    static Map<String, String> configsOf(String topic, TopicsConfig config) {
        Map<String, String> configs = new HashMap<>();
        if (Topics.COMPACTED.contains(topic)) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        if (Topics.LOGS.equals(topic) || Topics.DEAD_LETTERS.equals(topic)) {
            // A LogFlux entry carries up to 1 MB of sealed payload, past the broker's default 1 MB; a dead letter may
            // be one.
            configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(LOG_RECORD_BYTES));
        }
        config.minInsyncReplicas().ifPresent(
                replicas -> configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(replicas)));
        return configs;
    }
}
