package dev.eventlane.ingest.logflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.platform.usage.UsageLedger;
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.KeyType;
import dev.eventlane.testkit.KafkaBroker;

/**
 * LogFlux's 600 requests a minute hold across ingest instances: two limiters, each with its own usage ledger on a
 * real broker, together admit 600 requests of a key in a minute and refuse the 601st, on either instance.
 */
class SharedRequestLimitTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @Test
    void twoInstancesTogetherRefuseThe601stRequestOfAMinute() {
        KafkaBroker kafka = KafkaBroker.start();
        MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:30Z"));
        KafkaSettings settings = KafkaSettings.bootstrap(kafka.bootstrapServers());
        UsageLedger ledgerA = UsageLedger.start(settings, "ingest-a-" + UUID.randomUUID(), null, clock);
        UsageLedger ledgerB = UsageLedger.start(settings, "ingest-b-" + UUID.randomUUID(), null, clock);
        try {
            RequestLimiter a = new RequestLimiter(600, ledgerA, clock);
            RequestLimiter b = new RequestLimiter(600, ledgerB, clock);
            KeyGrant key = grant("key-1");

            for (int i = 1; i <= 300; i++) {
                assertThat(a.admit(key)).containsEntry("X-RateLimit-Remaining", Long.toString(600 - i));
            }
            await().atMost(BOUND).until(() -> b.used(key) == 300);
            Map<String, String> last = Map.of();
            for (int i = 1; i <= 300; i++) {
                last = b.admit(key);
            }
            assertThat(last).containsEntry("X-RateLimit-Limit", "600").containsEntry("X-RateLimit-Remaining", "0")
                    .containsEntry("X-RateLimit-Reset", Long.toString(Instant.parse("2026-03-01T10:01:00Z")
                            .getEpochSecond()));
            assertRefused(b, key);
            await().atMost(BOUND).until(() -> a.used(key) == 600);
            assertRefused(a, key);
            assertThat(a.admit(grant("key-2"))).containsEntry("X-RateLimit-Remaining", "599");

            // The next minute starts from zero on both instances.
            clock.set(Instant.parse("2026-03-01T10:01:00Z"));
            assertThat(a.admit(key)).containsEntry("X-RateLimit-Remaining", "599");
            await().atMost(BOUND).until(() -> b.used(key) == 1);
            assertThat(b.admit(key)).containsEntry("X-RateLimit-Remaining", "598");
        } finally {
            ledgerA.close();
            ledgerB.close();
            kafka.destroy();
        }
    }

    private static void assertRefused(RequestLimiter limiter, KeyGrant key) {
        assertThatThrownBy(() -> limiter.admit(key)).isInstanceOfSatisfying(IngestException.class, refused -> {
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.code()).isEqualTo("RATE_LIMIT_EXCEEDED");
            assertThat(refused.retryAfterSeconds()).isEqualTo(30);
            assertThat(refused.headers()).containsEntry("X-RateLimit-Remaining", "0");
        });
    }

    private static KeyGrant grant(String keyId) {
        return KeyGrant.newBuilder().setKeyId(keyId).setProjectId("project-1").setOrgId("org-1")
                .setType(KeyType.SECRET).setScopes(List.of("ingest:write")).setPlan("free").build();
    }

    /** A clock the test moves; "now" stays put between moves. */
    private static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
