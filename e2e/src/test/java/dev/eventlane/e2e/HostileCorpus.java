package dev.eventlane.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Hostile requests for one project, over every ingest surface: huge numbers, deep nesting, 10k-key objects, 1 MiB
 * strings, invalid UTF-8, NUL, timestamps at the limits, 101 months in one batch, colliding user ids, long ids,
 * emoji, bidi and control characters, duplicate event ids and broken bodies. Nothing here says what the answer
 * must be: each event must be refused with a 4xx or end up stored (or dead-lettered), whatever it is.
 */
final class HostileCorpus {

    /** An ingest surface: its path and the table its records land in. */
    enum Surface {
        LOGLOGIC("/ingest", "events"),
        LOGLOGIC_BATCH("/ingest/batch", "events"),
        GOODLOGS_EVENTS("/v1/events", "events"),
        GOODLOGS_LOGS("/v1/logs", "logs"),
        LOGSH("/api/event", "events"),
        LOGFLUX("/v1/ingest", "logs"),
        LOGFLUX_BATCH("/v1/batch", "logs");

        final String path;
        final String table;

        Surface(String path, String table) {
            this.path = path;
            this.table = table;
        }

        /** GoodLogs and LogFlux answer no ids: their events are found by a marker the corpus puts in each. */
        boolean marked() {
            return this == GOODLOGS_EVENTS || this == GOODLOGS_LOGS || this == LOGFLUX || this == LOGFLUX_BATCH;
        }
    }

    /**
     * One request: the category it belongs to, its surface and body, how many events it carries, and for marked
     * surfaces each event's marker (GoodLogs: {@code properties.corpus_id}; LogFlux: the node).
     */
    record Hostile(String category, Surface surface, byte[] body, int events, List<String> markers) {
    }

    /** The day the colliding user ids are sent on, so /dau of that day counts exactly them. */
    static final LocalDate COLLISION_DAY = LocalDate.of(2025, 3, 3);
    static final List<String> COLLIDING_USERS = List.of("alice", "Alice", "ALICE", "aLiCe", "alice ", "alice\u200b",
            "alice\u00a0", "\uff41\uff4c\uff49\uff43\uff45", "caf\u00e9", "cafe\u0301", "\u00c5ngstr\u00f6m",
            "\u212bngstr\u00f6m", "A\u030angstr\u00f6m", "stra\u00dfe", "strasse", "STRASSE", "\u0130stanbul",
            "i\u0307stanbul", "\u212aelvin", "Kelvin", "\ufb01le", "file");

    private final String run;
    private final Instant now;
    private final List<Hostile> requests = new ArrayList<>();
    private final Random random = new Random(18);
    private int markers;

    private HostileCorpus(String run, Instant now) {
        this.run = run;
        this.now = now;
    }

    /**
     * @param run  a tag unique to this run, in markers and event ids
     * @param now  the ingest clock, roughly: for timestamps just inside and outside the 24 h future bound
     * @param bIds event ids project B uses in this run: A sends them too, which must not touch B's events
     */
    static List<Hostile> generate(String run, Instant now, List<String> bIds) {
        HostileCorpus corpus = new HostileCorpus(run, now);
        corpus.hugeNumbers();
        corpus.timestamps();
        corpus.months();
        corpus.nesting();
        corpus.bigObjects();
        corpus.hugeStrings();
        corpus.invalidUtf8();
        corpus.loneSurrogates();
        corpus.nul();
        corpus.collidingUsers();
        corpus.longIds();
        corpus.oddCharacters();
        corpus.duplicateIds(bIds);
        corpus.brokenBodies();
        return List.copyOf(corpus.requests);
    }

    private void hugeNumbers() {
        String c = "huge numbers";
        List<String> literals = List.of("1e10000000", "-1e10000000", "1E+10000000", "1e-999999999", "1e308",
                "-1e308", "1.8e308", "4.9e-324", "1e-400", "-0", "-0.0", "0e-2147483647", "1e2147483647",
                "1e-2147483648", "1e2147483648", "1" + "0".repeat(400), "1" + "0".repeat(999), "1" + "0".repeat(1000),
                "0." + "9".repeat(998), "123456789012345678901234567890.123456789012", "999999999999999.9999999999",
                "1e15", "-1e15", "1.00000000000000000000001", "99999999999999999999999999999999999999");
        List<String> strings = List.of("1e-999999999", "1e10000000", " 1e10000000 ", "-1e10000000", "1e308", "NaN",
                "Infinity", "-0", "1e999999999999999999", "0x10", "\u0661\u0662\u0663", "1_000", "",
                "1" + "0".repeat(4000));
        // The event of the issue, exactly.
        add(c, Surface.LOGLOGIC, "{\"action\":\"purchase\",\"user_id\":\"a1\",\"data\":{\"amount\":1e10000000}}");
        for (String amount : literals) {
            add(c, Surface.LOGLOGIC, event("purchase", "hn-" + run, "\"data\":{\"amount\":" + amount + "}"));
        }
        addBatch(c, strings.stream().map(a -> event("purchase", "hn-" + run, "\"data\":{\"amount\":" + q(a) + "}"))
                .toList());
        addBatch(c, literals.stream().limit(10).map(a -> event("view", "hn-" + run,
                "\"data\":{\"count\":" + a + ",\"nested\":{\"amount\":" + a + "}}")).toList());
        goodLogsEvents(c, literals.subList(0, 12).stream().map(a -> (IntFunction<String>) m -> "{\"event\":"
                + "\"purchase\",\"distinctId\":\"hn-" + run + "\",\"properties\":{" + marker(m) + ",\"amount\":" + a
                + "}}").toList());
        for (String amount : List.of("1e10000000", "\"1e-999999999\"", "1" + "0".repeat(400), "-1e308")) {
            add(c, Surface.LOGSH, logsh("purchase", "\"metadata\":{\"user_id\":\"hn-" + run + "\",\"amount\":"
                    + amount + "}"));
        }
        // Whole numbers where the surfaces want a small one: their low 64 bits are a valid value.
        add(c, Surface.LOGFLUX, logflux(mark(), "\"loglevel\":18446744073709551621"));
        add(c, Surface.LOGFLUX, logflux(mark(), "\"encryption_mode\":18446744073709551617"));
        add(c, Surface.LOGFLUX, logflux(mark(), "\"loglevel\":1e10000000"));
        add(c, Surface.LOGSH, logsh("big-user", "\"metadata\":{\"user_id\":" + "9".repeat(300) + "}"));
        goodLogsEvents(c, List.of(m -> "{\"event\":\"big-user\",\"distinctId\":" + "9".repeat(300)
                + ",\"properties\":{" + marker(m) + "}}"));
    }

    private void timestamps() {
        String c = "timestamps";
        List<String> values = List.of("\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"",
                "\"+999999999-12-31T23:59:59Z\"", "\"-999999999-01-01T00:00:00Z\"", "\"1969-12-31T23:59:59.999Z\"",
                "\"1970-01-01T00:00:00Z\"", "\"1970-01-01T00:00:00.001Z\"", q(now.plusSeconds(23 * 3600).toString()),
                q(now.plusSeconds(25 * 3600).toString()), "\"2016-12-31T23:59:60Z\"", "\"2026-02-30T00:00:00Z\"",
                "\"2026-11-01T10:00:00+18:00\"", "\"2026-11-01T10:00:00-18:00\"", "\"2026-11-01T10:00:00+19:00\"",
                "\"2026-11-01T10:00:00.123456789Z\"", "\"2026-11-01\"", "\"\"", "-1", "-62135596800000",
                "253402300799999", "0", "1", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                "18446744073709551616", "18446744075409551616", "1e20", "1e10000000", "1.5", "\"1700000000000\"",
                "true", "{}", "[]");
        for (String value : values) {
            add(c, Surface.LOGLOGIC, event("tick", "ts-" + run, "\"timestamp\":" + value));
        }
        goodLogsEvents(c, values.subList(0, 12).stream().map(v -> (IntFunction<String>) m -> "{\"event\":\"tick\","
                + "\"distinctId\":\"ts-" + run + "\",\"timestamp\":" + v + ",\"properties\":{" + marker(m) + "}}")
                .toList());
        goodLogsLogs(c, values.subList(12, 28).stream().map(v -> (IntFunction<String>) m -> "{\"severity\":\"info\","
                + "\"message\":\"tick\",\"timestamp\":" + v + ",\"properties\":{" + marker(m) + "}}").toList());
        for (String value : List.of("\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"",
                "\"1970-01-01T00:00:00Z\"", "\"1969-12-31T23:59:59Z\"", "\"2026-11-01T10:00:00\"", "0")) {
            add(c, Surface.LOGFLUX, logflux(mark(), "\"timestamp\":" + value));
        }
    }

    /** More distinct months in one batch than current ClickHouse takes partitions in one insert (100). */
    private void months() {
        String c = "101 months in one batch";
        LocalDate first = LocalDate.of(2015, 1, 15);
        goodLogsEvents(c, IntStream.range(0, 101).mapToObj(i -> (IntFunction<String>) m -> "{\"event\":\"month\","
                + "\"distinctId\":\"months-" + run + "\",\"timestamp\":\"" + first.plusMonths(i) + "T12:00:00Z\","
                + "\"properties\":{" + marker(m) + "}}").toList());
        goodLogsLogs(c, IntStream.range(0, 101).mapToObj(i -> (IntFunction<String>) m -> "{\"severity\":\"warn\","
                + "\"message\":\"month " + i + "\",\"timestamp\":\"" + first.plusMonths(i) + "T12:00:00Z\","
                + "\"properties\":{" + marker(m) + "}}").toList());
        LocalDate older = LocalDate.of(1990, 1, 15);
        addBatch(c, IntStream.range(0, 100).mapToObj(i -> event("month", "months-" + run + "-" + i,
                "\"funnel\":\"months\",\"timestamp\":\"" + older.plusMonths(i) + "T12:00:00Z\",\"data\":{\"amount\":"
                        + i + "}")).toList());
    }

    private void nesting() {
        String c = "deep nesting";
        for (int depth : new int[] {10, 62, 63, 100, 500, 998, 1500}) {
            add(c, Surface.LOGLOGIC, event("nest", "nest-" + run, "\"data\":{\"d\":" + arrays(depth) + "}"));
        }
        add(c, Surface.LOGLOGIC, event("nest", "nest-" + run, "\"ignored\":" + arrays(997)));
        add(c, Surface.LOGLOGIC, event("nest", "nest-" + run, "\"ignored\":" + arrays(5000)));
        add(c, Surface.LOGLOGIC, event("nest", "nest-" + run, "\"data\":{\"o\":" + objects(700) + "}"));
        goodLogsEvents(c, List.of(m -> "{\"event\":\"nest\",\"properties\":{" + marker(m) + ",\"o\":" + objects(990)
                + "}}", m -> "{\"event\":\"nest\",\"properties\":{" + marker(m) + ",\"a\":" + arrays(60) + "}}"));
        goodLogsLogs(c, List.of(m -> "{\"severity\":\"error\",\"message\":\"nest\",\"properties\":{" + marker(m)
                + "},\"context\":{\"deep\":" + arrays(990) + "}}"));
        add(c, Surface.LOGSH, logsh("nest", "\"notify\":true,\"metadata\":{\"d\":" + arrays(996) + "}"));
        add(c, Surface.LOGSH, logsh("nest", "\"notify\":true,\"metadata\":{\"d\":" + arrays(40) + "}"));
        add(c, Surface.LOGFLUX, logflux(mark(), "\"ignored\":" + arrays(997)));
    }

    private void bigObjects() {
        String c = "10k-key objects";
        add(c, Surface.LOGLOGIC, event("keys", "keys-" + run, "\"ignored\":" + keys(10_000, "k")));
        add(c, Surface.LOGLOGIC, event("keys", "keys-" + run, "\"data\":" + keys(10_000, "k")));
        add(c, Surface.LOGLOGIC, event("keys", "keys-" + run, "\"data\":" + keys(450, "")));
        add(c, Surface.LOGLOGIC, event("keys", "keys-" + run, "\"ignored\":[" + "0,".repeat(300_000) + "0]"));
        goodLogsEvents(c, List.of(
                m -> "{\"event\":\"keys\",\"properties\":" + withMarker(keys(10_000, "k"), m) + "}",
                m -> "{\"event\":\"keys\",\"properties\":" + withMarker(keys(6_000, "k"), m) + "}",
                m -> "{\"event\":\"keys\",\"properties\":" + withMarker(collidingKeys(1024), m) + "}"));
        goodLogsLogs(c, List.of(m -> "{\"severity\":\"info\",\"message\":\"keys\",\"properties\":"
                + withMarker(keys(6_000, "p"), m) + ",\"metadata\":" + keys(6_000, "m") + "}"));
        add(c, Surface.LOGSH, logsh("keys", "\"notify\":true,\"metadata\":" + keys(1_500, "k")));
    }

    private void hugeStrings() {
        String c = "1 MiB strings";
        add(c, Surface.LOGLOGIC, event("pad", "str-" + run, "\"ignored\":\"" + "x".repeat(1_040_000) + "\""));
        add(c, Surface.LOGLOGIC, event("a".repeat(1 << 20), "str-" + run, ""));
        add(c, Surface.LOGLOGIC, event("pad", "u".repeat(2_000), ""));
        add(c, Surface.LOGLOGIC, event("pad", "str-" + run, "\"data\":{\"s\":\"" + "x".repeat(4_000) + "\"}"));
        goodLogsEvents(c, List.of(m -> "{\"event\":\"pad\",\"properties\":{" + marker(m) + ",\"s\":\""
                + "x".repeat(60_000) + "\"}}"));
        goodLogsLogs(c, List.of(
                m -> "{\"severity\":\"info\",\"message\":\"" + "x".repeat(65_536) + "\",\"properties\":{" + marker(m)
                        + "}}",
                m -> "{\"severity\":\"info\",\"message\":\"" + "\u20ac".repeat(21_845) + "\",\"properties\":{"
                        + marker(m) + "}}",
                m -> "{\"severity\":\"info\",\"message\":\"" + "x".repeat(1 << 20) + "\",\"properties\":{"
                        + marker(m) + "}}"));
        add(c, Surface.LOGFLUX, logflux(mark(), "\"payload\":\"" + randomBase64(1 << 20) + "\""));
        add(c, Surface.LOGFLUX, logflux(mark(), "\"payload\":\"" + randomBase64((1 << 20) + 1) + "\""));
        List<String> entries = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String node = mark();
            nodes.add(node);
            entries.add(logflux(node, "\"payload\":\"" + randomBase64(1 << 20) + "\""));
        }
        requests.add(new Hostile(c, Surface.LOGFLUX_BATCH, utf8("{\"entries\":[" + String.join(",", entries) + "]}"),
                3, nodes));
        add(c, Surface.LOGSH, "{\"workspace\":\"w\",\"event\":\"pad\",\"description\":\"" + "d".repeat(1 << 20)
                + "\"}");
        add(c, Surface.LOGSH, logsh("pad", "\"icon\":\"" + "\ud83d\ude00".repeat(200_000) + "\""));
    }

    private void invalidUtf8() {
        String c = "invalid UTF-8";
        byte[][] bad = {{(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0,
            (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80,
            (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}};
        for (byte[] b : bad) {
            add(c, Surface.LOGLOGIC, bytes("{\"action\":\"utf8\",\"user_id\":\"u", b, "\"}"));
        }
        add(c, Surface.LOGLOGIC, bytes("{\"action\":\"utf8\",\"user_id\":\"u\",\"event_id\":\"e", bad[2], "\"}"));
        add(c, Surface.LOGLOGIC, bytes("{\"action\":\"utf8\",\"user_id\":\"u\",\"data\":{\"v\":\"", bad[0], "\"}}"));
        add(c, Surface.LOGLOGIC, bytes("{\"action\":\"utf8\",\"user_id\":\"u\",\"data\":{\"", bad[3], "\":1}}"));
        requests.add(new Hostile(c, Surface.LOGLOGIC_BATCH, bytes("{\"events\":[" + event("ok", "u", "") + ","
                + "{\"action\":\"utf8\",\"user_id\":\"u", bad[1], "\"}]}"), 2, List.of()));
        String m1 = mark();
        requests.add(new Hostile(c, Surface.GOODLOGS_EVENTS, bytes("{\"batch\":[{\"event\":\"utf8", bad[0],
                "\",\"properties\":{" + markerOf(m1) + "}}]}"), 1, List.of(m1)));
        String m2 = mark();
        requests.add(new Hostile(c, Surface.GOODLOGS_LOGS, bytes("{\"batch\":[{\"severity\":\"info\",\"message\":\"",
                bad[7], "\",\"properties\":{" + markerOf(m2) + "}}]}"), 1, List.of(m2)));
        add(c, Surface.LOGSH, bytes("{\"workspace\":\"w\",\"event\":\"utf8\",\"description\":\"", bad[0], "\"}"));
        String node = mark();
        requests.add(new Hostile(c, Surface.LOGFLUX, bytes("{\"x\":\"", bad[3], "\"," + logflux(node, "")
                .substring(1)), 1, List.of(node)));
    }

    /** Escaped surrogates without their other half: valid JSON, but no valid Unicode (and no valid UTF-8). */
    private void loneSurrogates() {
        String c = "lone surrogates";
        add(c, Surface.LOGLOGIC, "{\"action\":\"ls\",\"user_id\":\"u\",\"event_id\":\"\\ud800-" + run + "\"}");
        add(c, Surface.LOGLOGIC, "{\"action\":\"ls\",\"user_id\":\"u\",\"event_id\":\"\\udbff-" + run + "\"}");
        add(c, Surface.LOGLOGIC, "{\"action\":\"ls\",\"user_id\":\"\\udc00-" + run + "\"}");
        add(c, Surface.LOGLOGIC, "{\"action\":\"\\ud83d\",\"user_id\":\"ls-" + run + "\"}");
        add(c, Surface.LOGLOGIC, "{\"action\":\"ls\",\"user_id\":\"ls-" + run
                + "\",\"data\":{\"\\ud800\":\"\\udfff\"}}");
        goodLogsEvents(c, List.of(m -> "{\"event\":\"ls\",\"distinctId\":\"\\ud800\",\"properties\":{" + marker(m)
                + "}}"));
        add(c, Surface.LOGSH, "{\"workspace\":\"w\",\"event\":\"\\ud800\",\"description\":\"d\"}");
        add(c, Surface.LOGFLUX, logflux("\\ud800" + mark(), ""));
    }

    private void nul() {
        String c = "NUL";
        add(c, Surface.LOGLOGIC, event("a\u0000b", "nul-" + run, ""));
        add(c, Surface.LOGLOGIC, event("nul", "a\u0000b", ""));
        for (String field : List.of("event_id", "funnel", "session_id", "platform")) {
            add(c, Surface.LOGLOGIC, event("nul", "nul-" + run, "\"" + field + "\":\"a\\u0000b\""));
        }
        add(c, Surface.LOGLOGIC, event("nul", "nul-" + run, "\"data\":{\"v\":\"a\\u0000b\",\"k\\u0000\":1}"));
        add(c, Surface.LOGLOGIC, bytes("{\"action\":\"nul\",\"user_id\":\"a", new byte[] {0}, "b\"}"));
        goodLogsEvents(c, List.of(m -> "{\"event\":\"nul\\u0000\",\"properties\":{" + marker(m) + "}}",
                m -> "{\"event\":\"nul\",\"properties\":{" + marker(m) + ",\"v\":\"\\u0000\"}}"));
        goodLogsLogs(c, List.of(m -> "{\"severity\":\"info\",\"message\":\"a\\u0000b\",\"properties\":{" + marker(m)
                + "}}"));
        add(c, Surface.LOGSH, "{\"workspace\":\"w\\u0000\",\"event\":\"nul\",\"description\":\"d\"}");
        add(c, Surface.LOGSH, logsh("nul", "\"metadata\":{\"v\":\"\\u0000\",\"user_id\":\"a\\u0000b\"}"));
        add(c, Surface.LOGFLUX, logflux("a\\u0000" + mark(), ""));
    }

    private void collidingUsers() {
        String c = "colliding user ids";
        String at = "\"timestamp\":\"" + COLLISION_DAY + "T12:00:00Z\"";
        addBatch(c, COLLIDING_USERS.stream().map(u -> event("collide", u, at)).toList());
        goodLogsEvents(c, COLLIDING_USERS.stream().map(u -> (IntFunction<String>) m -> "{\"event\":\"collide\","
                + "\"distinctId\":" + q(u) + ",\"timestamp\":\"" + COLLISION_DAY.plusDays(1) + "T12:00:00Z\","
                + "\"properties\":{" + marker(m) + "}}").toList());
        for (String u : COLLIDING_USERS.subList(0, 6)) {
            add(c, Surface.LOGSH, logsh("collide", "\"metadata\":{\"user_id\":" + q(u) + "}"));
        }
    }

    private void longIds() {
        String c = "long ids and actions";
        String emoji = "\ud83d\ude00";
        add(c, Surface.LOGLOGIC, event("long", "u".repeat(256), ""));
        add(c, Surface.LOGLOGIC, event("long", "u".repeat(257), ""));
        add(c, Surface.LOGLOGIC, event("long", emoji.repeat(256), ""));
        add(c, Surface.LOGLOGIC, event(emoji.repeat(64), "long-" + run, ""));
        add(c, Surface.LOGLOGIC, event(emoji.repeat(65), "long-" + run, ""));
        add(c, Surface.LOGLOGIC, event("long", "long-" + run, "\"funnel\":" + q(emoji.repeat(32))
                + ",\"session_id\":" + q("\u202e".repeat(256)) + ",\"platform\":" + q(emoji.repeat(64))));
        add(c, Surface.LOGLOGIC, event("long", "long-" + run, "\"event_id\":" + q(emoji.repeat(255) + run.charAt(0))));
        add(c, Surface.LOGLOGIC, event("long", "long-" + run, "\"session_id\":" + q("s".repeat(257))));
        goodLogsEvents(c, List.of(m -> "{\"event\":" + q(emoji.repeat(256)) + ",\"distinctId\":"
                + q(emoji.repeat(256)) + ",\"properties\":{" + marker(m) + "}}",
                m -> "{\"event\":" + q("e".repeat(257)) + ",\"properties\":{" + marker(m) + "}}"));
        add(c, Surface.LOGSH, "{\"workspace\":" + q(emoji.repeat(35)) + ",\"event\":" + q(emoji.repeat(250))
                + ",\"description\":" + q(emoji.repeat(150)) + "}");
        add(c, Surface.LOGSH, "{\"workspace\":" + q("w".repeat(36)) + ",\"event\":\"e\",\"description\":\"d\"}");
        add(c, Surface.LOGFLUX, logflux(emoji.repeat(250) + mark(), ""));
    }

    private void oddCharacters() {
        String c = "emoji, RTL and control characters";
        List<String> users = List.of("\u202eevil\u202c", "\u0645\u0633\u062a\u062e\u062f\u0645",
                "\u05de\u05e9\u05ea\u05de\u05e9", "\u0001\u0002\u001f", "\u007f\u0085", "\u2028\u2029",
                "\ufeffbom", "tab\there", "new\nline\r", "quote\"back\\slash'apos", "Z" + "\u0301\u0334".repeat(30),
                "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\u200d\ud83d\udc66", "\ud83c\uddfa\ud83c\uddf3",
                "\\N", "NULL", "' OR 1=1 --");
        addBatch(c, users.stream().map(u -> event("\ud83d\udca5", u, "\"funnel\":\"\ud83d\uded2\",\"data\":{"
                + "\"tab\\tkey\":\"v\",\"new\\nkey\":\"\\r\\n\",\"\u202ertl\":\"\u200f\"}")).toList());
        add(c, Surface.LOGLOGIC, bytes("{\"action\":\"ctl\",\"user_id\":\"a", new byte[] {1, 31}, "b\"}"));
        goodLogsEvents(c, users.subList(0, 8).stream().map(u -> (IntFunction<String>) m -> "{\"event\":" + q(u)
                + ",\"distinctId\":" + q(u) + ",\"properties\":{" + marker(m) + "}}").toList());
        goodLogsLogs(c, users.subList(0, 8).stream().map(u -> (IntFunction<String>) m -> "{\"severity\":\"debug\","
                + "\"message\":" + q(u) + ",\"properties\":{" + marker(m) + "}}").toList());
        add(c, Surface.LOGSH, logsh("\u202e\u0001", "\"icon\":\"\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67"
                + "\",\"notify\":true,\"metadata\":{\"user_id\":\"\u202e\"}"));
        add(c, Surface.LOGSH, logsh("icon", "\"icon\":\"\u202e\""));
        add(c, Surface.LOGFLUX, logflux("\u202e\u0645" + mark(), ""));
        add(c, Surface.LOGFLUX, logflux("\\t\\n" + mark(), ""));
    }

    private void duplicateIds(List<String> bIds) {
        String c = "duplicate event ids";
        String id = "dup-" + run;
        String same = event("dup", "dup-" + run, "\"event_id\":\"" + id + "\"");
        addBatch(c, List.of(same, same, event("dup", "dup-" + run, "\"event_id\":\"" + id.toUpperCase() + "\"")));
        add(c, Surface.LOGLOGIC, same);
        add(c, Surface.LOGLOGIC, event("dup", "dup-" + run, "\"event_id\":\"" + id + "\",\"data\":{\"other\":1}"));
        addBatch(c, bIds.stream().map(b -> event("dup", "dup-" + run, "\"event_id\":" + q(b))).toList());
        add(c, Surface.LOGLOGIC, "{\"action\":\"a\",\"action\":\"b\",\"user_id\":\"u\",\"user_id\":\"v\","
                + "\"event_id\":\"x-" + run + "\",\"event_id\":\"y-" + run + "\"}");
    }

    private void brokenBodies() {
        String c = "broken bodies";
        for (String body : List.of("", "null", "[]", "\"x\"", "{", "{\"action\":\"a\",\"user_id\":\"u\"}garbage",
                "{\"action\":\"a\",\"user_id\":\"u\"}{\"action\":\"b\",\"user_id\":\"u\"}",
                " ".repeat(1_000_000) + event("ws", "ws-" + run, ""), "\ufeff" + event("bom", "bom-" + run, ""))) {
            add(c, Surface.LOGLOGIC, body);
        }
        add(c, Surface.LOGLOGIC, utf16(event("utf16", "utf16-" + run, "")));
        for (Surface s : List.of(Surface.LOGLOGIC_BATCH, Surface.GOODLOGS_EVENTS, Surface.GOODLOGS_LOGS,
                Surface.LOGSH, Surface.LOGFLUX, Surface.LOGFLUX_BATCH)) {
            requests.add(new Hostile(c, s, utf8("null"), 1, s.marked() ? List.of(mark()) : List.of()));
        }
        add(c, Surface.LOGLOGIC_BATCH, "{\"events\":[" + ",{}".repeat(200).substring(1) + "]}");
    }

    // ---------------------------------------------------------------- building blocks

    private void add(String category, Surface surface, String body) {
        add(category, surface, utf8(body));
    }

    private void add(String category, Surface surface, byte[] body) {
        List<String> marks = surface == Surface.LOGFLUX ? List.of(lastMark) : List.of();
        requests.add(new Hostile(category, surface, body, 1, marks));
    }

    private void addBatch(String category, List<String> events) {
        requests.add(new Hostile(category, Surface.LOGLOGIC_BATCH,
                utf8("{\"events\":[" + String.join(",", events) + "]}"), events.size(), List.of()));
    }

    private void goodLogsEvents(String category, List<IntFunction<String>> items) {
        goodLogs(category, Surface.GOODLOGS_EVENTS, items);
    }

    private void goodLogsLogs(String category, List<IntFunction<String>> items) {
        goodLogs(category, Surface.GOODLOGS_LOGS, items);
    }

    /** A GoodLogs batch; each item is built from the number of its marker. */
    private void goodLogs(String category, Surface surface, List<IntFunction<String>> items) {
        List<String> marks = new ArrayList<>();
        String batch = items.stream().map(item -> {
            int m = markers++;
            marks.add(markerText(m));
            return item.apply(m);
        }).collect(Collectors.joining(",", "{\"batch\":[", "]}"));
        requests.add(new Hostile(category, surface, utf8(batch), items.size(), marks));
    }

    private String lastMark;

    /** A new marker, remembered as the one of the next single LogFlux request. */
    private String mark() {
        lastMark = markerText(markers++);
        return lastMark;
    }

    private String markerText(int m) {
        return "zc" + run + "n" + m + "z";
    }

    private String marker(int m) {
        return markerOf(markerText(m));
    }

    private static String markerOf(String marker) {
        return "\"corpus_id\":\"" + marker + "\"";
    }

    private String withMarker(String object, int m) {
        return "{" + marker(m) + "," + object.substring(1);
    }

    private static String event(String action, String user, String more) {
        return "{\"action\":" + q(action) + ",\"user_id\":" + q(user) + (more.isEmpty() ? "" : "," + more) + "}";
    }

    private static String logsh(String event, String more) {
        return "{\"workspace\":\"corpus\",\"event\":" + q(event) + ",\"description\":\"hostile\""
                + (more.isEmpty() ? "" : "," + more) + "}";
    }

    /**
     * A LogFlux entry for {@code node} (raw JSON string content, escapes allowed); fields in {@code more} replace the
     * valid ones of the same name, as JSON's last duplicate key wins.
     */
    private String logflux(String node, String more) {
        return "{\"node\":\"" + node + "\",\"payload\":\"" + randomBase64(32) + "\",\"loglevel\":6,"
                + "\"timestamp\":\"2026-11-01T10:30:45Z\",\"encryption_mode\":1,\"iv\":\"" + randomBase64(12)
                + "\",\"salt\":\"" + randomBase64(32) + "\"" + (more.isEmpty() ? "" : "," + more) + "}";
    }

    private String randomBase64(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    private static String arrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String objects(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static String keys(int count, String prefix) {
        return IntStream.range(0, count).mapToObj(i -> "\"" + prefix + Integer.toString(i, 36) + "\":0")
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** Keys whose Java hash codes are all equal ("Aa" and "BB" hash alike). */
    private static String collidingKeys(int count) {
        int bits = Integer.numberOfTrailingZeros(count);
        return IntStream.range(0, count).mapToObj(i -> {
            StringBuilder key = new StringBuilder();
            for (int b = 0; b < bits; b++) {
                key.append((i >> b & 1) == 0 ? "Aa" : "BB");
            }
            return "\"" + key + "\":0";
        }).collect(Collectors.joining(",", "{", "}"));
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped, the rest as it is. */
    private static String q(String text) {
        return TextNode.valueOf(text).toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf16(String text) {
        return text.getBytes(StandardCharsets.UTF_16);
    }

    private static byte[] bytes(String before, byte[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(before));
        out.writeBytes(raw);
        out.writeBytes(utf8(after));
        return out.toByteArray();
    }
}
