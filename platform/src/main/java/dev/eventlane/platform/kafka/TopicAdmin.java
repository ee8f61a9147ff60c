package dev.eventlane.platform.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates a service's own topics when they are missing, so a fresh broker needs no manual step. */
public final class TopicAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private static final long TIMEOUT_SECONDS = 10;

    private TopicAdmin() {
    }

    /** Creates {@code topic} with the broker's replication factor and {@code configs}, unless it exists. */
    public static void ensure(KafkaSettings kafka, String topic, int partitions, Map<String, String> configs) {
        try (Admin admin = Admin.create(kafka.with(Map.of()))) {
            NewTopic created = new NewTopic(topic, partitions, (short) -1).configs(configs);
            admin.createTopics(List.of(created)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("Created topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("Could not create topic {}: {}", topic, e.getCause().getMessage());
            }
        } catch (TimeoutException e) {
            LOG.warn("Could not create topic {} within {} s; is Kafka up?", topic, TIMEOUT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
