package dev.eventlane.schemas.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
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

    /** Single-object encoding: marker C3 01, then the writer schema's 64-bit fingerprint, little-endian. */
    private static final int HEADER_BYTES = 10;

    private final BinaryMessageEncoder<T> encoder;
    private final SpecificData model;
    private final Schema current;
    private final SchemaStore.Cache known = new SchemaStore.Cache();
    private final Map<Long, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /**
     * @param type             the generated record class (its schema is the one written)
     * @param previousVersions earlier versions of the same record's schema that may still be on a topic
     */
    public AvroSerde(Class<T> type, List<Schema> previousVersions) {
        // The generated class's own model may resolve classes through another class loader (as in Quarkus tests);
        // a model bound to the record's loader, with the same logical-type conversions, always finds them.
        SpecificData generated = SpecificData.getForClass(type);
        this.model = new SpecificData(type.getClassLoader());
        generated.getConversions().forEach(model::addLogicalTypeConversion);
        this.current = generated.getSchema(type);
        known.addSchema(current);
        previousVersions.forEach(known::addSchema);
        this.encoder = new BinaryMessageEncoder<>(model, current);
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

    /**
     * Reads the single-object header itself and decodes the body straight from the array: Avro's own message
     * decoder reads through an InputStream byte by byte, which made decoding the sink's largest cost.
     */
    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < HEADER_BYTES || data[0] != (byte) 0xC3 || data[1] != (byte) 0x01) {
            throw new SerializationException("Record on " + topic + " is not a known Eventlane Avro record");
        }
        long fingerprint = ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        DatumReader<T> reader = readers.computeIfAbsent(fingerprint, this::readerFor);
        if (reader == null) {
            throw new SerializationException("Record on " + topic + " is not a known Eventlane Avro record:"
                    + " no schema with fingerprint " + Long.toHexString(fingerprint));
        }
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(data, HEADER_BYTES,
                    data.length - HEADER_BYTES, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode record on " + topic, e);
        }
    }

    /** The fingerprint this serde writes (that of the record's current schema). */
    public long fingerprint() {
        return SchemaNormalization.parsingFingerprint64(current);
    }

    /** Whether records written with the schema of this fingerprint can be read. */
    public boolean reads(long fingerprint) {
        return known.findByFingerprint(fingerprint) != null;
    }

    /** Reads records written with the schema of that fingerprint into the current class; null if unknown. */
    @SuppressWarnings("unchecked")
    private DatumReader<T> readerFor(long fingerprint) {
        Schema writer = known.findByFingerprint(fingerprint);
        return writer == null ? null : (DatumReader<T>) model.createDatumReader(writer, current);
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
