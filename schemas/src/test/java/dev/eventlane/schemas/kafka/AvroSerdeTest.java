package dev.eventlane.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.AlertRule;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.KeyType;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Session;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.UsageCount;

class AvroSerdeTest {

    private static final Instant EVENT_TIME = Instant.parse("2026-11-01T10:15:30.123Z");
    private static final Instant RECEIVED = Instant.parse("2026-11-01T10:15:31.456Z");

    @Test
    void roundTripsEveryField() {
        AvroSerde<Event> serde = EventlaneSerdes.event();
        Event event = Event.newBuilder()
                .setEventId("evt_1").setProjectId("p1").setSource(Source.LOGLOGIC).setName("purchase")
                .setUserId("usr_1").setSessionId("s1").setFunnel("checkout").setPlatform("iOS")
                .setTimestamp(EVENT_TIME).setReceivedAt(RECEIVED)
                .setProperties(Map.of("amount", "49.99", "sku", "\"SHOE-42\""))
                .setContext(EventContext.newBuilder().setIp("203.0.113.9").setUserAgent("curl/8").build())
                .build();

        byte[] bytes = serde.serialize("events", event);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(serde.deserialize("events", bytes)).isEqualTo(event);
    }

    @Test
    void readsRecordWrittenWithAnOlderSchema() throws IOException {
        Schema older = parse("/avro-old/event-v0.avsc");
        GenericRecord old = new GenericData.Record(older);
        old.put("event_id", "evt_old");
        old.put("project_id", "p1");
        old.put("name", "app_open");
        old.put("user_id", "usr_9");
        old.put("timestamp", EVENT_TIME.toEpochMilli());
        old.put("received_at", RECEIVED.toEpochMilli());
        old.put("legacy_note", "dropped by the new reader");
        byte[] bytes = singleObject(older, old);

        Event read = new AvroSerde<>(Event.class, List.of(older)).deserialize("events", bytes);

        assertThat(read.getEventId()).isEqualTo("evt_old");
        assertThat(read.getName()).isEqualTo("app_open");
        assertThat(read.getUserId()).isEqualTo("usr_9");
        assertThat(read.getTimestamp()).isEqualTo(EVENT_TIME);
        assertThat(read.getSource()).isEqualTo(Source.UNKNOWN);
        assertThat(read.getPlatform()).isNull();
        assertThat(read.getProperties()).isEmpty();
        assertThat(read.getContext().getIp()).isNull();
    }

    @Test
    void readsSessionsWrittenBeforePublishedStart() throws IOException {
        Schema v1 = parse("/avro-history/session-v1.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("project_id", "p1");
        old.put("user_id", "usr_1");
        old.put("session_id", "s1");
        old.put("inferred", false);
        old.put("start", EVENT_TIME.toEpochMilli());
        old.put("end", RECEIVED.toEpochMilli());
        old.put("event_count", 2L);
        old.put("entry_action", "app_open");
        old.put("entry_event_id", "evt_1");
        old.put("exit_action", "purchase");
        old.put("exit_event_id", "evt_2");
        old.put("deleted", false);
        byte[] bytes = singleObject(v1, old);

        Session read = EventlaneSerdes.session().deserialize("sessions", bytes);

        assertThat(read.getSessionId()).isEqualTo("s1");
        assertThat(read.getStart()).isEqualTo(EVENT_TIME);
        assertThat(read.getEventCount()).isEqualTo(2);
        assertThat(read.getPublishedStart()).isNull();
    }

    @Test
    void readsKeyGrantsWrittenBeforeAllowedOrigins() throws IOException {
        Schema v1 = parse("/avro-history/key-grant-v1.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("key_id", "k1");
        old.put("project_id", "p1");
        old.put("org_id", "o1");
        old.put("type", new GenericData.EnumSymbol(v1.getField("type").schema(), "PUBLIC"));
        old.put("scopes", List.of("ingest:write"));
        old.put("plan", "free");
        old.put("revoked", false);
        byte[] bytes = singleObject(v1, old);

        KeyGrant read = EventlaneSerdes.keyGrant().deserialize("api-keys", bytes);

        assertThat(read.getKeyId()).isEqualTo("k1");
        assertThat(read.getType()).isEqualTo(KeyType.PUBLIC);
        assertThat(read.getAllowedOrigins()).isEmpty();
    }

    @Test
    void readsAlertRulesWrittenBeforeGqlConditions() throws IOException {
        Schema v1 = parse("/avro-history/alert-rule-v1.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("rule_id", "r1");
        old.put("project_id", "p1");
        old.put("name", "Errors");
        old.put("source", "logs");
        old.put("match", "error");
        old.put("window_ms", 300_000L);
        old.put("condition", "above");
        old.put("threshold", 10L);
        old.put("enabled", true);
        byte[] bytes = singleObject(v1, old);

        AlertRule read = EventlaneSerdes.alertRule().deserialize("alert-rules", bytes);

        assertThat(read.getMatch()).isEqualTo("error");
        assertThat(read.getWindowMs()).isEqualTo(300_000L);
        assertThat(read.getQuery()).isNull();
        assertThat(read.getFilter()).isNull();
        assertThat(read.getAggregation()).isEqualTo("count");
    }

    @Test
    void readsGqlAlertRulesWrittenBeforeTheirAggregation() throws IOException {
        Schema v2 = parse("/avro-history/alert-rule-v2.avsc");
        GenericRecord old = new GenericData.Record(v2);
        old.put("rule_id", "r2");
        old.put("project_id", "p1");
        old.put("name", "Signups");
        old.put("source", "events");
        old.put("match", "");
        old.put("window_ms", 3_600_000L);
        old.put("condition", "above");
        old.put("threshold", 5L);
        old.put("enabled", true);
        old.put("query", "from:events event:signup | count | last 1h");
        old.put("filter", null);
        byte[] bytes = singleObject(v2, old);

        AlertRule read = EventlaneSerdes.alertRule().deserialize("alert-rules", bytes);

        assertThat(read.getQuery()).isEqualTo("from:events event:signup | count | last 1h");
        assertThat(read.getThreshold()).isEqualTo(5L);
        assertThat(read.getAggregation()).isEqualTo("count");
    }

    @Test
    void readsUsageCountsWrittenBeforeRequestCounts() throws IOException {
        Schema v1 = parse("/avro-history/usage-count-v1.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("project_id", "p1");
        old.put("day", 20_000);
        old.put("instance", "ingest-1");
        old.put("events", 42L);
        byte[] bytes = singleObject(v1, old);

        UsageCount read = EventlaneSerdes.usageCount().deserialize("usage", bytes);

        assertThat(read.getEvents()).isEqualTo(42L);
        assertThat(read.getMinute()).isNull();
        assertThat(read.getKeyId()).isNull();
    }

    @Test
    void refusesRecordOfUnknownSchema() throws IOException {
        Schema older = parse("/avro-old/event-v0.avsc");
        GenericRecord old = new GenericData.Record(older);
        old.put("event_id", "e");
        old.put("project_id", "p");
        old.put("name", "n");
        old.put("timestamp", 0L);
        old.put("received_at", 0L);
        byte[] bytes = singleObject(older, old);

        assertThatThrownBy(() -> EventlaneSerdes.event().deserialize("events", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a known Eventlane Avro record");
        assertThatThrownBy(() -> EventlaneSerdes.event().deserialize("events", new byte[] {1, 2, 3}))
                .isInstanceOf(SerializationException.class);
    }

    /** The record in single-object encoding, as an older version of Eventlane wrote it. */
    private static byte[] singleObject(Schema schema, GenericRecord record) throws IOException {
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        return bytes;
    }

    private static Schema parse(String resource) throws IOException {
        try (InputStream in = AvroSerdeTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        }
    }
}
