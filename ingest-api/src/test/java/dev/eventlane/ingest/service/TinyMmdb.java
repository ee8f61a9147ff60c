package dev.eventlane.ingest.service;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a tiny IPv4 database in the MaxMind DB format (the format GeoIP2 and GeoLite2 files use), mapping
 * networks to a country ISO code as {@code {"country":{"iso_code":..}}}. For tests only: no MaxMind DB writer for
 * Java resolves from Maven Central here, and the format is small (a binary trie of 24-bit records, a data section
 * of typed values, a metadata map behind a marker).
 */
final class TinyMmdb {

    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i',
        'n', 'd', '.', 'c', 'o', 'm'};
    private static final int EMPTY = -1;

    private final Map<String, String> networks = new LinkedHashMap<>();

    /** @param cidr an IPv4 block such as {@code 203.0.113.0/24} */
    TinyMmdb country(String cidr, String isoCode) {
        networks.put(cidr, isoCode);
        return this;
    }

    byte[] build() {
        // The trie: each node has a left (bit 0) and right (bit 1) record; a record is another node, "no data"
        // (the node count) or data (node count + 16 + offset in the data section).
        List<int[]> nodes = new ArrayList<>();
        nodes.add(new int[] {EMPTY, EMPTY});
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<int[]> leaves = new ArrayList<>(); // {node, side, data offset}
        for (Map.Entry<String, String> network : networks.entrySet()) {
            String[] parts = network.getKey().split("/");
            long address = ipv4(parts[0]);
            int prefix = Integer.parseInt(parts[1]);
            int node = 0;
            for (int bit = 0; bit < prefix - 1; bit++) {
                int side = (int) ((address >>> (31 - bit)) & 1);
                if (nodes.get(node)[side] == EMPTY) {
                    nodes.add(new int[] {EMPTY, EMPTY});
                    nodes.get(node)[side] = nodes.size() - 1;
                }
                node = nodes.get(node)[side];
            }
            int side = (int) ((address >>> (32 - prefix)) & 1);
            leaves.add(new int[] {node, side, data.size()});
            nodes.get(node)[side] = -2 - leaves.size(); // resolved below, once the node count is known
            writeMap(data, Map.of("country", Map.of("iso_code", network.getValue())));
        }
        int nodeCount = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] node : nodes) {
            for (int record : node) {
                int value = record == EMPTY ? nodeCount
                        : record < EMPTY ? nodeCount + 16 + leaves.get(-2 - record - 1)[2] : record;
                out.write(value >>> 16);
                out.write(value >>> 8);
                out.write(value);
            }
        }
        out.writeBytes(new byte[16]);
        out.writeBytes(data.toByteArray());
        out.writeBytes(METADATA_MARKER);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("node_count", (long) nodeCount);
        metadata.put("record_size", 24);
        metadata.put("ip_version", 4);
        metadata.put("database_type", "Eventlane-Test-Country");
        metadata.put("languages", List.of("en"));
        metadata.put("binary_format_major_version", 2);
        metadata.put("binary_format_minor_version", 0);
        metadata.put("build_epoch", BigInteger.valueOf(1_700_000_000L));
        metadata.put("description", Map.of("en", "Eventlane test database"));
        writeMap(out, metadata);
        return out.toByteArray();
    }

    private static long ipv4(String text) {
        long value = 0;
        for (String octet : text.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static void write(ByteArrayOutputStream out, Object value) {
        if (value instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            control(out, 2, bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof Integer number) {
            control(out, 5, 2); // uint16
            out.write(number >>> 8);
            out.write(number);
        } else if (value instanceof Long number) {
            control(out, 6, 4); // uint32
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (number >>> shift));
            }
        } else if (value instanceof BigInteger number) {
            out.write(8); // extended type: uint64 (9 - 7 = 2), 8 bytes
            out.write(2);
            long bits = number.longValue();
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (bits >>> shift));
            }
        } else if (value instanceof Map<?, ?> map) {
            writeMap(out, (Map<String, Object>) map);
        } else if (value instanceof List<?> list) {
            out.write(list.size()); // extended type: array (11 - 7 = 4)
            out.write(4);
            list.forEach(item -> write(out, item));
        } else {
            throw new IllegalArgumentException("Unsupported: " + value);
        }
    }

    private static void writeMap(ByteArrayOutputStream out, Map<String, ?> map) {
        control(out, 7, map.size());
        map.forEach((key, value) -> {
            write(out, key);
            write(out, value);
        });
    }

    /** A control byte: the type in the top three bits, the size (under 29) in the low five. */
    private static void control(ByteArrayOutputStream out, int type, int size) {
        if (size >= 29) {
            throw new IllegalArgumentException("sizes of 29 and more are not needed here");
        }
        out.write((type << 5) | size);
    }
}
