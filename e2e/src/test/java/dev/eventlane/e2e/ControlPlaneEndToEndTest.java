package dev.eventlane.e2e;

import static dev.eventlane.e2e.Pipeline.INGEST;
import static dev.eventlane.e2e.Pipeline.QUERY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.eventlane.testkit.PostgresServer;

/**
 * Keys issued by the control plane, across separate processes: ingest-api and query-api learn of a revocation
 * from Kafka within a second, and ingest-api never needs PostgreSQL to accept an event. query-api runs on a
 * PostgreSQL of its own here, so stopping it leaves the other tests' control plane alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneEndToEndTest {

    private static PostgresServer postgres;
    private static Pipeline pipeline;
    private static Service ingest;
    private static Service query;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
        pipeline = Pipeline.logsIn("control-plane").postgres(postgres).start(QUERY, INGEST);
        ingest = pipeline.ingest();
        query = pipeline.query();
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    @Order(1)
    void aRevokedKeyIsRefusedByIngestAndQueryWithinASecond() {
        IssuedKey issued = IssuedKey.create(query.url(), "brother");
        Http key = new Http(issued.key());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ingestStatus(key) == 200
                && key.get(query.url() + "/events?limit=1").status() == 200);

        Http.Reply revoked = issued.owner().delete(query.url() + issued.keysPath() + "/" + issued.id());
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().get("revoked_at").isNull()).isFalse();

        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(
                () -> ingestStatus(key) == 401 && key.get(query.url() + "/events?limit=1").status() == 401);
        assertThat(key.post(ingest.url() + "/ingest", event()).body().get("error").asText())
                .isEqualTo("invalid_key");
    }

    @Test
    @Order(2)
    void ingestKeepsAcceptingIssuedKeysWhilePostgresIsDown() {
        IssuedKey issued = IssuedKey.create(query.url(), "brother");
        Http key = new Http(issued.key());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ingestStatus(key) == 200);

        postgres.stop();
        postgres = null;

        for (int i = 0; i < 20; i++) {
            assertThat(ingestStatus(key)).isEqualTo(200);
        }
        // query-api authenticates keys from Kafka too: reads that need no control plane go on.
        assertThat(key.get(query.url() + "/events?limit=1").status()).isEqualTo(200);
        assertThat(new Http("ll_unknown000000000000000000000000000000000000000000")
                .post(ingest.url() + "/ingest", event()).status()).isEqualTo(401);
    }

    private static int ingestStatus(Http key) {
        return key.post(ingest.url() + "/ingest", event()).status();
    }

    private static String event() {
        return "{\"action\":\"control_plane_e2e\",\"user_id\":\"u-" + UUID.randomUUID() + "\"}";
    }
}
