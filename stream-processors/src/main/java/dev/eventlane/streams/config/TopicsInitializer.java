package dev.eventlane.streams.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.schemas.pipeline.Topic;
import dev.eventlane.schemas.pipeline.Topics;

/** Creates Eventlane's topics when missing, so a fresh broker needs no manual step. */
@ApplicationScoped
public class TopicsInitializer {

    private static final Logger LOG = Logger.getLogger(TopicsInitializer.class);

    private final KafkaSettings kafka;
    private final TopicsConfig config;

    public TopicsInitializer(KafkaSettings kafka, TopicsConfig config) {
        this.kafka = kafka;
        this.config = config;
    }

    /** Creates the catalogue's topics of this service that do not exist yet. */
    public void createTopics() throws InterruptedException {
        try (Admin admin = Admin.create(kafka.with(Map.of()))) {
            for (Topic topic : Topics.createdBy(Topic.Service.STREAM_PROCESSORS)) {
                int partitions = topic.partitions() == Topic.PIPELINE_PARTITIONS ? config.partitions()
                        : topic.partitions();
                try {
                    NewTopic created = new NewTopic(topic.name(), partitions, config.replicationFactor())
                            .configs(configsOf(topic.name(), config));
                    admin.createTopics(List.of(created)).all().get();
                    LOG.infof("Created topic %s with %d partitions, replication factor %d", topic.name(),
                            partitions, config.replicationFactor());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.warnf("Could not create topic %s: %s", topic.name(), e.getCause().getMessage());
                    }
                }
            }
        }
    }

    /** The catalogue's settings of the topic, and the configured {@code min.insync.replicas}. */
    static Map<String, String> configsOf(String topic, TopicsConfig config) {
        Map<String, String> configs = new HashMap<>(Topics.named(topic).map(Topic::configs).orElse(Map.of()));
        config.minInsyncReplicas().ifPresent(
                replicas -> configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(replicas)));
        return configs;
    }
}
