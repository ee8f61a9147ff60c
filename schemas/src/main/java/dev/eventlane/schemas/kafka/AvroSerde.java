package dev.eventlane.schemas.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one Kafka serde for Eventlane's Avro records, used by producers, consumers and Kafka Streams alike.
 *
 * <p>Records are written in Avro single-object encoding: a two-byte marker, the 64-bit fingerprint of the writer
 * schema, then the binary record. Readers resolve the writer schema by fingerprint from the current schema and every
 * previous version they were given, so schemas evolve without a registry server.
 */
public final class AvroSerde<T extends SpecificRecordBase> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    /**
     * @param type             the generated record class (its schema is the one written)
     * @param previousVersions earlier versions of the same record's schema that may still be on a topic
     */
    public AvroSerde(Class<T> type, List<Schema> previousVersions) {
        // The generated class's own model may resolve classes through another class loader (as in Quarkus tests);
        // a model bound to the record's loader, with the same logical-type conversions, always finds them.
        SpecificData generated = SpecificData.getForClass(type);
        SpecificData model = new SpecificData(type.getClassLoader());
        generated.getConversions().forEach(model::addLogicalTypeConversion);
        Schema current = generated.getSchema(type);
        SchemaStore.Cache known = new SchemaStore.Cache();
        previousVersions.forEach(known::addSchema);
        this.encoder = new BinaryMessageEncoder<>(model, current);
        this.decoder = new BinaryMessageDecoder<>(model, current, known);
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return decoder.decode(data);
        } catch (MissingSchemaException | BadHeaderException e) {
            throw new SerializationException("Record on " + topic + " is not a known Eventlane Avro record", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode record on " + topic, e);
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // configured through the constructor
    }

    @Override
    public void close() {
        // stateless
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
