package dev.eventlane.streams.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
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

    /**
     * Creates the catalogue's topics of this service that do not exist yet. While the broker does not answer (it may
     * start after this service), each creation is retried until {@link TopicsConfig#createTimeout()}; then start-up
     * fails, so the orchestrator restarts the service instead of it running without its topics.
     */
    public void createTopics() throws InterruptedException {
        long deadline = System.nanoTime() + config.createTimeout().toNanos();
        long attemptMillis = Math.max(1000, Math.min(15_000, config.createTimeout().toMillis()));
        Map<String, Object> props = Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) attemptMillis,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) attemptMillis);
        try (Admin admin = Admin.create(kafka.with(props))) {
            for (Topic topic : Topics.createdBy(Topic.Service.STREAM_PROCESSORS)) {
                create(admin, topic, deadline);
            }
        }
    }

    private void create(Admin admin, Topic topic, long deadline) throws InterruptedException {
        int partitions = topic.partitions() == Topic.PIPELINE_PARTITIONS ? config.partitions() : topic.partitions();
        NewTopic created = new NewTopic(topic.name(), partitions, config.replicationFactor())
                .configs(configsOf(topic.name(), config));
        while (true) {
            try {
                admin.createTopics(List.of(created)).all().get();
                LOG.infof("Created topic %s with %d partitions, replication factor %d", topic.name(), partitions,
                        config.replicationFactor());
                return;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof TopicExistsException) {
                    return;
                }
                if (!(cause instanceof RetriableException)) {
                    LOG.warnf("Could not create topic %s: %s", topic.name(), cause.getMessage());
                    return;
                }
                if (System.nanoTime() >= deadline) {
                    throw new IllegalStateException("Kafka did not answer within " + config.createTimeout()
                            + " (eventlane.topics.create-timeout) while creating topic " + topic.name(), cause);
                }
                LOG.warnf("Kafka not answering yet, retrying the creation of topic %s: %s", topic.name(),
                        cause.getMessage());
                TimeUnit.SECONDS.sleep(1);
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
