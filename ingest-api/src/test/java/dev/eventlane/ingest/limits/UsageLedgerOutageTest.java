package dev.eventlane.ingest.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.platform.time.ShiftedClock;
import dev.eventlane.platform.usage.UsageLedger;
import dev.eventlane.schemas.UsageCount;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.KafkaBroker;

/**
 * An ingest instance that starts while the broker is down (its own broker here, killed before the ledger starts):
 * the usage ledger shows the failure, keeps trying, creates its topic once the broker is back (no one else does
 * here), and then reads peers' counts. Before, the first timeout ended its thread for good.
 */
class UsageLedgerOutageTest {

    @Test
    void ledgerStartedWhileTheBrokerIsDownResumesOnceItIsBack() throws Exception {
        KafkaBroker kafka = KafkaBroker.start();
        try {
            kafka.kill();
            UsageLedger ledger = UsageLedger.start(KafkaSettings.bootstrap(kafka.bootstrapServers()),
                    "ingest-" + UUID.randomUUID(), null);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> ledger.problem() != null);
                assertThat(ledger.isPolling()).isTrue();

                kafka.restart();
                long restarted = System.nanoTime();
                ledger.add("p1", 3);
                await().atMost(Duration.ofSeconds(60)).until(() -> ledger.problem() == null);
                LocalDate today = LocalDate.now(ShiftedClock.fromSystemProperty());
                try (KafkaProducer<String, UsageCount> peer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                        EventlaneSerdes.usageCount().serializer())) {
                    peer.send(new ProducerRecord<>(Topics.USAGE, RecordKeys.usage("p1", today, "peer"),
                            new UsageCount("p1", today, "peer", 5L, null, null))).get();
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> ledger.today("p1") == 8);
                System.out.printf("UsageLedgerOutageTest: reading again %d ms after the broker was back%n",
                        (System.nanoTime() - restarted) / 1_000_000);
                assertThat(ledger.isPolling()).isTrue();
            } finally {
                ledger.close();
            }
        } finally {
            kafka.destroy();
        }
    }
}
